#pragma once

#include "domain/holiday.h"
#include "domain/rotation.h"
#include "domain/timeoff.h"
#include "shift.h"

#include <QDateTime>
#include <QList>
#include <QSet>
#include <QTimeZone>

namespace wk {

// Turns a rotation into shifts, fairly. Turns are dealt in cycles in which everyone holds
// each seat once, so counts from the rotation's start never differ by more than one; each
// cycle's order is the one (the list order, one of its rotations, or a dealing that gives
// the lightest turns to whoever carried the most holidays and weekend days) that leaves
// holiday and weekend loads least spread. Nobody holds both seats of a turn or is primary
// twice in a row. Someone away for at least half a turn trades turns within the cycle with
// someone free, with a note saying so; shorter absences keep the turn and the secondary
// covers while they are away.
//
// The plan always starts from the rotation's first turn, so the same workspace gives the
// same schedule on every console and at every moment it is asked.
class RotationPlanner
{
public:
    RotationPlanner(Rotation rotation, const QList<Holiday> &holidays, QList<TimeOff> timeOff);

    const Rotation &rotation() const { return m_rotation; }
    QTimeZone zone() const { return m_zone; }
    bool isHoliday(const QDate &day) const { return m_holidays.contains(day); }
    // When turn `slot` begins; turns follow the handoff weekday and time in the rotation's
    // zone, so a handoff stays at 10:00 local across daylight-saving changes.
    QDateTime slotStart(int slot) const;
    // The turn holding t; -1 before the first.
    int slotAt(const QDateTime &t) const;
    // Every shift of turns 0 .. the one holding `until`, all layers.
    QList<Shift> plan(const QDateTime &until) const;

    const QList<TimeOff> &timeOff() const { return m_timeOff; }
    // Whether the person is away for at least half of [from, to); *why, when given, is set
    // to one of the absences.
    bool awayForMostOf(const QString &person, const QDateTime &from, const QDateTime &to,
                       const TimeOff **why) const;

private:
    Rotation m_rotation;
    QTimeZone m_zone;
    QSet<QDate> m_holidays;
    QList<TimeOff> m_timeOff;
    QDate m_firstDay;
};

} // namespace wk
