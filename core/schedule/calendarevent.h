#pragma once

#include <QDate>
#include <QDateTime>
#include <QMap>
#include <QString>

namespace wk {

// One occurrence of an iCalendar VEVENT, as the schedule needs it.
struct CalendarEvent
{
    QString uid;
    QString summary;
    QString description;
    bool allDay = false;
    QDate startDate; // all-day events: [startDate, endDate)
    QDate endDate;
    QDateTime start; // timed events, in UTC
    QDateTime end;
    // The local days the event touches, [firstDay, lastDay], in its own time zone (or
    // as written, for floating and UTC times): a holiday at 20:00 in Los Angeles on
    // 5 March is a holiday on 5 March, not on the UTC date.
    QDate firstDay;
    QDate lastDay;
    int line = 0;                  // where its BEGIN:VEVENT stands in the file
    QMap<QString, QString> extras; // X- properties, by name

    // The instant range the event blocks, with all-day dates read in zone.
    QDateTime startIn(const QTimeZone &zone) const;
    QDateTime endIn(const QTimeZone &zone) const;
};

} // namespace wk
