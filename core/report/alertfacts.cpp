#include "alertfacts.h"

#include "schedule/oncallschedule.h"

#include <QHash>
#include <QTimeZone>

#include <algorithm>

namespace wk {

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
          m_schedule(schedule)
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
        for (const TimelineEntry &e : a.timeline) {
            if ((e.action == QLatin1String("acknowledged") ||
                 e.action == QLatin1String("resolved")) &&
                e.actor != QLatin1String("engine")) {
                r.handler = static_cast<qint16>(m_person(e.actor));
                break;
            }
        }
        if (m_schedule) {
            const QDateTime at = toDateTime(a.triggeredAt);
            const QString paged = m_schedule->answering(a.pipelineId, RotationLayer::Primary, at);
            r.paged = static_cast<qint16>(m_person(paged));
            if (!paged.isEmpty())
                r.night = isNightIn(at, m_zones.value(paged, QTimeZone::utc()));
        }
        return r;
    }

private:
    Interner m_pipeline, m_customer, m_person;
    const OnCallSchedule *m_schedule;
    QHash<QString, QTimeZone> m_zones;
};

bool earlier(const AlertFact &x, const AlertFact &y)
{
    return x.triggered < y.triggered;
}

} // namespace

bool isNightIn(const QDateTime &at, const QTimeZone &zone)
{
    constexpr int nightStartsAt = 22;
    constexpr int nightEndsAt = 7;
    const int hour = at.toTimeZone(zone).time().hour();
    return hour >= nightStartsAt || hour < nightEndsAt;
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
        const AlertFact fact = make(a);
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
