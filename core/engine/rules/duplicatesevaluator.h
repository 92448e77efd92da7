#pragma once

#include "ruleevaluator.h"

#include <QHash>

#include <deque>
#include <optional>

namespace wk {

// The same event (by its id, or all its fields) arriving more than once. The engine asks
// accept() before any other rule sees an event, so duplicates are counted here and never
// counted twice elsewhere.
class DuplicatesEvaluator : public RuleEvaluator
{
public:
    using RuleEvaluator::RuleEvaluator;
    // False for a duplicate, which is then counted and dropped.
    bool accept(const Event &e);
    void evaluate(TimestampNs now, RuleOutcome &out) override;
    qint64 duplicatesSeen() const { return m_total; }

private:
    struct Seen
    {
        TimestampNs time;
        QString id;
    };
    // Ids by a 64-bit hash of their text: hashing and comparing integers is much cheaper
    // than QHash's own hashing and probing by string, which was a quarter of the live path.
    // The id is kept to confirm a match; two ids with the same hash (about once in 10^12
    // hours at a million events an hour) would make the older one forgotten early, never
    // an event dropped.
    QHash<quint64, Seen> m_seen;
    // Where the last walk over m_seen forgot up to (see evaluate).
    std::optional<TimestampNs> m_forgotten;
    std::deque<TimestampNs> m_duplicates;
    qint64 m_total = 0;
};

} // namespace wk
