#pragma once

#include "rotation.h"

#include <QDateTime>
#include <QMetaType>
#include <QString>

namespace wk {

// Someone takes a seat of a rotation for a while instead of the planned person: a cover,
// or one half of a swap. [start, end) in UTC. Who asked and why are kept for the record.
struct ScheduleOverride
{
    QString id;
    QString rotation;
    RotationLayer layer = RotationLayer::Primary;
    QString person;
    QDateTime start;
    QDateTime end;
    QString createdBy; // person id
    QString reason;
    QDateTime createdAt;
    QString swapWith; // the id of the other half of a swap, if any
    QString request;  // the swap or cover request it answers, if any
    // Whose planned time it takes, as the plan stood when it was made: when a re-plan (a
    // holiday added, someone away) gives those hours to someone else, the override still
    // holds its hours but needs a look. Empty: not recorded.
    QString covering;

    bool operator==(const ScheduleOverride &) const = default;
};

} // namespace wk

Q_DECLARE_METATYPE(wk::ScheduleOverride)
