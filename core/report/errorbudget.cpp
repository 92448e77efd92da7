#include "errorbudget.h"

#include <algorithm>
#include <vector>

namespace wk {

ErrorBudget ErrorBudget::compute(const QList<Alert> &alerts,
                                 const std::function<bool(const Alert &)> &matches,
                                 double availabilityPercent, TimestampNs from, TimestampNs to,
                                 TimestampNs now)
{
    ErrorBudget b;
    const TimestampNs end = std::min(to, now);
    const double period = static_cast<double>(to - from) / nanosPerSecond;
    b.budgetSeconds = period * (100.0 - availabilityPercent) / 100.0;
    std::vector<std::pair<TimestampNs, TimestampNs>> down;
    for (const Alert &a : alerts) {
        if (a.severity == Severity::Medium || !matches(a))
            continue;
        const TimestampNs start = std::max(a.triggeredAt, from);
        const TimestampNs stop = std::min(a.resolvedAt.value_or(end), end);
        if (stop > start)
            down.emplace_back(start, stop);
    }
    std::sort(down.begin(), down.end());
    TimestampNs covered = 0, runStart = 0, runEnd = 0;
    bool open = false;
    for (const auto &[s, e] : down) {
        if (open && s <= runEnd) {
            runEnd = std::max(runEnd, e);
            continue;
        }
        if (open)
            covered += runEnd - runStart;
        runStart = s;
        runEnd = e;
        open = true;
    }
    if (open)
        covered += runEnd - runStart;
    b.consumedSeconds = static_cast<double>(covered) / nanosPerSecond;
    b.remainingSeconds = b.budgetSeconds - b.consumedSeconds;
    const double elapsed =
        static_cast<double>(std::max<TimestampNs>(0, end - from)) / nanosPerSecond;
    const double allowedSoFar = b.budgetSeconds * (period > 0 ? elapsed / period : 0);
    b.burnRate = allowedSoFar > 0 ? b.consumedSeconds / allowedSoFar : 0;
    return b;
}

ErrorBudget ErrorBudget::forPipeline(const QList<Alert> &alerts, const QString &pipelineId,
                                     double availabilityPercent, TimestampNs from, TimestampNs to,
                                     TimestampNs now)
{
    return compute(
        alerts, [&](const Alert &a) { return a.pipelineId == pipelineId; }, availabilityPercent,
        from, to, now);
}

ErrorBudget ErrorBudget::forCustomer(const QList<Alert> &alerts, const QString &customerId,
                                     double availabilityPercent, TimestampNs from, TimestampNs to,
                                     TimestampNs now)
{
    return compute(
        alerts, [&](const Alert &a) { return a.customerId == customerId; }, availabilityPercent,
        from, to, now);
}

} // namespace wk
