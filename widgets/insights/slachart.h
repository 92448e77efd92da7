#pragma once

#include "insightschart.h"

namespace wk {

// Per pipeline, the share of alerts acknowledged and resolved within their severity's
// clocks, worst first.
class SlaChart : public InsightsChart
{
public:
    using InsightsChart::InsightsChart;

    QString key() const override { return QStringLiteral("sla"); }
    QString title() const override;
    void plot(QChart *chart) override;
};

} // namespace wk
