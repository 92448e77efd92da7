#pragma once

#include "calendarevent.h"
#include "text/diagnostic.h"

#include <QByteArray>
#include <QDate>
#include <QList>
#include <QString>
#include <QTimeZone>

namespace wk {

struct CalendarReadResult
{
    QString name; // X-WR-CALNAME, when the file gives one
    QList<CalendarEvent> events;
    QList<Diagnostic> diagnostics; // any entry means the file must not be used
    QList<Diagnostic> warnings;    // what was skipped or read leniently; the rest stands
};

// Reads iCalendar files (RFC 5545) with libical: public holiday calendars and personal
// time off, as calendar programs write them. Every VCALENDAR of a file counts; recurring
// events are expanded (RRULE, RDATE, EXDATE, and RECURRENCE-ID moving one occurrence) up
// to a horizon; times without a zone are read in the zone the caller gives. What cannot
// be read is skipped with a warning naming the file and line; only a file that yields no
// event at all is refused.
class ICalendarReader
{
public:
    static CalendarReadResult readFile(const QString &path, const QTimeZone &floatingZone,
                                       const QDate &expandUntil = QDate(2100, 1, 1));
    static CalendarReadResult parse(const QByteArray &text, const QString &fileName,
                                    const QTimeZone &floatingZone,
                                    const QDate &expandUntil = QDate(2100, 1, 1));
};

} // namespace wk
