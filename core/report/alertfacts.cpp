#include "alertfacts.h"

#include "schedule/oncallschedule.h"

#include <QHash>
#include <QTimeZone>

#include <algorithm>
#include <limits>

namespace wk {

// A million of them are aggregated on every change of range: keep them small.
static_assert(sizeof(AlertFact) <= 80);

namespace {

class Interner
{
public:
    explicit Interner(QStringList *names) : m_names(names)
    {
        for (int i = 0; i < m_names->size(); ++i)
            m_index.insert(m_names->at(i), i);
    }
    int operator()(const QString &id)
    {
        if (id.isEmpty())
            return -1;
        const auto it = m_index.constFind(id);
        if (it != m_index.cend())
            return *it;
        const int i = static_cast<int>(m_names->size());
        m_names->append(id);
        m_index.insert(id, i);
        return i;
    }

private:
    QStringList *m_names;
    QHash<QString, int> m_index;
};

// Turns alerts into facts, interning ids into the lists of one AlertFacts.
class FactMaker
{
public:
    FactMaker(AlertFacts &facts, const Workspace &workspace, const OnCallSchedule *schedule)
        : m_pipeline(&facts.pipelines), m_customer(&facts.customers), m_person(&facts.people),
          m_rule(&facts.rules), m_workspace(workspace), m_schedule(schedule)
    {
        // Workspace order first, so that indexes are stable across rebuilds.
        for (const Pipeline &p : workspace.pipelines)
            m_pipeline(p.id);
        for (const Customer &c : workspace.customers)
            m_customer(c.id);
        for (const Person &p : workspace.people) {
            m_person(p.id);
            const QByteArray id = p.timeZone.toUtf8();
            m_zones.insert(p.id, !id.isEmpty() && QTimeZone::isTimeZoneIdAvailable(id)
                                     ? QTimeZone(id)
                                     : QTimeZone::utc());
        }
    }

    AlertFact operator()(const Alert &a)
    {
        AlertFact r;
        r.id = a.id;
        r.triggered = a.triggeredAt;
        r.acknowledged = a.acknowledgedAt.value_or(0);
        r.resolved = a.state == AlertState::Resolved ? a.resolvedAt.value_or(0) : 0;
        r.ackBy = a.ackBy;
        r.resolveBy = a.resolveBy;
        r.revenue = a.revenue;
        r.pipeline = m_pipeline(a.pipelineId);
        r.customer = m_customer(a.customerId);
        r.severity = a.severity;
        r.escalated = a.escalated;
        r.rule = m_rule(a.ruleId);
        r.outcome = outcomeOf(a, m_workspace).kind;
        for (const TimelineEntry &e : a.timeline) {
            if ((e.action == QLatin1String("acknowledged") ||
                 e.action == QLatin1String("resolved")) &&
                e.actor != QLatin1String("engine")) {
                r.handler = static_cast<qint16>(m_person(e.actor));
                break;
            }
        }
        return r;
    }

    // Who was paged when the alert rose, and whether that was their night. Looked up once
    // per span in which the answer holds: facts taken in the order they rose ask the
    // schedule once a shift, not once an alert.
    void placeOnCall(AlertFact &r, const QString &pipelineId)
    {
        if (!m_schedule)
            return;
        Held &held = m_held[pipelineId];
        if (!held.holds(r.triggered)) {
            const QDateTime at = toDateTime(r.triggered);
            held.from = r.triggered;
            const QDateTime until = m_schedule->answerHoldsUntil(pipelineId, at);
            held.until = until.isValid() ? toTimestamp(until) : std::numeric_limits<qint64>::max();
            held.person = m_schedule->answering(pipelineId, RotationLayer::Primary, at);
            held.index = static_cast<qint16>(m_person(held.person));
        }
        r.paged = held.index;
        if (!held.person.isEmpty())
            r.night = isNight(held.person, r.triggered);
    }

private:
    struct Held
    {
        TimestampNs from = 0;
        TimestampNs until = 0; // [from, until): the answer below
        QString person;
        qint16 index = -1;
        bool holds(TimestampNs t) const { return from <= t && t < until; }
    };
    // A zone's offset from UTC, and the span it holds for (up to its next transition).
    struct Offset
    {
        TimestampNs from = 0;
        TimestampNs until = 0;
        qint64 seconds = 0;
    };

