#include "rulereplay.h"

#include "domain/workspace.h"
#include "rules/duplicatesevaluator.h"

#include <QHash>
#include <QSet>

#include <limits>
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

std::optional<QList<ReplayedAlert>>
RuleReplay::run(const Rule &rule, const std::vector<Event> &events, TimestampNs from,
                TimestampNs until, QList<Diagnostic> *errors, bool deduplicated) const
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
        if (!deduplicated && r.kind == Rule::Kind::Duplicates && r.source == rule.source &&
            rule.kind != Rule::Kind::Duplicates)
            dedup = std::make_unique<DuplicatesEvaluator>(r);
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

    // Rules that only react to events (all but freshness and volume) need evaluating only
    // where an event they watch arrived, and on the tick while an alert is open; the rest
    // are evaluated on the tick throughout, since time alone can raise their alerts.
    const bool reactive = rule.kind == Rule::Kind::Burst || rule.kind == Rule::Kind::Duplicates ||
                          rule.kind == Rule::Kind::Sequence;
    QSet<QString> watched;
    if (rule.kind == Rule::Kind::Burst)
        watched = QSet<QString>(rule.events.cbegin(), rule.events.cend());
    else if (rule.kind == Rule::Kind::Sequence)
        watched = QSet<QString>(rule.steps.cbegin(), rule.steps.cend());
    constexpr TimestampNs never = std::numeric_limits<TimestampNs>::max();
    TimestampNs nextTick = reactive || events.empty() ? never : events.front().time;
    size_t i = 0;
    while (true) {
        const TimestampNs next = std::min(i < events.size() ? events[i].time : never, nextTick);
        if (next == never || next > until)
            break;
        bool touched = false;
        for (; i < events.size() && events[i].time <= next; ++i) {
            const Event &e = events[i];
            if (asDedup) {
                touched = !asDedup->accept(e) || touched;
                continue;
            }
            if (dedup && !dedup->accept(e))
                continue;
            if (!watched.isEmpty() && !watched.contains(e.name))
                continue;
            evaluator->add(e);
            touched = true;
        }
        const bool ticked = next == nextTick;
        if (touched || ticked)
            evaluate(next);
        if (!reactive)
            nextTick = ticked ? next + tick : nextTick;
        else if (open.isEmpty())
            nextTick = never;
        else if (nextTick == never || ticked)
            nextTick = next + tick;
    }
    return alerts;
}

} // namespace wk
