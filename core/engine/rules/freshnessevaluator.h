#pragma once

#include "ruleevaluator.h"

#include <optional>

namespace wk {

// The newest event of a source is older than allowed: warn_after raises the alert one
// severity lower than the rule's, error_after at the rule's severity (like dbt's
// source freshness).
class FreshnessEvaluator : public RuleEvaluator
{
public:
    using RuleEvaluator::RuleEvaluator;
    void add(const Event &e) override;
    void evaluate(TimestampNs now, RuleOutcome &out) override;
    // For sources probed rather than streamed: the newest time seen there.
    void observeNewest(TimestampNs newest);

private:
    std::optional<TimestampNs> m_newest;
};

} // namespace wk
