#include "duplicatesevaluator.h"

#include "engine/wordhash.h"

#include <algorithm>

namespace wk {

bool DuplicatesEvaluator::accept(const Event &e)
{
    const quint64 key = wordHash(e.id.constData(), static_cast<size_t>(e.id.size()) * 2);
    const auto it = m_seen.find(key);
    if (it == m_seen.end()) {
        m_seen.insert(key, {e.time, e.id});
        return true;
    }
    if (it->id != e.id) {
        *it = {e.time, e.id}; // another id with the same hash: the newer one is remembered
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
    // to matter to any window-based rule. Forgetting walks every id remembered, so it is
    // done once the horizon has moved half a window, not at every evaluation (walking at
    // each was a fifth of the live path's work): an id is forgotten between two and two and
    // a half windows after its event.
    const TimestampNs window = m_rule.windowSeconds * nanosPerSecond;
    const TimestampNs forget = now - 2 * window;
    if (!m_forgotten || forget - *m_forgotten >= window / 2 || forget < *m_forgotten) {
        m_forgotten = forget;
        for (auto it = m_seen.begin(); it != m_seen.end();) {
            if (it->time < forget)
                it = m_seen.erase(it);
            else
                ++it;
        }
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
