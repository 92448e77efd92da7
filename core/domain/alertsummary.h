#pragma once

#include "alert.h"

#include <QList>

namespace wk {

// What is burning, at a glance: the open alerts by severity, how many nobody has taken yet,
// and how many are past a deadline. One definition of "unacknowledged" and "overdue", so
// the figures and the filters behind them agree.
struct AlertSummary
{
    int critical = 0;
    int high = 0;
    int medium = 0;
    int unacknowledged = 0;
    int overdue = 0;

    int open() const { return critical + high + medium; }
    int bySeverity(Severity s) const;

    // Open and taken by nobody: neither acknowledged nor snoozed.
    static bool isUnacknowledged(const Alert &a);
    // Open and past its ack-by (never acknowledged) or its resolve-by deadline at `now`.
    static bool isOverdue(const Alert &a, TimestampNs now);
    static AlertSummary of(const QList<Alert> &alerts, TimestampNs now);

    bool operator==(const AlertSummary &) const = default;
};

} // namespace wk
