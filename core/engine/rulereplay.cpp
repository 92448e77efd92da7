#include "rulereplay.h"

#include "domain/workspace.h"
#include "rules/duplicatesevaluator.h"

#include <QHash>

#include <memory>

namespace wk {

RuleReplay::RuleReplay(const Workspace &workspace, QString baseDir)
    : m_workspace(workspace), m_baseDir(std::move(baseDir))
{}

qint64 RuleReplay::tickNs(const Rule &rule)
{
    qint64 seconds = 60;
    if (rule.kind == Rule::Kind::Burst || rule.kind == Rule::Kind::Duplicates)
        seconds = std::clamp<qint64>(rule.windowSeconds / 4, 1, 60);
    return seconds * nanosPerSecond;
}

std::optional<QList<ReplayedAlert>> RuleReplay::run(const Rule &rule,
                                                    const std::vector<Event> &events,
                                                    TimestampNs from, TimestampNs until,
                                                    QList<Diagnostic> *errors) const
{
    QList<Diagnostic> problems;
    if (rule.kind == Rule::Kind::Sql) {
        problems.append({QString(), 0, 0,
                         QStringLiteral("rule '%1' runs a query against its database; it has no "
                                        "events to replay")
                             .arg(rule.id)});
        *errors += problems;
        return std::nullopt;
    }
    std::unique_ptr<RuleEvaluator> evaluator =
        RuleEvaluator::create(rule, m_workspace, m_baseDir, problems);
    // The engine drops a source's duplicates before its other rules see them.
    std::unique_ptr<DuplicatesEvaluator> dedup;
    for (const Rule &r : m_workspace.rules) {
        if (r.kind == Rule::Kind::Duplicates && r.source == rule.source)
            dedup = std::make_unique<DuplicatesEvaluator>(r.id == rule.id ? rule : r);
    }
    if (!problems.isEmpty()) {
        *errors += problems;
        return std::nullopt;
    }
    auto *asDedup = rule.kind == Rule::Kind::Duplicates
                        ? static_cast<DuplicatesEvaluator *>(evaluator.get())
                        : nullptr;
    const qint64 tick = tickNs(rule);

    QList<ReplayedAlert> alerts;
    QHash<QString, qsizetype> open; // dedup key -> index in alerts
    auto evaluate = [&](TimestampNs now) {
        RuleOutcome outcome;
        evaluator->evaluate(now, outcome);
        if (now < from)
            return;
        for (const AlertCondition &c : std::as_const(outcome.fire)) {
            const QString key = c.dedupKey();
            auto it = open.constFind(key);
            if (it != open.constEnd()) {
                ReplayedAlert &a = alerts[*it];
                a.peakCount = std::max(a.peakCount, c.count);
                a.severity = std::min(a.severity, c.severity); // raised only, as the book does
                continue;
            }
            ReplayedAlert a;
            a.dedupKey = key;
            a.subject = c.subject;
            a.title = c.title;
            a.severity = c.severity;
            a.customerId = c.customerId;
            a.revenue = c.revenue;
            a.raisedAt = now;
            a.raisedCount = c.count;
            a.peakCount = c.count;
            open.insert(key, alerts.size());
            alerts.append(a);
        }
        for (const QString &key : std::as_const(outcome.clear)) {
            if (const auto it = open.constFind(key); it != open.constEnd()) {
                alerts[*it].clearedAt = now;
                open.erase(it);
            }
        }
    };

    size_t i = 0;
    TimestampNs nextTick = events.empty() ? from : events.front().time;
    while (true) {
        const TimestampNs next = i < events.size() ? std::min(events[i].time, nextTick) : nextTick;
        if (next > until)
            break;
        for (; i < events.size() && events[i].time <= next; ++i) {
            const Event &e = events[i];
            if (asDedup) {
                asDedup->accept(e);
                continue;
            }
            if (dedup && !dedup->accept(e))
                continue;
            evaluator->add(e);
        }
        evaluate(next);
        if (next == nextTick)
            nextTick += tick;
        // Long quiet stretches with nothing open: skip the ticks that cannot change anything
        // for rules that only react to events.
        if (open.isEmpty() && i < events.size() &&
            (rule.kind == Rule::Kind::Burst || rule.kind == Rule::Kind::Duplicates) &&
            events[i].time > nextTick)
            nextTick = events[i].time;
    }
    return alerts;
}

} // namespace wk
