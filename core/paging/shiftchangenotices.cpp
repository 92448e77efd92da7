#include "shiftchangenotices.h"

#include "noticemessage.h"

#include "schedule/oncallschedule.h"

#include <QCryptographicHash>
#include <QHash>
#include <QJsonObject>
#include <QTimeZone>

namespace wk {

namespace {

AlertMessage written(const QString &key, const QString &subject, const QString &intro,
                     const QList<std::pair<QString, QString>> &facts, const QJsonObject &details)
{
    return NoticeMessage::write(key, subject, subject, intro, facts, details);
}

struct Held
{
    QString rotation;
    RotationLayer layer;
    QDateTime start;
    QDateTime end;
    bool operator==(const Held &) const = default;
};

// Each person's seats in [from, to), pieces of one seat that touch joined.
QHash<QString, QList<Held>> heldIn(const OnCallSchedule &schedule, const QDateTime &from,
                                   const QDateTime &to)
{
    QHash<QString, QList<Held>> out;
    for (const Rotation &r : schedule.workspace().rotations) {
        for (const Shift &s : schedule.shifts(r.id, from, to)) {
            Held h{r.id, s.layer, std::max(s.start, from), std::min(s.end, to)};
            QList<Held> &mine = out[s.person];
            if (!mine.isEmpty() && mine.last().rotation == h.rotation &&
                mine.last().layer == h.layer && mine.last().end == h.start)
                mine.last().end = h.end;
            else
                mine << h;
        }
    }
    return out;
}

QString describe(const Workspace &ws, const Held &h, const QTimeZone &zone)
{
    const Rotation *r = ws.rotation(h.rotation);
    return QStringLiteral("%1 of %2, %3 to %4")
        .arg(rotationLayerName(h.layer), r ? r->name : h.rotation,
             NoticeMessage::local(h.start, zone), NoticeMessage::local(h.end, zone));
}

} // namespace

QList<ShiftChangeNotices::Notice> ShiftChangeNotices::forRePlan(const OnCallSchedule &before,
                                                                const OnCallSchedule &after,
                                                                const QDateTime &from,
                                                                const QDateTime &to)
{
    const QHash<QString, QList<Held>> was = heldIn(before, from, to);
    const QHash<QString, QList<Held>> now = heldIn(after, from, to);
    const Workspace &ws = after.workspace();
    QList<Notice> out;
    for (const Person &p : ws.people) {
        if (!p.shiftChanges)
            continue;
        const QList<Held> old = was.value(p.id);
        const QList<Held> fresh = now.value(p.id);
        if (old == fresh)
            continue;
        const QTimeZone zone = NoticeMessage::zone(p.timeZone);
        QList<std::pair<QString, QString>> facts;
        QCryptographicHash change(QCryptographicHash::Sha1);
        for (const Held &h : old) {
            facts.append({QStringLiteral("Was"), describe(ws, h, zone)});
            change.addData(describe(ws, h, QTimeZone::utc()).toUtf8());
        }
        if (old.isEmpty())
            facts.append({QStringLiteral("Was"), QStringLiteral("no shifts")});
        change.addData("→");
        for (const Held &h : fresh) {
            facts.append({QStringLiteral("Now"), describe(ws, h, zone)});
            change.addData(describe(ws, h, QTimeZone::utc()).toUtf8());
        }
        if (fresh.isEmpty())
            facts.append({QStringLiteral("Now"), QStringLiteral("no shifts")});
        const QString step =
            QStringLiteral("replan %1").arg(QString::fromLatin1(change.result().toHex().left(16)));
        const QString subject =
            QStringLiteral("Your shifts changed between %1 and %2")
                .arg(from.toTimeZone(zone).toString(QStringLiteral("d MMM")),
                     to.toTimeZone(zone).toString(QStringLiteral("d MMM yyyy")));
        out.append({p.id, step,
                    NoticeMessage::write(
                        QStringLiteral("notice:%1:%2").arg(step, p.id), subject, subject,
                        QStringLiteral("The schedule was planned again (a rotation, time off or "
                                       "the holidays changed). Your shifts in these weeks, as "
                                       "they were and as they are now:"),
                        facts,
                        QJsonObject{{QStringLiteral("notice"), QStringLiteral("re-plan")},
                                    {QStringLiteral("person"), p.id},
                                    {QStringLiteral("from"), from.toUTC().toString(Qt::ISODate)},
                                    {QStringLiteral("to"), to.toUTC().toString(Qt::ISODate)}})});
    }
    return out;
}

QList<ShiftChangeNotices::Notice>
ShiftChangeNotices::forOverrides(const QList<ScheduleOverride> &added, const Workspace &workspace,
                                 const OnCallSchedule &before, TimestampNs now)
{
    QList<Notice> out;
    for (const ScheduleOverride &o : added) {
        if (toTimestamp(o.end) <= now)
            continue;
        const Rotation *rotation = workspace.rotation(o.rotation);
        const QString rotationName = rotation ? rotation->name : o.rotation;
        const QString seat = rotationLayerName(o.layer);
        // Who held the seat in the span before: each loses their part of it.
        QList<Shift> lost;
        for (const Shift &s : before.shifts(o.rotation, o.start, o.end)) {
            if (s.layer != o.layer || s.person == o.person)
                continue;
            Shift part = s;
            part.start = std::max(s.start, o.start);
            part.end = std::min(s.end, o.end);
            if (part.start < part.end)
                lost << part;
        }
        const QString step = QStringLiteral("change %1").arg(o.id);
        const QString key = QStringLiteral("notice:%1").arg(step);
        const QJsonObject details{{QStringLiteral("notice"), QStringLiteral("shift change")},
                                  {QStringLiteral("override"), o.id},
                                  {QStringLiteral("rotation"), o.rotation},
                                  {QStringLiteral("seat"), seat},
                                  {QStringLiteral("person"), o.person},
                                  {QStringLiteral("start"), o.start.toUTC().toString(Qt::ISODate)},
                                  {QStringLiteral("end"), o.end.toUTC().toString(Qt::ISODate)}};
        const QString reason = o.reason.isEmpty() ? QStringLiteral("none given") : o.reason;
        const QString by =
            o.createdBy.isEmpty() ? QStringLiteral("—") : workspace.personName(o.createdBy);
        QStringList coveredNames;
        for (const Shift &s : std::as_const(lost)) {
            if (!coveredNames.contains(workspace.personName(s.person)))
                coveredNames << workspace.personName(s.person);
        }

        const QTimeZone takerZone = NoticeMessage::zone(
            workspace.person(o.person) ? workspace.person(o.person)->timeZone : QString());
        const QString from = NoticeMessage::local(o.start, takerZone);
        const QString to = NoticeMessage::local(o.end, takerZone);
        out.append(
            {o.person, step,
             written(key,
                     QStringLiteral("Shift change: you take the %1 seat of %2 from %3")
                         .arg(seat, rotationName, from),
                     QStringLiteral("You now hold the %1 seat of %2 from %3 to %4.")
                         .arg(seat, rotationName, from, to),
                     {{QStringLiteral("Rotation"), rotationName},
                      {QStringLiteral("Seat"), seat},
                      {QStringLiteral("Was"), coveredNames.isEmpty()
                                                  ? QStringLiteral("nobody else")
                                                  : coveredNames.join(QStringLiteral(", "))},
                      {QStringLiteral("Now"), QStringLiteral("you, from %1 to %2").arg(from, to)},
                      {QStringLiteral("Reason"), reason},
                      {QStringLiteral("Changed by"), by}},
                     details)});
        QStringList told;
        for (const Shift &part : std::as_const(lost)) {
            if (told.contains(part.person))
                continue;
            told << part.person;
            const QTimeZone zone = NoticeMessage::zone(workspace.person(part.person)
                                                           ? workspace.person(part.person)->timeZone
                                                           : QString());
            // Their own parts of the span, as they had them.
            QStringList spans;
            for (const Shift &p : std::as_const(lost)) {
                if (p.person == part.person)
                    spans << QStringLiteral("%1 to %2")
                                 .arg(NoticeMessage::local(p.start, zone),
                                      NoticeMessage::local(p.end, zone));
            }
            const QString taker = workspace.personName(o.person);
            out.append(
                {part.person, step,
                 written(
                     key,
                     QStringLiteral("Shift change: %1 takes your %2 seat of %3 from %4")
                         .arg(taker, seat, rotationName, NoticeMessage::local(part.start, zone)),
                     QStringLiteral("%1 now holds your %2 seat of %3 for %4.")
                         .arg(taker, seat, rotationName, spans.join(QStringLiteral(", "))),
                     {{QStringLiteral("Rotation"), rotationName},
                      {QStringLiteral("Seat"), seat},
                      {QStringLiteral("Was"),
                       QStringLiteral("you, %1").arg(spans.join(QStringLiteral(", ")))},
                      {QStringLiteral("Now"), taker},
                      {QStringLiteral("Reason"), reason},
                      {QStringLiteral("Changed by"), by}},
                     details)});
        }
    }
    out.removeIf([&](const Notice &n) {
        const Person *p = workspace.person(n.person);
        return p && !p->shiftChanges;
    });
    return out;
}

} // namespace wk
