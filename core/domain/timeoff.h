#pragma once

#include <QDateTime>
#include <QString>

namespace wk {

// A person away: vacation, sick leave, a conference. [start, end) in UTC.
struct TimeOff
{
    QString person;
    QDateTime start;
    QDateTime end;
    QString reason;
    QString calendar; // the iCalendar file it came from, empty when listed inline

    bool covers(const QDateTime &t) const { return start <= t && t < end; }
    // Where it was read from is not part of the absence (see HolidayCalendar).
    bool operator==(const TimeOff &o) const
    {
        return person == o.person && start == o.start && end == o.end && reason == o.reason;
    }
};

} // namespace wk
