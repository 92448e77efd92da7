#pragma once

#include "ruleevaluator.h"

#include <map>
#include <optional>

namespace wk {

// The event count of the last complete period falls far below the source's own recent
// baseline: the median of the previous periods, so one spike or one quiet night does
// not move it. A broken upstream queue shows up as a drop to zero.
class VolumeEvaluator : public RuleEvaluator
{
public:
    using RuleEvaluator::RuleEvaluator;
    void add(const Event &e) override;
    void evaluate(TimestampNs now, RuleOutcome &out) override;

private:
    std::map<qint64, qint64> m_counts; // period number -> events
    std::optional<qint64> m_firstPeriod;
};

} // namespace wk
