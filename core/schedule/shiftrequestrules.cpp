#include "shiftrequestrules.h"

#include <QTimeZone>
#include <QUuid>

namespace wk {

namespace {

QTimeZone zoneOf(const Workspace &ws, const QString &rotation)
{
    const Rotation *r = ws.rotation(rotation);
    const QTimeZone zone(r ? r->timeZone.toUtf8() : QByteArray("UTC"));
    return zone.isValid() ? zone : QTimeZone::utc();
}

QString span(const Workspace &ws, const QString &rotation, const QDateTime &from,
             const QDateTime &to)
{
    const QTimeZone zone = zoneOf(ws, rotation);
    const QString format = QStringLiteral("ddd d MMM HH:mm");
    return QStringLiteral("%1 – %2 (%3)")
        .arg(from.toTimeZone(zone).toString(format), to.toTimeZone(zone).toString(format),
             QString::fromUtf8(zone.id()));
}

// Whether `person` holds the seat for all of [from, to) as the schedule stands, overrides
// included; with *holder, who holds part of it instead.
bool holdsWhole(const OnCallSchedule &schedule, const QString &rotation, RotationLayer layer,
                const QString &person, const QDateTime &from, const QDateTime &to,
                QString *holder = nullptr)
{
    QDateTime reached = from;
    for (const Shift &s : schedule.shifts(rotation, from, to)) {
        if (s.layer != layer || s.end <= reached)
            continue;
        if (s.start > reached)
            return false;
        if (s.person != person) {
            if (holder)
                *holder = s.person;
            return false;
        }
        reached = s.end;
        if (reached >= to)
            return true;
    }
    return false;
}

const TimeOff *awayDuring(const Workspace &ws, const QString &person, const QDateTime &from,
                          const QDateTime &to)
{
    for (const TimeOff &t : ws.timeOff) {
        if (t.person == person && t.start < to && from < t.end)
            return &t;
    }
    return nullptr;
}

ScheduleOverride overrideOf(const OnCallSchedule &schedule, const ShiftRequest &r,
                            const QString &person, const QDateTime &from, const QDateTime &to,
                            const QString &decidedBy, const QString &reason, const QDateTime &now)
{
    ScheduleOverride o;
    o.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    o.rotation = r.rotation;
    o.layer = r.layer;
    o.person = person;
    o.start = from;
    o.end = to;
    o.createdBy = decidedBy;
    o.reason = reason;
    o.createdAt = now;
    o.request = r.id;
    // Whose planned time it takes, for a later re-plan to check against.
    for (const Shift &s : schedule.plannedShifts(r.rotation, from, from.addSecs(1)))
        if (s.layer == r.layer && s.covers(from))
            o.covering = s.person;
    return o;
}

} // namespace

QString ShiftRequestRules::describe(const Workspace &ws, const ShiftRequest &r)
{
    const Rotation *rot = ws.rotation(r.rotation);
    QString seat = rotationLayerName(r.layer);
    seat[0] = seat.at(0).toUpper();
    return QStringLiteral("%1 of %2, %3")
        .arg(seat, rot ? rot->name : r.rotation, span(ws, r.rotation, r.start, r.end));
}

QString ShiftRequestRules::describeTurn(const Workspace &ws, const Shift &turn)
{
    return span(ws, turn.rotation, turn.start, turn.end);
}

QString ShiftRequestRules::problem(const OnCallSchedule &schedule, const ShiftRequest &r,
                                   const QDateTime &now)
{
    const Workspace &ws = schedule.workspace();
    const Rotation *rot = ws.rotation(r.rotation);
    if (!rot)
        return QStringLiteral("there is no rotation '%1'").arg(r.rotation);
    if (!rot->hasLayer(r.layer))
        return QStringLiteral("%1 has no %2 seat").arg(rot->name, rotationLayerName(r.layer));
    if (!r.start.isValid() || !r.end.isValid() || r.end <= r.start)
        return QStringLiteral("the end must come after the start");
    // A minute's grace: "from now" is a little in the past by the time it is stored.
    if (r.start < now.addSecs(-60))
        return QStringLiteral("the span starts in the past; to hand over a shift that has "
                              "begun, use Take over");
    if (!r.expiresAt.isValid() || r.expiresAt <= now)
        return QStringLiteral("the request must stay open for a while");
    if (r.expiresAt > r.end)
        return QStringLiteral("the request cannot stay open past the end of the span");
    if (r.reason.trimmed().isEmpty())
        return QStringLiteral("give a reason");
    QString holder;
    if (!holdsWhole(schedule, r.rotation, r.layer, r.requester, r.start, r.end, &holder))
        return holder.isEmpty() ? QStringLiteral("%1 does not hold the %2 seat for all of %3")
                                      .arg(ws.personName(r.requester), rotationLayerName(r.layer),
                                           span(ws, r.rotation, r.start, r.end))
                                : QStringLiteral("%1 holds part of %3, not %2")
                                      .arg(ws.personName(holder), ws.personName(r.requester),
                                           span(ws, r.rotation, r.start, r.end));
    if (r.kind == ShiftRequest::Kind::Swap) {
        bool wholeTurn = false;
        for (const Shift &s : schedule.plannedShifts(r.rotation, r.start, r.end))
            wholeTurn = wholeTurn || (s.layer == r.layer && s.start == r.start && s.end == r.end);
        if (!wholeTurn)
            return QStringLiteral("a swap trades whole turns; ask for cover to hand over part "
                                  "of one");
    }
    for (const QString &p : r.askedOf) {
        if (QString why = whyNot(schedule, r, p); !why.isEmpty())
            return why;
    }
    if (eligible(schedule, r).isEmpty())
        return QStringLiteral("nobody in %1 is free to take it").arg(rot->name);
    return {};
}

QStringList ShiftRequestRules::eligible(const OnCallSchedule &schedule, const ShiftRequest &r)
{
    QStringList out;
    const Rotation *rot = schedule.workspace().rotation(r.rotation);
    if (!rot)
        return out;
    for (const QString &p : rot->participants) {
        if (!r.declinedBy.contains(p) && whyNot(schedule, r, p).isEmpty())
            out << p;
    }
    return out;
}

QString ShiftRequestRules::whyNot(const OnCallSchedule &schedule, const ShiftRequest &r,
                                  const QString &person)
{
    const Workspace &ws = schedule.workspace();
    const Rotation *rot = ws.rotation(r.rotation);
    const QString name = ws.personName(person);
    if (person == r.requester)
        return QStringLiteral("%1 asked for it").arg(name);
    if (!rot || !rot->participants.contains(person))
        return QStringLiteral("%1 is not in %2").arg(name, rot ? rot->name : r.rotation);
    if (!r.askedOf.isEmpty() && !r.askedOf.contains(person))
        return QStringLiteral("the request was not made to %1").arg(name);
    if (const TimeOff *away = awayDuring(ws, person, r.start, r.end))
        return QStringLiteral("%1 is away then (%2)")
            .arg(name, away->reason.isEmpty() ? QStringLiteral("time off") : away->reason);
    QList<ScheduleOverride> made{overrideOf(schedule, r, person, r.start, r.end, {}, {}, {})};
    if (r.kind == ShiftRequest::Kind::Swap) {
        const std::optional<Shift> back = exchangeTurn(schedule, r, person);
        if (!back)
            return QStringLiteral("%1 has no turn in this seat to give in exchange").arg(name);
        if (const TimeOff *away = awayDuring(ws, r.requester, back->start, back->end))
            return QStringLiteral("%1 is away during %2's turn %3 (%4)")
                .arg(ws.personName(r.requester), name, describeTurn(ws, *back),
                     away->reason.isEmpty() ? QStringLiteral("time off") : away->reason);
        made << overrideOf(schedule, r, r.requester, back->start, back->end, {}, {}, {});
    }
    OnCallSchedule after = schedule;
    after.setStoredOverrides(after.storedOverrides() + made);
    for (const ScheduleOverride &o : std::as_const(made)) {
        if (QString clash = after.bothSeatsProblem(o); !clash.isEmpty())
            return clash;
    }
    return {};
}

std::optional<Shift> ShiftRequestRules::exchangeTurn(const OnCallSchedule &schedule,
                                                     const ShiftRequest &r, const QString &taker,
                                                     const QDateTime &notBefore)
{
    const QDateTime earliest = notBefore.isValid() ? notBefore : r.createdAt;
    std::optional<Shift> before;
    const QList<Shift> turns =
        schedule.plannedShifts(r.rotation, r.start.addDays(-56), r.end.addDays(182));
    for (const Shift &s : turns) {
        if (s.layer != r.layer || s.person != taker || (s.start < r.end && r.start < s.end))
            continue;
        if (!holdsWhole(schedule, r.rotation, r.layer, taker, s.start, s.end))
            continue;
        if (s.start >= r.end)
            return s;
        if (!earliest.isValid() || s.start >= earliest)
            before = s;
    }
    return before;
}

QList<ScheduleOverride> ShiftRequestRules::take(const OnCallSchedule &schedule,
                                                const ShiftRequest &r, const QString &taker,
                                                const QString &decidedBy, const QDateTime &now,
                                                QString *why)
{
    const Workspace &ws = schedule.workspace();
    if (r.state != ShiftRequest::State::Open && r.state != ShiftRequest::State::AwaitingApproval) {
        *why = r.state == ShiftRequest::State::Taken
                   ? QStringLiteral("%1 took it already").arg(ws.personName(r.takenBy))
                   : QStringLiteral("the request was %1").arg(r.stateName(now));
        return {};
    }
    if (now >= r.expiresAt) {
        *why = QStringLiteral("the request expired at %1")
                   .arg(r.expiresAt.toTimeZone(zoneOf(ws, r.rotation))
                            .toString(QStringLiteral("ddd d MMM HH:mm")));
        return {};
    }
    QString holder;
    if (!holdsWhole(schedule, r.rotation, r.layer, r.requester, r.start, r.end, &holder)) {
        *why = QStringLiteral("the schedule changed: %1 no longer holds all of it")
                   .arg(ws.personName(r.requester));
        return {};
    }
    if (const QString no = whyNot(schedule, r, taker); !no.isEmpty()) {
        *why = no;
        return {};
    }
    const QString requester = ws.personName(r.requester);
    const QString reason = r.kind == ShiftRequest::Kind::Swap
                               ? QStringLiteral("Swap with %1: %2").arg(requester, r.reason)
                               : QStringLiteral("Cover for %1: %2").arg(requester, r.reason);
    QList<ScheduleOverride> made{
        overrideOf(schedule, r, taker, r.start, r.end, decidedBy, reason, now)};
    if (r.kind == ShiftRequest::Kind::Swap) {
        const std::optional<Shift> exchange = exchangeTurn(schedule, r, taker, now);
        if (!exchange) {
            *why = QStringLiteral("%1 has no turn ahead in this seat to give in exchange")
                       .arg(ws.personName(taker));
            return {};
        }
        const Shift &back = *exchange;
        ScheduleOverride o =
            overrideOf(schedule, r, r.requester, back.start, back.end, decidedBy,
                       QStringLiteral("Swap with %1: %2").arg(ws.personName(taker), r.reason), now);
        o.swapWith = made.first().id;
        made.first().swapWith = o.id;
        made << o;
    }
    return made;
}

} // namespace wk
