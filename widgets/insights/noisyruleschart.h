#pragma once

#include "insightschart.h"

namespace wk {

// The rules whose alerts were most often false alarms, with the pages they caused; a click
// opens the rule in Tune Rule… to see what a change would have spared.
class NoisyRulesChart : public InsightsChart
{
public:
    using InsightsChart::InsightsChart;

    QString key() const override { return QStringLiteral("rules"); }
    QString title() const override;
    void plot(QChart *chart) override;
};

} // namespace wk
