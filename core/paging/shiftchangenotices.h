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
    // The workspace changed (a rotation edited, time off or holidays added): everyone whose
    // shifts in [from, to) differ between the two schedules hears their shifts there as
    // they were and as they are now. The same change is told once (the step names it).
    static QList<Notice> forRePlan(const OnCallSchedule &before, const OnCallSchedule &after,
                                   const QDateTime &from, const QDateTime &to);
};

} // namespace wk
