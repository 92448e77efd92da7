#include "workspacesummary.h"

#include "domain/duration.h"
#include "schedule/oncallschedule.h"

#include <QMap>
#include <QTimeZone>

namespace wk {

namespace {

QString names(const QStringList &items, int shown = 4)
{
    if (items.isEmpty())
        return {};
    QString text = items.mid(0, shown).join(QStringLiteral(", "));
    if (items.size() > shown)
        text += QStringLiteral(", … (%1 more)").arg(items.size() - shown);
    return QStringLiteral(" — ") + text;
}

QString line(const QString &what, qsizetype count, const QString &detail = QString())
{
    return QStringLiteral("  %1 %2%3\n").arg(what.leftJustified(13)).arg(count).arg(detail);
}

QString duration(qint64 seconds)
{
    if (seconds % (7 * 86400) == 0)
        return QStringLiteral("%1 week(s)").arg(seconds / (7 * 86400));
    if (seconds % 86400 == 0)
        return QStringLiteral("%1 day(s)").arg(seconds / 86400);
    return QStringLiteral("%1 hour(s)").arg(seconds / 3600.0);
}

} // namespace

QString WorkspaceSummary::text(const Workspace &ws, const QDateTime &now, int shiftsAhead)
{
    QString out;
    QStringList people, pipelines, sources, heartbeats, rules, rotations, calendars, away,
        overrides;
    for (const Person &p : ws.people)
        people << p.name;
    for (const Pipeline &p : ws.pipelines)
        pipelines << p.id;
    for (const DataSource &s : ws.sources)
        sources << QStringLiteral("%1 (%2%3)")
                       .arg(s.id, dataSourceKindName(s.kind),
                            s.path.isEmpty() ? QString() : QStringLiteral(" ") + s.path);
    for (const Heartbeat &h : ws.heartbeats)
        heartbeats << QStringLiteral("%1 (every %2 → %3)")
                          .arg(h.id, formatDuration(h.intervalSeconds), h.pipeline);
    QMap<QString, int> ruleKinds;
    for (const Rule &r : ws.rules)
        ++ruleKinds[ruleKindName(r.kind)];
    for (auto it = ruleKinds.cbegin(); it != ruleKinds.cend(); ++it)
        rules << QStringLiteral("%1 %2").arg(it.value()).arg(it.key());
    for (const Rotation &r : ws.rotations)
        rotations << QStringLiteral("%1 (%2 people, turns of %3, handoff %4 %5 %6)")
                         .arg(r.id)
                         .arg(r.participants.size())
                         .arg(duration(r.shiftSeconds),
                              QLocale::c().dayName(r.handoffWeekday, QLocale::LongFormat),
                              r.handoffTime.toString(QStringLiteral("HH:mm")), r.timeZone);
    qsizetype holidayDays = 0;
    for (const HolidayCalendar &c : ws.holidays) {
        holidayDays += c.days.size();
        calendars << QStringLiteral("%1 (%2 days%3)")
                         .arg(c.name)
                         .arg(c.days.size())
                         .arg(c.days.isEmpty()
                                  ? QString()
                                  : QStringLiteral(", %1 to %2")
                                        .arg(c.days.first().date.toString(Qt::ISODate),
                                             c.days.last().date.toString(Qt::ISODate)));
    }
    for (const TimeOff &t : ws.timeOff)
        away << QStringLiteral("%1 %2 to %3")
                    .arg(ws.personName(t.person), t.start.toString(Qt::ISODate),
                         t.end.toString(Qt::ISODate));
    for (const ScheduleOverride &o : ws.overrides)
        overrides << QStringLiteral("%1 takes the %2 seat of %3")
                         .arg(ws.personName(o.person), rotationLayerName(o.layer), o.rotation);

    out += line(QStringLiteral("people"), ws.people.size(), names(people));
    out += line(QStringLiteral("teams"), ws.teams.size());
    out += line(QStringLiteral("customers"), ws.customers.size());
    out += line(QStringLiteral("SLA policies"), ws.slaPolicies.size());
    out += line(QStringLiteral("pipelines"), ws.pipelines.size(), names(pipelines));
    out += line(QStringLiteral("runbooks"), ws.runbooks.size());
    out += line(QStringLiteral("sources"), ws.sources.size(), names(sources));
    if (!ws.heartbeats.isEmpty())
        out += line(QStringLiteral("heartbeats"), ws.heartbeats.size(), names(heartbeats, 3));
    out += line(QStringLiteral("rules"), ws.rules.size(), names(rules, 6));
    out += line(QStringLiteral("rotations"), ws.rotations.size(), names(rotations, 3));
    out +=
        line(QStringLiteral("holidays"), holidayDays,
             calendars.isEmpty() ? QString()
                                 : QStringLiteral(" days in %1 calendar(s)").arg(calendars.size()) +
                                       names(calendars, 3));
    out += line(QStringLiteral("time off"), ws.timeOff.size(), names(away, 3));
    out += line(QStringLiteral("overrides"), ws.overrides.size(), names(overrides, 3));
    out += QStringLiteral("  %1 %2\n")
               .arg(QStringLiteral("receiver").leftJustified(13),
                    ws.receiver.enabled
                        ? QStringLiteral("on, %1:%2").arg(ws.receiver.address).arg(ws.receiver.port)
                        : QStringLiteral("off"));
    int reachable = 0;
    for (const Person &p : ws.people)
        reachable += !p.contacts.isEmpty();
    out += QStringLiteral("  %1 %2\n")
               .arg(QStringLiteral("paging").leftJustified(13),
                    QStringLiteral("%1; %2 of %3 people list contact methods; %4 escalation "
                                   "polic%5")
                        .arg(ws.smtp.configured() ? QStringLiteral("email via %1:%2 (%3)")
                                                        .arg(ws.smtp.host)
                                                        .arg(ws.smtp.port)
                                                        .arg(smtpSecurityName(ws.smtp.security))
                                                  : QStringLiteral("no mail server"))
                        .arg(reachable)
                        .arg(ws.people.size())
                        .arg(ws.escalationPolicies.size())
                        .arg(ws.escalationPolicies.size() == 1 ? QStringLiteral("y")
                                                               : QStringLiteral("ies")));

    if (shiftsAhead <= 0 || ws.rotations.isEmpty())
        return out;
    const OnCallSchedule schedule(ws);
    out += QStringLiteral("Primary seat, now and next:\n");
    for (const Rotation &r : ws.rotations) {
        const QTimeZone zone(r.timeZone.toUtf8());
        // Long enough to hold the coming turns; a rotation not begun lists its first ones.
        const QDateTime from = std::max(now, QDateTime(r.start, QTime(0, 0), zone).toUTC());
        const QDateTime until =
            from.addSecs(std::max<qint64>(r.shiftSeconds, 86400) * (shiftsAhead + 1));
        int listed = 0;
        for (const Shift &s : schedule.shifts(r.id, from, until)) {
            if (s.layer != RotationLayer::Primary || listed >= shiftsAhead)
                continue;
            ++listed;
            out +=
                QStringLiteral("  %1 %2  %3 – %4 (%5)\n")
                    .arg(r.id.leftJustified(20), ws.personName(s.person).leftJustified(16),
                         s.start.toTimeZone(zone).toString(QStringLiteral("ddd yyyy-MM-dd HH:mm")),
                         s.end.toTimeZone(zone).toString(QStringLiteral("ddd yyyy-MM-dd HH:mm")),
                         r.timeZone);
        }
        if (listed == 0)
            out += QStringLiteral("  %1 no shift yet (it starts %2)\n")
                       .arg(r.id.leftJustified(20), r.start.toString(Qt::ISODate));
    }
    return out;
}

} // namespace wk
