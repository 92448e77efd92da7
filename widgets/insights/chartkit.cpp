#include "chartkit.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QCursor>
#include <QHorizontalBarSeries>
#include <QLegendMarker>
#include <QToolTip>
#include <QValueAxis>

#include <cmath>

namespace wk::chartkit {

QString minutesText(double minutes)
{
    if (std::abs(minutes) < 120)
        return QStringLiteral("%1 min").arg(minutes, 0, 'f', 1);
    return QStringLiteral("%1 h").arg(minutes / 60, 0, 'f', 1);
}

QChart *freshChart(QChartView *view)
{
    // Replacing the chart drops the old series and axes with it.
    auto *chart = new QChart;
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->legend()->setFont(QFont(chart->legend()->font().family(), 8));
    QChart *old = view->chart();
    view->setChart(chart);
    delete old;
    return chart;
}

void showTip(const QString &text)
{
    QToolTip::showText(QCursor::pos(), text);
}

QCategoryAxis *indexAxis(const QStringList &labels, int most)
{
    auto *axis = new QCategoryAxis;
    axis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    const qsizetype n = labels.size();
    axis->setRange(-0.5, std::max<double>(0.5, double(n) - 0.5));
    const qsizetype every = std::max<qsizetype>(1, (n + most - 1) / most);
    for (qsizetype i = 0; i < n; i += every)
        axis->append(labels[i], double(i));
    axis->setGridLineVisible(false);
    QFont small = axis->labelsFont();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    axis->setLabelsFont(small);
    return axis;
}

double niceStep(double span, int ticks, double least)
{
    if (span <= 0)
        return least;
    const double raw = span / ticks;
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    double step = 10 * power;
    for (double m : {1.0, 2.0, 5.0}) {
        if (m * power >= raw) {
            step = m * power;
            break;
        }
    }
    return std::max(step, least);
}

QValueAxis *steppedAxis(double lo, double hi, const QString &format, double least)
{
    auto *axis = new QValueAxis;
    const double step = niceStep(hi - lo, 5, least);
    axis->setRange(std::floor(lo / step) * step, std::max(step, std::ceil(hi / step) * step));
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(0);
    axis->setTickInterval(step);
    axis->setLabelFormat(format);
    return axis;
}

QValueAxis *countAxis(double max)
{
    return steppedAxis(0, std::max(1.0, max), QStringLiteral("%.0f"));
}

TimeUnit timeUnitFor(double largestMinutes)
{
    if (largestMinutes >= 48 * 60)
        return {1.0 / (24 * 60), QObject::tr("days")};
    if (largestMinutes >= 120)
        return {1.0 / 60, QObject::tr("h")};
    return {1, QObject::tr("min")};
}

void sayWhenEmpty(QChart *chart, bool empty, const QString &whatFillsIt)
{
    chart->setTitle(empty ? QObject::tr("Nothing in this range. %1").arg(whatFillsIt) : QString());
    if (empty) {
        QFont font = chart->titleFont();
        font.setBold(false);
        chart->setTitleFont(font);
    }
}

void elideLegend(QChart *chart, int maxWidth)
{
    const QFontMetrics metrics(chart->legend()->font());
    for (QLegendMarker *marker : chart->legend()->markers()) {
        const QString full = marker->label();
        const QString shown = metrics.elidedText(full, Qt::ElideMiddle, maxWidth);
        if (shown == full)
            continue;
        marker->setLabel(shown);
        QObject::connect(marker, &QLegendMarker::hovered, marker, [full](bool on) {
            if (on)
                showTip(full);
            else
                QToolTip::hideText();
        });
    }
}

void countBars(QChart *chart, QHorizontalBarSeries *series, const QStringList &categories,
               const QString &whatFillsIt)
{
    chart->addSeries(series);
    auto *y = new QBarCategoryAxis;
    y->append(categories);
    double highest = 0;
    for (const QBarSet *set : series->barSets())
        for (int i = 0; i < set->count(); ++i)
            highest = std::max(highest, set->at(i));
    QValueAxis *x = countAxis(highest);
    chart->addAxis(y, Qt::AlignLeft);
    chart->addAxis(x, Qt::AlignBottom);
    series->attachAxis(x);
    series->attachAxis(y);
    sayWhenEmpty(chart, categories.isEmpty(), whatFillsIt);
    elideLegend(chart, chart->legend()->font().pointSize() * 12);
}

} // namespace wk::chartkit
