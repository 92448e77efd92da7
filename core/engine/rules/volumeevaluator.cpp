#include "volumeevaluator.h"

#include <algorithm>

namespace wk {

namespace {
// Fewer periods than this tell nothing about what is usual.
constexpr int minimumBaselinePeriods = 3;
// A baseline this small is noise: a drop from 2 to 0 is not an incident.
constexpr double minimumBaselineMedian = 5;
} // namespace

void VolumeEvaluator::add(const Event &e)
{
    const qint64 period = e.time / (m_rule.periodSeconds * nanosPerSecond);
    ++m_counts[period];
    if (!m_firstPeriod || period < *m_firstPeriod)
        m_firstPeriod = period;
}

void VolumeEvaluator::evaluate(TimestampNs now, RuleOutcome &out)
{
    QList<AlertCondition> holding;
    const qint64 periodNs = m_rule.periodSeconds * nanosPerSecond;
    const qint64 last = now / periodNs - 1; // the last complete period
    if (m_firstPeriod && last > *m_firstPeriod) {
        std::vector<qint64> baseline;
        for (qint64 p = std::max(*m_firstPeriod, last - m_rule.baselinePeriods); p < last; ++p) {
            const auto it = m_counts.find(p);
            baseline.push_back(it == m_counts.end() ? 0 : it->second);
        }
        if (static_cast<int>(baseline.size()) >= minimumBaselinePeriods) {
            std::sort(baseline.begin(), baseline.end());
            const size_t n = baseline.size();
            const double median =
                n % 2 ? double(baseline[n / 2]) : (baseline[n / 2 - 1] + baseline[n / 2]) / 2.0;
            const auto it = m_counts.find(last);
            const qint64 count = it == m_counts.end() ? 0 : it->second;
            if (median >= minimumBaselineMedian && count <= m_rule.dropRatio * median) {
                AlertCondition c = condition(
                    m_rule.source, volumeTitle(m_rule, count, (last + 1) * periodNs, median),
                    static_cast<int>(count));
                c.evidence =
                    QStringLiteral(
                        "median of the previous %1 periods: %2; alert at %3 % of it or less")
                        .arg(n)
                        .arg(median)
                        .arg(m_rule.dropRatio * 100);
                holding.append(c);
            }
        }
    }
    // Periods older than the baseline are no longer needed.
    m_counts.erase(m_counts.begin(), m_counts.lower_bound(last - m_rule.baselinePeriods - 1));
    settle(holding, out);
}

} // namespace wk
