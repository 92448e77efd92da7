#include "duplicatesevaluator.h"

#include <algorithm>

namespace wk {

bool DuplicatesEvaluator::accept(const Event &e)
{
    const auto it = m_seen.constFind(e.id);
    if (it == m_seen.constEnd()) {
        m_seen.insert(e.id, e.time);
        return true;
    }
    ++m_total;
    m_duplicates.insert(std::upper_bound(m_duplicates.begin(), m_duplicates.end(), e.time), e.time);
    return false;
}

void DuplicatesEvaluator::evaluate(TimestampNs now, RuleOutcome &out)
{
    const TimestampNs from = now - m_rule.windowSeconds * nanosPerSecond;
    while (!m_duplicates.empty() && m_duplicates.front() < from)
        m_duplicates.pop_front();
    // Ids are remembered for twice the window: a copy arriving later than that is too late
    // to matter to any window-based rule.
    const TimestampNs forget = now - 2 * m_rule.windowSeconds * nanosPerSecond;
    for (auto it = m_seen.begin(); it != m_seen.end();) {
        if (*it < forget)
            it = m_seen.erase(it);
        else
            ++it;
    }
    QList<AlertCondition> holding;
    const auto inWindow = std::count_if(m_duplicates.begin(), m_duplicates.end(),
                                        [&](TimestampNs t) { return t <= now; });
    if (inWindow > 0) {
        AlertCondition c =
            condition(m_rule.source, duplicatesTitle(m_rule, inWindow), static_cast<int>(inWindow));
        c.evidence =
            QStringLiteral("%1 duplicate(s) dropped since the engine started").arg(m_total);
        holding.append(c);
    }
    settle(holding, out);
}

} // namespace wk
