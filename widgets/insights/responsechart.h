#pragma once

#include "insightschart.h"

namespace wk {

// Mean time to acknowledge and to resolve, per week, in the unit that keeps the
// figures short.
class ResponseChart : public InsightsChart
{
public:
    using InsightsChart::InsightsChart;

    QString key() const override { return QStringLiteral("response"); }
    QString title() const override;
    void plot(QChart *chart) override;
};

} // namespace wk
