#pragma once

#include "insightschart.h"

namespace wk {

// Per person: pages, pages at night, alerts handled and holiday days on call.
class LoadChart : public InsightsChart
{
public:
    using InsightsChart::InsightsChart;

    QString key() const override { return QStringLiteral("load"); }
    QString title() const override;
    void plot(QChart *chart) override;
};

} // namespace wk
