#include "calendarevent.h"

#include <QTimeZone>

namespace wk {

QDateTime CalendarEvent::startIn(const QTimeZone &zone) const
{
    return allDay ? QDateTime(startDate, QTime(0, 0), zone).toUTC() : start;
}

QDateTime CalendarEvent::endIn(const QTimeZone &zone) const
{
    return allDay ? QDateTime(endDate, QTime(0, 0), zone).toUTC() : end;
}

} // namespace wk
