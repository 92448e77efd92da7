#pragma once

#include "insightschart.h"

namespace wk {

// Per pipeline, and dashed per customer, the downtime its availability target still
// allows, day by day.
class BudgetChart : public InsightsChart
{
public:
    using InsightsChart::InsightsChart;

    QString key() const override { return QStringLiteral("budget"); }
    QString title() const override;
    void plot(QChart *chart) override;
};

} // namespace wk
