#pragma once

#include <QString>
#include <QStringList>

class QChart;
class QChartView;
class QCategoryAxis;
class QHorizontalBarSeries;
class QValueAxis;

// What the Insights charts share: axes a person reads easily, durations in a fitting unit,
// empty charts that say what would fill them, legends that keep long names readable.
namespace wk::chartkit {

// "12.5 min" below two hours, else "3.2 h".
QString minutesText(double minutes);
// A new, empty chart in the view; the old one goes, with its series and axes.
QChart *freshChart(QChartView *view);
void showTip(const QString &text);
// An x axis over points 0..n-1 with about `most` readable labels instead of one per point.
QCategoryAxis *indexAxis(const QStringList &labels, int most = 6);
// The step a person would pick for about `ticks` intervals over `span`: 1, 2 or 5 times a
// power of ten, never below `least`.
double niceStep(double span, int ticks = 5, double least = 1);
// Ticks on whole steps from `lo` to `hi` (both rounded outwards), labelled in `format`.
QValueAxis *steppedAxis(double lo, double hi, const QString &format, double least = 1);
// A value axis from zero with whole, distinct steps: small counts get a tick per unit.
QValueAxis *countAxis(double max);

// Durations read in the unit that keeps their figures short: minutes up to two hours.
struct TimeUnit
{
    double perMinute = 1;
    QString name;
};
TimeUnit timeUnitFor(double largestMinutes);

// An empty chart says so, and what would fill it.
void sayWhenEmpty(QChart *chart, bool empty, const QString &whatFillsIt);
// Long names (pipelines, customers) keep both ends in the legend; the whole name is in the
// tooltip of its marker.
void elideLegend(QChart *chart, int maxWidth);
// Horizontal bars of counts, one category (person, customer) a row.
void countBars(QChart *chart, QHorizontalBarSeries *series, const QStringList &categories,
               const QString &whatFillsIt);

} // namespace wk::chartkit
