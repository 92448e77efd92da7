#pragma once

#include "alertmessage.h"

#include "domain/alert.h"
#include "domain/timestamp.h"
#include "domain/workspace.h"
#include "schedule/shift.h"

#include <QList>
#include <QString>

namespace wk {

class OnCallSchedule;

// Reminds people of their shifts a while before each starts (per person, default an hour):
// which reminders fall due in a stretch of time, and what each says: the seat, the span in
// the person's own zone, the public holidays inside it, and the open alerts the seat will
// inherit. Sent as notices, by the delivery sender like pages.
class ShiftReminders
{
public:
    struct Due
    {
        Shift shift;
        TimestampNs at = 0; // when the reminder is due
    };
    // The shifts whose reminder falls in (after, upTo] and that have not started by upTo,
    // in time order. A seat a person keeps across an override's edge is one shift.
    static QList<Due> due(const Workspace &workspace, const OnCallSchedule &schedule,
                          TimestampNs after, TimestampNs upTo);
    // The reminder of one shift, for its holder; open: the alerts open now.
    static AlertMessage message(const Shift &shift, const Workspace &workspace,
                                const QList<Alert> &open);
    // Names the reminder: the same shift is reminded of once.
    static QString step(const Shift &shift);
};

} // namespace wk
