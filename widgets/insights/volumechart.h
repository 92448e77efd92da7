#pragma once

#include "insightschart.h"

#include <QList>
#include <QPair>

namespace wk {

// Alerts raised per day, stacked by severity; over more than a month, per week.
class VolumeChart : public InsightsChart
{
public:
    using InsightsChart::InsightsChart;

    QString key() const override { return QStringLiteral("volume"); }
    QString title() const override;
    void plot(QChart *chart) override;

private:
    // The first day of each bar and how many days it holds.
    QList<QPair<QDate, int>> m_buckets;
    bool m_weekly = false;
};

} // namespace wk
