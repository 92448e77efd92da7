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
    int line = 0;                  // where its BEGIN:VEVENT stands in the file
    QMap<QString, QString> extras; // X- properties, by name

    // The instant range the event blocks, with all-day dates read in zone.
    QDateTime startIn(const QTimeZone &zone) const;
    QDateTime endIn(const QTimeZone &zone) const;
};

} // namespace wk
