#pragma once

#include "ruleevaluator.h"

#include <QHash>

#include <deque>

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
    QHash<QString, TimestampNs> m_seen; // id -> event time
    std::deque<TimestampNs> m_duplicates;
    qint64 m_total = 0;
};

} // namespace wk
