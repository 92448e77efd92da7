#include "budgetchart.h"

#include "chartkit.h"

#include <QCategoryAxis>
#include <QChart>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLocale>
#include <QValueAxis>

#include <cmath>

namespace wk {

using namespace chartkit;

namespace {
// Budget lines are thinned to about this many points; they only ever fall.
constexpr int maxLinePoints = 120;
} // namespace

QString BudgetChart::title() const
{
    return tr("Error budget left");
}

void BudgetChart::plot(QChart *chart)
{
    const qsizetype n = insights().days.size();
    const qsizetype step = std::max<qsizetype>(1, (n + maxLinePoints - 1) / maxLinePoints);
    double lo = 0, hi = 1;
    QStringList categories;
    for (qsizetype d = 0; d < n; ++d)
        categories << insights().days[d].day.toString(QStringLiteral("d/M"));
    // Few date labels: the legend takes the side of this chart.
    QCategoryAxis *x = indexAxis(categories, 3);
    for (const Insights::Budget &budget : std::as_const(insights().budgets)) {
        for (double v : budget.remainingMinutes) {
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
        hi = std::max(hi, budget.budgetMinutes);
    }
    const TimeUnit unit = timeUnitFor(std::max(std::abs(lo), std::abs(hi)));
    QValueAxis *y = steppedAxis(lo * unit.perMinute, hi * unit.perMinute,
                                QStringLiteral("%g ") + unit.name, unit.perMinute < 1 ? 0.5 : 1);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    for (qsizetype b = 0; b < insights().budgets.size(); ++b) {
        const Insights::Budget &budget = insights().budgets[b];
        auto *line = new QLineSeries;
        line->setName(budget.label);
        for (qsizetype d = 0; d < n; d += step)
            line->append(double(d), budget.remainingMinutes[d] * unit.perMinute);
        if (n > 0 && (n - 1) % step != 0)
            line->append(double(n - 1), budget.remainingMinutes[n - 1] * unit.perMinute);
        if (budget.customer) {
            QPen pen = line->pen();
            pen.setStyle(Qt::DashLine);
            line->setPen(pen);
        }
        chart->addSeries(line);
        line->attachAxis(x);
        line->attachAxis(y);
        connect(line, &QLineSeries::hovered, this, [this, b](const QPointF &p, bool on) {
            const int d = static_cast<int>(std::lround(p.x()));
            const Insights::Budget &budget = insights().budgets.value(b);
            if (!on || d < 0 || d >= budget.remainingMinutes.size())
                return;
            showTip(tr("%1, %2\n%3 left of %4 (target %5 %)")
                        .arg(budget.label,
                             QLocale().toString(insights().days[d].day, QLocale::ShortFormat),
                             minutesText(budget.remainingMinutes[d]),
                             minutesText(budget.budgetMinutes))
                        .arg(budget.availability));
        });
        connect(line, &QLineSeries::clicked, this, [this, b](const QPointF &p) {
            const int d = static_cast<int>(std::lround(p.x()));
            const Insights::Budget &budget = insights().budgets.value(b);
            if (d < 0 || d >= insights().days.size())
                return;
            AlertSelection sel;
            if (budget.customer)
                sel.text = budget.label;
            else
                sel.pipeline = budget.key;
            sel.severity = -1;
            sel.raisedFrom = dayStartNs(insights().query.from);
            sel.raisedTo = dayStartNs(insights().days[d].day.addDays(1));
            sel.label = tr("raised up to %1")
                            .arg(QLocale().toString(insights().days[d].day, QLocale::ShortFormat));
            emit alertsRequested(sel);
        });
    }
    // Pipelines in the legend, listed down the side; customers (dashed) by their tooltips.
    chart->legend()->setAlignment(Qt::AlignRight);
    const QList<QLegendMarker *> markers = chart->legend()->markers();
    for (qsizetype b = 0; b < markers.size() && b < insights().budgets.size(); ++b)
        markers[b]->setVisible(!insights().budgets[b].customer);
    elideLegend(chart, chart->legend()->font().pointSize() * 11);
    sayWhenEmpty(chart, insights().budgets.isEmpty(),
                 tr("Pipelines in scope show the downtime their availability target allows."));
}

} // namespace wk
