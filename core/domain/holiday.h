#pragma once

#include <QDate>
#include <QList>
#include <QString>

namespace wk {

struct Holiday
{
    QDate date;
    QString name;

    bool operator==(const Holiday &) const = default;
};

// A public holiday calendar: read from an iCalendar file (path kept so that the workspace
// can be written back as it was), or listed in the workspace itself.
struct HolidayCalendar
{
    QString name;
    QString path; // as written in the workspace, relative to it; empty for inline days
    QList<Holiday> days;

    bool operator==(const HolidayCalendar &) const = default;
};

} // namespace wk
