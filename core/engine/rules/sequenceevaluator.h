#pragma once

#include "ruleevaluator.h"

#include <QHash>
#include <QSet>

#include <vector>

namespace wk {

// An entity skipped a required state: it went A → C where the steps are A, B, C. Each
// violation is reported once and stays until a person resolves it; it does not clear by
// itself, because the skipped step did not happen.
class SequenceEvaluator : public RuleEvaluator
{
public:
    using RuleEvaluator::RuleEvaluator;
    void add(const Event &e) override;
    void evaluate(TimestampNs now, RuleOutcome &out) override;

private:
    QHash<QString, std::vector<std::pair<TimestampNs, int>>> m_history; // subject -> (time, step)
    QSet<QString> m_dirty;
    QSet<QString> m_reported;
};

} // namespace wk
