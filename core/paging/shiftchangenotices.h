#pragma once

#include "alertmessage.h"

#include "domain/scheduleoverride.h"
#include "domain/timestamp.h"
#include "domain/workspace.h"

#include <QList>
#include <QString>

namespace wk {

class OnCallSchedule;

// Tells people what an override (a cover, or half of a swap) changed for them: the person
// who takes the seat gains the span, each person it was planned for loses their part of it.
// Old and new are named in each reader's own time zone.
class ShiftChangeNotices
{
public:
    struct Notice
    {
        QString person;
        QString step; // names the notice: the same change is told once per person
        AlertMessage message;
    };
    // before: the schedule without the overrides; overrides over by now tell nobody.
    static QList<Notice> forOverrides(const QList<ScheduleOverride> &added,
                                      const Workspace &workspace, const OnCallSchedule &before,
                                      TimestampNs now);
};

} // namespace wk
