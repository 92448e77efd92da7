#pragma once

#include "alertfacts.h"
#include "domain/workspace.h"

#include <QDate>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QTimeZone>

#include <array>
#include <optional>

namespace wk {

class OnCallSchedule;

// Which alerts the Insights figures look at: the local days [from, to) in zone, and
// optionally only some pipelines or the pipelines a team owns.
struct InsightsQuery
{
    QDate from;
    QDate to; // the day after the last
    QTimeZone zone = QTimeZone::utc();
    QStringList pipelines; // empty: all
    QString team;          // empty: all; else pipelines a member owns (primary or secondary)
    int topCustomers = 5;
    double defaultAvailability = 99.5; // for pipelines without a target, and for customers
};

// The figures behind the Insights charts, from the facts of the stored alerts.
struct Insights
{
    struct Day
    {
        QDate day;
        std::array<int, 3> opened{}; // critical, high, medium
    };
    struct Week
    {
        QDate weekStart; // Monday, or the range's first day for a partial first week
        int acknowledged = 0;
        int resolved = 0;
        std::optional<double> mttaMinutes; // of the alerts acknowledged in the week
        std::optional<double> mttrMinutes; // of the alerts resolved in the week
    };
    struct Sla
    {
        QString pipeline;
        int alerts = 0;     // raised in the range
        int ackDue = 0;     // acknowledged, or past their ack-by
        int ackInTime = 0;  // acknowledged by their ack-by
        int resolveDue = 0; // resolved, or past their resolve-by
        int resolveInTime = 0;
        double ackShare() const { return ackDue ? double(ackInTime) / ackDue : 1.0; }
        double resolveShare() const
        {
            return resolveDue ? double(resolveInTime) / resolveDue : 1.0;
        }
    };
    struct Budget
    {
        QString key; // pipeline or customer id
        QString label;
        bool customer = false;
        double availability = 99.5;
        double budgetMinutes = 0;       // allowed downtime over the range
        QList<double> remainingMinutes; // at the end of each day of the range
        double consumedMinutes = 0;
    };
    struct Load
    {
        QString person;
        QString name;
        int pages = 0;
        int nightPages = 0;
        int handled = 0;
        int holidayDays = 0; // primary days on public holidays, every rotation
    };
    struct CustomerImpact
    {
        QString customer;
        QString name;
        double monthlyRevenue = 0;
        int alerts = 0;
        int critical = 0;
        double impact = 0; // alerts x monthly revenue: what ranks them
    };

    // A rule's alerts raised in the range, by how they ended, and the pages they caused:
    // which rules cry wolf, and at what cost in sleep.
    struct NoisyRule
    {
        QString rule;
        int alerts = 0;
        int actionable = 0;
        int falseAlarms = 0; // noise, won't fix, resolved by itself
        int noise = 0;       // of those, marked noise
        int unknown = 0;     // still open, or ended with nothing to say how
        int pages = 0;       // alerts that paged someone
        int nightPages = 0;
        int falseAlarmPages = 0; // pages for alerts that were false alarms
        // Of the alerts whose outcome is known, the share that were false alarms.
        double falseAlarmShare() const
        {
            const int known = actionable + falseAlarms;
            return known ? double(falseAlarms) / known : 0.0;
        }
    };

    InsightsQuery query;
    int alerts = 0; // raised in the range, after filters
    QList<Day> days;
    QList<Week> weeks;
    QList<Sla> sla;                  // pipelines with alerts in the range, worst ack share first
    QList<Budget> budgets;           // every pipeline in scope, then the top customers
    QList<Load> load;                // people who were paged, handled alerts or held holidays
    QList<CustomerImpact> customers; // highest impact first, at most query.topCustomers
    QList<NoisyRule> rules;          // most false alarms first, then pages; at most 8

    // now bounds open alerts' downtime and which deadlines have passed. schedule may be
    // null: holiday days are then left at zero.
    static Insights compute(const AlertFacts &facts, const Workspace &workspace,
                            const InsightsQuery &query, TimestampNs now,
                            const OnCallSchedule *schedule);

    // One tidy table for every chart: chart,series,x,value.
    QString toCsv() const;
    // Only the rows of one chart (volume, response, sla, budget, load, customers).
    QString toCsv(const QString &chart) const;
    QJsonObject toJson() const;
};

} // namespace wk
