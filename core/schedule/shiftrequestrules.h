#pragma once

#include "domain/scheduleoverride.h"
#include "domain/shiftrequest.h"
#include "oncallschedule.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace wk {

// What may be asked and who may take it, decided against the schedule as it is at that
// moment (overrides made since the request was asked count). Sentences are for people:
// they name people and times in the rotation's zone.
class ShiftRequestRules
{
public:
    // Why the request cannot be asked as it stands, or empty: the requester must hold the
    // seat for the whole span, a swap's span must be one of their planned turns, the span
    // and expiry must lie ahead, and someone must be able to take it.
    static QString problem(const OnCallSchedule &schedule, const ShiftRequest &r,
                           const QDateTime &now);
    // Who may take it now, in the rotation's order: asked (by name, or anyone when nobody
    // was named), not declined, and free to (see whyNot).
    static QStringList eligible(const OnCallSchedule &schedule, const ShiftRequest &r);
    // Why `person` cannot take it now, or empty: not asked, away during it, holding the
    // other seat then, or (for a swap) without a turn to give in exchange.
    static QString whyNot(const OnCallSchedule &schedule, const ShiftRequest &r,
                          const QString &person);
    // For a swap: the turn of the taker's that the requester takes in exchange, the first
    // one after the requested turn that the taker still holds whole (else the last one
    // before it that has not begun at `notBefore`).
    static std::optional<Shift> exchangeTurn(const OnCallSchedule &schedule, const ShiftRequest &r,
                                             const QString &taker, const QDateTime &notBefore = {});
    // The override (or the two halves of a swap) that `taker` taking it makes, decided by
    // `decidedBy` at `now`. Empty with *why when it cannot be taken at this moment.
    static QList<ScheduleOverride> take(const OnCallSchedule &schedule, const ShiftRequest &r,
                                        const QString &taker, const QString &decidedBy,
                                        const QDateTime &now, QString *why);
    // "Primary of Platform, Tue 8 Dec 09:00 – Tue 15 Dec 09:00 (Europe/Berlin)"
    static QString describe(const Workspace &ws, const ShiftRequest &r);
    static QString describeTurn(const Workspace &ws, const Shift &turn);
};

} // namespace wk
