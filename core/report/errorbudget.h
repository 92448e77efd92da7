#pragma once

#include "domain/alert.h"

#include <QList>
#include <QString>

#include <functional>

namespace wk {

// How much of an availability target's allowed downtime a period has used. 99.5 % allows
// 0.5 % of the time down: 7.2 minutes a day. Downtime is the union of the times when a
// critical or high alert was open (overlapping alerts count once).
struct ErrorBudget
{
    double budgetSeconds = 0;    // allowed downtime over the whole period
    double consumedSeconds = 0;  // downtime so far
    double remainingSeconds = 0; // may go negative: the target is missed
    // 1.0 = spending exactly at the pace that uses the budget up by the period's end.
    double burnRate = 0;

    // matches picks the alerts that count, e.g. one pipeline's or one customer's.
    static ErrorBudget compute(const QList<Alert> &alerts,
                               const std::function<bool(const Alert &)> &matches,
                               double availabilityPercent, TimestampNs from, TimestampNs to,
                               TimestampNs now);
    static ErrorBudget forPipeline(const QList<Alert> &alerts, const QString &pipelineId,
                                   double availabilityPercent, TimestampNs from, TimestampNs to,
                                   TimestampNs now);
    static ErrorBudget forCustomer(const QList<Alert> &alerts, const QString &customerId,
                                   double availabilityPercent, TimestampNs from, TimestampNs to,
                                   TimestampNs now);
};

} // namespace wk
