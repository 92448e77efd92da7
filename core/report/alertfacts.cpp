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
    explicit Interner(QStringList *names) : m_names(names) {}
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
    Interner pipeline(&f.pipelines), customer(&f.customers), person(&f.people);
    // Workspace order first, so that indexes are stable across rebuilds.
    for (const Pipeline &p : workspace.pipelines)
        pipeline(p.id);
    for (const Customer &c : workspace.customers)
        customer(c.id);
    for (const Person &p : workspace.people)
        person(p.id);
    QHash<QString, QTimeZone> zones;
    for (const Person &p : workspace.people) {
        const QByteArray id = p.timeZone.toUtf8();
        zones.insert(p.id, !id.isEmpty() && QTimeZone::isTimeZoneIdAvailable(id)
                               ? QTimeZone(id)
                               : QTimeZone::utc());
    }
    f.rows.reserve(static_cast<size_t>(alerts.size()));
    for (const Alert &a : alerts) {
        AlertFact r;
        r.triggered = a.triggeredAt;
        r.acknowledged = a.acknowledgedAt.value_or(0);
        r.resolved = a.state == AlertState::Resolved ? a.resolvedAt.value_or(0) : 0;
        r.ackBy = a.ackBy;
        r.resolveBy = a.resolveBy;
        r.revenue = a.revenue;
        r.pipeline = pipeline(a.pipelineId);
        r.customer = customer(a.customerId);
        r.severity = a.severity;
        r.escalated = a.escalated;
        for (const TimelineEntry &e : a.timeline) {
            if ((e.action == QLatin1String("acknowledged") ||
                 e.action == QLatin1String("resolved")) &&
                e.actor != QLatin1String("engine")) {
                r.handler = static_cast<qint16>(person(e.actor));
                break;
            }
        }
        if (schedule) {
            const QDateTime at = toDateTime(a.triggeredAt);
            const QString paged = schedule->answering(a.pipelineId, RotationLayer::Primary, at);
            r.paged = static_cast<qint16>(person(paged));
            if (!paged.isEmpty())
                r.night = isNightIn(at, zones.value(paged, QTimeZone::utc()));
        }
        f.rows.push_back(r);
    }
    std::stable_sort(f.rows.begin(), f.rows.end(), [](const AlertFact &x, const AlertFact &y) {
        return x.triggered < y.triggered;
    });
    return f;
}

} // namespace wk
