#include "alertfeatures.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QTimeZone>

#include <algorithm>
#include <cmath>
#include <limits>

namespace wk {

namespace {

constexpr float missing = std::numeric_limits<float>::quiet_NaN();

// Alerts of one key (a rule, a rule and subject, a pipeline): when each rose, and when each
// ended with whether that was a false alarm, both sorted, with running counts so that any
// span is two binary searches.
struct Track
{
    std::vector<TimestampNs> raised;
    struct Ended
    {
        TimestampNs at;
        int known; // 1 when the outcome is known
        int falseAlarm;
    };
    std::vector<Ended> ended;
    std::vector<int> knownBefore, falseBefore; // prefix sums over `ended`

    void finish()
    {
        std::sort(raised.begin(), raised.end());
        std::sort(ended.begin(), ended.end(),
                  [](const Ended &a, const Ended &b) { return a.at < b.at; });
        knownBefore.assign(ended.size() + 1, 0);
        falseBefore.assign(ended.size() + 1, 0);
        for (size_t i = 0; i < ended.size(); ++i) {
            knownBefore[i + 1] = knownBefore[i] + ended[i].known;
            falseBefore[i + 1] = falseBefore[i] + ended[i].falseAlarm;
        }
    }
    // Raised in [from, to).
    int raisedIn(TimestampNs from, TimestampNs to) const
    {
        return int(std::lower_bound(raised.begin(), raised.end(), to) -
                   std::lower_bound(raised.begin(), raised.end(), from));
    }
    size_t endedBefore(TimestampNs t) const
    {
        return size_t(std::lower_bound(ended.begin(), ended.end(), t,
                                       [](const Ended &e, TimestampNs v) { return e.at < v; }) -
                      ended.begin());
    }
    // Of those that ended in [from, to) with a known outcome, the share of false alarms.
    float falseShare(TimestampNs from, TimestampNs to) const
    {
        const size_t a = endedBefore(from), b = endedBefore(to);
        const int known = knownBefore[b] - knownBefore[a];
        return known > 0 ? float(falseBefore[b] - falseBefore[a]) / float(known) : missing;
    }
    // Open at t: raised before it and not ended by then.
    int openAt(TimestampNs t) const
    {
        return int(std::lower_bound(raised.begin(), raised.end(), t) - raised.begin()) -
               int(endedBefore(t + 1));
    }
};

} // namespace

bool AlertFeatures::isCategorical(int column)
{
    return column == Rule || column == RuleKind || column == Pipeline || column == Plan ||
           column == EventName;
}

QString AlertFeatures::columnName(int column)
{
    static const char *const names[ColumnCount] = {"rule",
                                                   "rule kind",
                                                   "pipeline",
                                                   "criticality",
                                                   "severity",
                                                   "customer plan",
                                                   "revenue",
                                                   "count when raised",
                                                   "peak count",
                                                   "hour of week",
                                                   "same subject, 7 days",
                                                   "same subject, 30 days",
                                                   "same subject's false alarms, 30 days",
                                                   "rule fired, 7 days",
                                                   "rule fired, 30 days",
                                                   "rule's false alarms, 30 days",
                                                   "upstream alerting",
                                                   "event name",
                                                   "hours since a dbt run or deploy"};
    return column >= 0 && column < ColumnCount ? QLatin1String(names[column]) : QString();
}

QStringList AlertFeatures::Vocabulary::toList() const
{
    QStringList out;
    const std::pair<const char *, const QHash<QString, int> *> parts[] = {{"rule", &rule},
                                                                          {"kind", &kind},
                                                                          {"pipeline", &pipeline},
                                                                          {"plan", &plan},
                                                                          {"event", &event}};
    for (const auto &[name, map] : parts) {
        QList<std::pair<int, QString>> byNumber;
        for (auto it = map->cbegin(); it != map->cend(); ++it)
            byNumber.append({it.value(), it.key()});
        std::sort(byNumber.begin(), byNumber.end());
        for (const auto &[n, value] : byNumber)
            out << QStringLiteral("%1\t%2\t%3").arg(QLatin1String(name)).arg(n).arg(value);
    }
    return out;
}

AlertFeatures::Vocabulary AlertFeatures::Vocabulary::fromList(const QStringList &lines)
{
    Vocabulary v;
    for (const QString &line : lines) {
        const QStringList parts = line.split(QLatin1Char('\t'));
        if (parts.size() != 3)
            continue;
        QHash<QString, int> *map = parts[0] == QLatin1String("rule")       ? &v.rule
                                   : parts[0] == QLatin1String("kind")     ? &v.kind
                                   : parts[0] == QLatin1String("pipeline") ? &v.pipeline
                                   : parts[0] == QLatin1String("plan")     ? &v.plan
                                   : parts[0] == QLatin1String("event")    ? &v.event
                                                                           : nullptr;
        if (map)
            map->insert(parts[2], parts[1].toInt());
    }
    return v;
}

AlertFeatures::AlertFeatures(const Workspace &workspace, Vocabulary vocabulary, bool growVocabulary,
                             std::vector<TimestampNs> changes)
    : m_workspace(workspace), m_vocabulary(std::move(vocabulary)), m_grow(growVocabulary),
      m_changes(std::move(changes))
{
    std::sort(m_changes.begin(), m_changes.end());
    for (const Person &p : m_workspace.people)
        m_zoneOf.insert(p.id, p.timeZone);
}

AlertFeatures::Ending AlertFeatures::endingOf(const Alert &a, const Workspace &workspace)
{
    const AlertOutcome o = outcomeOf(a, workspace);
    Ending e;
    e.at =
        a.isOpen() ? std::numeric_limits<TimestampNs>::max() : a.resolvedAt.value_or(a.updatedAt);
    e.known = o.kind != AlertOutcome::Kind::Unknown;
    e.falseAlarm = e.known && o.isFalseAlarm();
    return e;
}

QString AlertFeatures::eventName(const Alert &alert)
{
    if (alert.ruleKind == QLatin1String("burst"))
        return alert.subject.section(QLatin1Char('/'), -1); // user/event name
    if (alert.ruleKind == QLatin1String("external"))
        return alert.title;
    return {};
}

float AlertFeatures::category(QHash<QString, int> &vocabulary, const QString &value)
{
    if (const auto it = vocabulary.constFind(value); it != vocabulary.constEnd())
        return float(*it);
    if (!m_grow)
        return missing;
    const int n = int(vocabulary.size());
    vocabulary.insert(value, n);
    return float(n);
}

std::pair<int, int> AlertFeatures::counts(const Alert &a)
{
    static const QRegularExpression change(QStringLiteral("^count (\\d+) → (\\d+)$"));
    int raised = -1, peak = a.eventCount;
    for (const TimelineEntry &e : a.timeline) {
        if (e.action != QLatin1String("updated"))
            continue;
        const QRegularExpressionMatch m = change.match(e.detail);
        if (!m.hasMatch())
            continue;
        if (raised < 0)
            raised = m.captured(1).toInt();
        peak = std::max({peak, m.captured(1).toInt(), m.captured(2).toInt()});
    }
    if (raised < 0)
        raised = a.eventCount;
    return {raised, std::max(peak, raised)};
}

int AlertFeatures::hourOfWeek(TimestampNs at, const QString &timeZone)
{
    const QTimeZone zone = timeZone.isEmpty() ? QTimeZone::utc() : QTimeZone(timeZone.toUtf8());
    const QDateTime local =
        QDateTime::fromMSecsSinceEpoch(at / 1'000'000, zone.isValid() ? zone : QTimeZone::utc());
    return (local.date().dayOfWeek() - 1) * 24 + local.time().hour();
}

std::vector<float> AlertFeatures::rows(const QList<Alert> &alerts, const QList<Alert> &history)
{
    QHash<QString, Track> bySubject, byRule, byPipeline;
    for (const Alert &h : history) {
        const Ending ending = endingOf(h, m_workspace);
        const Track::Ended end{ending.at, ending.known ? 1 : 0, ending.falseAlarm ? 1 : 0};
        for (Track *t : {&bySubject[subjectKey(h)], &byRule[h.ruleId], &byPipeline[h.pipelineId]}) {
            t->raised.push_back(h.triggeredAt);
            if (!ending.open())
                t->ended.push_back(end);
        }
    }
    for (QHash<QString, Track> *tracks : {&bySubject, &byRule, &byPipeline})
        for (Track &t : *tracks)
            t.finish();

    Track none;
    none.finish();
    std::vector<float> out;
    out.reserve(size_t(alerts.size()) * ColumnCount);
    auto track = [&none](const QHash<QString, Track> &tracks, const QString &key) {
        const auto it = tracks.constFind(key);
        return it == tracks.constEnd() ? &none : &*it;
    };
    for (const Alert &a : alerts) {
        const TimestampNs t = a.triggeredAt;
        Recent recent = recentAt(*track(bySubject, subjectKey(a)), *track(byRule, a.ruleId), t);
        if (const wk::Pipeline *pipeline = m_workspace.pipeline(a.pipelineId)) {
            int open = 0;
            for (const QString &up : pipeline->upstream)
                if (const auto it = byPipeline.constFind(up); it != byPipeline.constEnd())
                    open += it->openAt(t);
            recent.upstreamOpen = open > 0;
        }
        appendRow(out, a, recent);
    }
    return out;
}

void AlertFeatures::appendRow(std::vector<float> &out, const Alert &a, const Recent &recent)
{
    const TimestampNs t = a.triggeredAt;
    const wk::Pipeline *pipeline = m_workspace.pipeline(a.pipelineId);
    const wk::Customer *customer = m_workspace.customer(a.customerId);
    const auto [raised, peak] = counts(a);
    float row[ColumnCount];
    row[Rule] = category(m_vocabulary.rule, a.ruleId);
    row[RuleKind] = category(m_vocabulary.kind, a.ruleKind);
    row[Pipeline] = category(m_vocabulary.pipeline, a.pipelineId);
    row[Criticality] = pipeline ? float(2 - int(pipeline->criticality)) : missing;
    row[Severity_] = float(2 - int(a.severity));
    row[Plan] = customer ? category(m_vocabulary.plan, customer->plan) : missing;
    row[Revenue] = float(a.revenue);
    row[CountWhenRaised] = float(raised);
    row[PeakCount] = float(peak);
    row[HourOfWeek] = float(hourOfWeek(t, m_zoneOf.value(a.assignee)));
    row[SubjectFired7d] = float(recent.subject7d);
    row[SubjectFired30d] = float(recent.subject30d);
    row[SubjectFalseShare30d] = recent.subjectFalseShare;
    row[RuleFired7d] = float(recent.rule7d);
    row[RuleFired30d] = float(recent.rule30d);
    row[RuleFalseShare30d] = recent.ruleFalseShare;
    row[UpstreamOpen] = recent.upstreamOpen ? 1.0f : 0.0f;
    const QString event = eventName(a);
    row[EventName] = event.isEmpty() ? missing : category(m_vocabulary.event, event);
    // The last change at or before the alert rose: only the past counts.
    const auto after = std::upper_bound(m_changes.begin(), m_changes.end(), t);
    row[SinceChange] = after == m_changes.begin()
                           ? missing
                           : float(double(t - *(after - 1)) / (3600.0 * nanosPerSecond));
    out.insert(out.end(), row, row + ColumnCount);
}

} // namespace wk
