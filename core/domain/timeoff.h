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
    bool operator==(const TimeOff &) const = default;
};

} // namespace wk
