#pragma once

#include "domain/rotation.h"

#include <QDateTime>
#include <QString>

namespace wk {

// One person holding one seat of a rotation for a stretch of time, [start, end) in UTC.
struct Shift
{
    QString rotation;
    RotationLayer layer = RotationLayer::Primary;
    int slot = 0; // the turn, counted from the rotation's first handoff
    QString person;
    QDateTime start;
    QDateTime end;
    QString plannedPerson; // the planner's choice; differs from person under an override
    QString overrideId;    // the override that put person here, if any
    QString note;          // why the planner deviated from the fair order, if it did
    int holidayDays = 0;   // public holidays among the local days of the shift
    int weekendDays = 0;

    bool isOverride() const { return !overrideId.isEmpty(); }
    bool covers(const QDateTime &t) const { return start <= t && t < end; }
    bool operator==(const Shift &) const = default;
};

} // namespace wk
