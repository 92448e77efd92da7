#pragma once

#include "insightschart.h"

namespace wk {

// The customers with the most alerts weighted by the revenue they bring.
class CustomersChart : public InsightsChart
{
public:
    using InsightsChart::InsightsChart;

    QString key() const override { return QStringLiteral("customers"); }
    QString title() const override;
    void plot(QChart *chart) override;
};

} // namespace wk
