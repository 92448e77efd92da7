#include "duplicatesevaluator.h"

#include <algorithm>
#include <cstring>

namespace wk {

namespace {

// A 64-bit hash of the id's UTF-16 text, four characters at a time.
quint64 idHash(const QString &id)
{
    constexpr quint64 k = 0x9e3779b97f4a7c15ULL;
    quint64 h = static_cast<quint64>(id.size()) * k;
    const QChar *p = id.constData();
    qsizetype left = id.size();
    for (; left >= 4; p += 4, left -= 4) {
        quint64 w = 0;
        std::memcpy(&w, p, 8);
        h = (h ^ w) * k;
        h ^= h >> 29;
    }
    if (left > 0) {
        quint64 w = 0;
        std::memcpy(&w, p, static_cast<size_t>(left) * 2);
        h = (h ^ w) * k;
    }
    h ^= h >> 32;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 29;
    return h;
}

} // namespace

bool DuplicatesEvaluator::accept(const Event &e)
{
    const quint64 key = idHash(e.id);
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