    bool isNight(const QString &person, TimestampNs t)
    {
        Offset &o = m_offsets[person];
        if (!(o.from <= t && t < o.until)) {
            const QTimeZone zone = m_zones.value(person, QTimeZone::utc());
            const QDateTime at = toDateTime(t);
            const QTimeZone::OffsetData next = zone.nextTransition(at);
            o.from = t;
            o.until =
                next.atUtc.isValid() ? toTimestamp(next.atUtc) : std::numeric_limits<qint64>::max();
            o.seconds = zone.offsetFromUtc(at);
        }
        return isNightAt(t, o.seconds);
    }

    Interner m_pipeline, m_customer, m_person, m_rule;
    const Workspace &m_workspace;
    const OnCallSchedule *m_schedule;
    QHash<QString, QTimeZone> m_zones;
    QHash<QString, Held> m_held;
    QHash<QString, Offset> m_offsets;
};

bool earlier(const AlertFact &x, const AlertFact &y)
{
    return x.triggered < y.triggered;
}

} // namespace

namespace {

constexpr int nightStartsAt = 22;
constexpr int nightEndsAt = 7;

bool isNightHour(int hour)
{
    return hour >= nightStartsAt || hour < nightEndsAt;
}

} // namespace

bool isNightIn(const QDateTime &at, const QTimeZone &zone)
{
    return isNightHour(at.toTimeZone(zone).time().hour());
}

bool isNightAt(TimestampNs t, qint64 offsetSeconds)
{
    constexpr qint64 day = 86400;
    const qint64 seconds = t / nanosPerSecond - (t % nanosPerSecond < 0 ? 1 : 0); // floor
    const qint64 local = seconds + offsetSeconds;
    const qint64 secondOfDay = ((local % day) + day) % day;
    return isNightHour(static_cast<int>(secondOfDay / 3600));
}

AlertFacts AlertFacts::build(const QList<Alert> &alerts, const Workspace &workspace,
                             const OnCallSchedule *schedule)
{
    AlertFacts f;
    FactMaker make(f, workspace, schedule);
    f.rows.reserve(static_cast<size_t>(alerts.size()));
    for (const Alert &a : alerts)
        f.rows.push_back(make(a));
    std::stable_sort(f.rows.begin(), f.rows.end(), earlier);
    for (AlertFact &r : f.rows)
        make.placeOnCall(r, r.pipeline >= 0 ? f.pipelines.at(r.pipeline) : QString());
    return f;
}

void AlertFacts::update(const QList<Alert> &changed, const Workspace &workspace,
                        const OnCallSchedule *schedule)
{
    FactMaker make(*this, workspace, schedule);
    QHash<qint64, size_t> at;
    at.reserve(static_cast<qsizetype>(rows.size()));
    for (size_t i = 0; i < rows.size(); ++i)
        at.insert(rows[i].id, i);
    bool sorted = true;
    for (const Alert &a : changed) {
        AlertFact fact = make(a);
        make.placeOnCall(fact, a.pipelineId);
        if (const auto it = at.constFind(a.id); it != at.cend()) {
            sorted = sorted && rows[*it].triggered == fact.triggered;
            rows[*it] = fact;
            continue;
        }
        sorted = sorted && (rows.empty() || rows.back().triggered <= fact.triggered);
        at.insert(a.id, rows.size());
        rows.push_back(fact);
    }
    if (!sorted)
        std::stable_sort(rows.begin(), rows.end(), earlier);
}

} // namespace wk
