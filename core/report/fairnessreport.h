#pragma once

#include "domain/alert.h"
#include "schedule/oncallschedule.h"

#include <QDate>
#include <QList>
#include <QString>

namespace wk {

// How the on-call load fell on each person over a span of days: turns held, days on call
// and how many of them were public holidays or weekend days, the alerts that paged them
// (and how many at night, in their own time zone) and the alerts they acknowledged or
// resolved. A local day counts for whoever holds the primary seat at its noon, the same
// rule the planner balances by.
struct FairnessReport
{
    struct Load
    {
        QString person;
        QString name;
        int primaryTurns = 0;   // turns in which they held the primary seat at least one day
        int secondaryTurns = 0; // the same for the secondary seat
        int daysOnCall = 0;     // primary days
        int holidayDays = 0;
        int weekendDays = 0;
        int pages = 0;           // alerts raised in the span that paged them first
        int nightPages = 0;      // of those, raised 22:00-07:00 in their time zone
        int handled = 0;         // alerts they acknowledged or resolved in the span
        bool participant = true; // false: took load only by override or as a pipeline owner

        // The eight counts in the order of figureNames(), for tables and files.
        QList<int> figures() const
        {
            return {primaryTurns, secondaryTurns, daysOnCall, holidayDays,
                    weekendDays,  pages,          nightPages, handled};
        }

        bool operator==(const Load &) const = default;
    };

    QDate from; // first day
    QDate to;   // day after the last
    QString rotation;
    QString rotationName;
    QList<Load> people; // participants in rotation order, then anyone else who took load

    // One rotation over the local days [from, to) of its zone; pages count the alerts of
    // the rotation's pipelines.
    static FairnessReport build(const OnCallSchedule &schedule, const QList<Alert> &alerts,
                                const QDate &from, const QDate &to, const QString &rotationId);
    const Load *load(const QString &person) const;
    // Max - min of a column over the rotation participants, to read fairness at a glance.
    int spread(int Load::*field) const;

    static QStringList figureNames(); // for people to read
    static QString csvHeader();
    QString toCsvRows() const; // one row per person, starting with the rotation id
    QString toMarkdown() const;
};

} // namespace wk
