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

    // The days are the calendar; where they were read from is not part of it, so a
    // workspace written elsewhere with its days listed inline is the same workspace.
    bool operator==(const HolidayCalendar &o) const { return name == o.name && days == o.days; }
};

} // namespace wk
