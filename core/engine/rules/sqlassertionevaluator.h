#pragma once

#include "ruleevaluator.h"

#include <optional>

namespace wk {

// A query against a configured connection whose rows are failures (zero rows = pass),
// e.g. "SELECT order_id FROM profit_unit WHERE fee IS NULL". Runs every interval; a query
// that cannot run is itself reported.
class SqlAssertionEvaluator : public RuleEvaluator
{
public:
    using RuleEvaluator::RuleEvaluator;
    void evaluate(TimestampNs now, RuleOutcome &out) override;

private:
    std::optional<TimestampNs> m_lastRun;
};

} // namespace wk
