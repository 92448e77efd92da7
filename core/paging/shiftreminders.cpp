#include "shiftreminders.h"

#include "noticemessage.h"

#include "schedule/oncallschedule.h"

#include <QJsonObject>
#include <QTimeZone>

#include <algorithm>

namespace wk {

namespace {

constexpr qint64 longestReminderSeconds = 7 * 86400;

} // namespace

QList<ShiftReminders::Due> ShiftReminders::due(const Workspace &workspace,
                                               const OnCallSchedule &schedule, TimestampNs after,
                                               TimestampNs upTo)
{
    QList<Due> out;
    if (upTo <= after)
        return out;
    const QDateTime from = toDateTime(after);
    const QDateTime to = toDateTime(upTo + longestReminderSeconds * nanosPerSecond);
    for (const Rotation &r : workspace.rotations) {
        QList<Shift> shifts = schedule.shifts(r.id, from, to);
        std::stable_sort(shifts.begin(), shifts.end(), [](const Shift &a, const Shift &b) {
            return std::pair(int(a.layer), a.start) < std::pair(int(b.layer), b.start);
        });
        for (qsizetype i = 0; i < shifts.size(); ++i) {
            const Shift &s = shifts.at(i);
            // An override in another seat cuts this one into pieces; the holder is not
            // starting anything new at the cut.
            if (i > 0 && shifts.at(i - 1).layer == s.layer && shifts.at(i - 1).end == s.start &&
                shifts.at(i - 1).person == s.person)
                continue;
            const Person *p = workspace.person(s.person);
            if (!p || p->shiftReminderSeconds <= 0)
                continue;
            const TimestampNs start = toTimestamp(s.start);
            const TimestampNs at = start - p->shiftReminderSeconds * nanosPerSecond;
            if (at > after && at <= upTo && start > upTo)
                out.append({s, at});
        }
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const Due &a, const Due &b) { return a.at < b.at; });
    return out;
}

QString ShiftReminders::step(const Shift &shift)
{
    return QStringLiteral("reminder %1/%2@%3")
        .arg(shift.rotation, rotationLayerName(shift.layer))
        .arg(shift.start.toSecsSinceEpoch());
}

AlertMessage ShiftReminders::message(const Shift &shift, const Workspace &workspace,
                                     const QList<Alert> &open)
{
    const Person *person = workspace.person(shift.person);
    const Rotation *rotation = workspace.rotation(shift.rotation);
    const QTimeZone zone = NoticeMessage::zone(person ? person->timeZone : QString());
    const QString rotationName = rotation ? rotation->name : shift.rotation;
    const QString seat = rotationLayerName(shift.layer);
    const QString from = NoticeMessage::local(shift.start, zone);
    const QString to = NoticeMessage::local(shift.end, zone);

    // The holidays on the local days of the shift, in the rotation's zone as the planner counts.
    const QTimeZone rotationZone = NoticeMessage::zone(rotation ? rotation->timeZone : QString());
    const QDate firstDay = shift.start.toTimeZone(rotationZone).date();
    const QDate lastDay = shift.end.addMSecs(-1).toTimeZone(rotationZone).date();
    QStringList holidays;
    for (const Holiday &h : workspace.allHolidays()) {
        if (h.date >= firstDay && h.date <= lastDay)
            holidays << QStringLiteral("%1 (%2)").arg(h.name, h.date.toString(Qt::ISODate));
    }
    QList<Alert> inherited;
    for (const Alert &a : open) {
        if (a.isOpen() && rotation && rotation->pipelines.contains(a.pipelineId))
            inherited << a;
    }
    std::stable_sort(inherited.begin(), inherited.end(), [](const Alert &a, const Alert &b) {
        return std::pair(int(a.severity), -a.revenue) < std::pair(int(b.severity), -b.revenue);
    });
    constexpr qsizetype listed = 5;
    QStringList alertLines;
    for (qsizetype i = 0; i < std::min(listed, inherited.size()); ++i) {
        const Alert &a = inherited.at(i);
        alertLines
            << QStringLiteral("[%1] %2 (%3)").arg(severityName(a.severity), a.title, a.pipelineId);
    }
    if (inherited.size() > listed)
        alertLines << QStringLiteral("and %1 more").arg(inherited.size() - listed);

    const QString subject =
        QStringLiteral("On call from %1: %2, %3 seat").arg(from, rotationName, seat);
    const QString intro = QStringLiteral("You hold the %1 seat of %2 from %3 to %4.")
                              .arg(seat, rotationName, from, to);
    const QString holidayText =
        holidays.isEmpty() ? QStringLiteral("none") : holidays.join(QStringLiteral(", "));
    const QString alertsText = inherited.isEmpty()
                                   ? QStringLiteral("none")
                                   : QStringLiteral("%1 open").arg(inherited.size());
    QList<std::pair<QString, QString>> facts = {{QStringLiteral("Rotation"), rotationName},
                                                {QStringLiteral("Seat"), seat},
                                                {QStringLiteral("From"), from},
                                                {QStringLiteral("To"), to},
                                                {QStringLiteral("Public holidays"), holidayText},
                                                {QStringLiteral("Alerts you inherit"), alertsText}};
    if (shift.isOverride()) {
        const Person *covered = workspace.person(shift.plannedPerson);
        facts.append(
            {QStringLiteral("Override"), QStringLiteral("you cover for %1")
                                             .arg(covered ? covered->name : shift.plannedPerson)});
    }
    const QJsonObject details{{QStringLiteral("notice"), QStringLiteral("shift reminder")},
                              {QStringLiteral("rotation"), shift.rotation},
                              {QStringLiteral("seat"), seat},
                              {QStringLiteral("person"), shift.person},
                              {QStringLiteral("start"), shift.start.toUTC().toString(Qt::ISODate)},
                              {QStringLiteral("end"), shift.end.toUTC().toString(Qt::ISODate)},
                              {QStringLiteral("open_alerts"), int(inherited.size())}};
    return NoticeMessage::write(QStringLiteral("notice:") + step(shift), subject,
                                QStringLiteral("Your on-call shift starts %1").arg(from), intro,
                                facts, details, QStringLiteral("Open alerts on its pipelines:"),
                                alertLines);
}

} // namespace wk
