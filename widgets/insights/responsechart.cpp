#include "responsechart.h"

#include "chartkit.h"

#include <QCategoryAxis>
#include <QChart>
#include <QLineSeries>
#include <QLocale>
#include <QValueAxis>

#include <cmath>

namespace wk {

using namespace chartkit;

QString ResponseChart::title() const
{
    return tr("MTTA and MTTR per week");
}

void ResponseChart::plot(QChart *chart)
{
    double top = 0;
    for (const Insights::Week &w : std::as_const(insights().weeks))
        top = std::max({top, w.mttaMinutes.value_or(0), w.mttrMinutes.value_or(0)});
    // Hours read better than "300.0" minutes; the tooltips keep the exact figure.
    const TimeUnit unit = timeUnitFor(top);
    auto *mtta = new QLineSeries;
    mtta->setName(tr("MTTA (%1)").arg(unit.name));
    auto *mttr = new QLineSeries;
    mttr->setName(tr("MTTR (%1)").arg(unit.name));
    QStringList categories;
    for (qsizetype i = 0; i < insights().weeks.size(); ++i) {
        const Insights::Week &w = insights().weeks[i];
        categories << w.weekStart.toString(QStringLiteral("d/M"));
        if (w.mttaMinutes)
            mtta->append(double(i), *w.mttaMinutes * unit.perMinute);
        if (w.mttrMinutes)
            mttr->append(double(i), *w.mttrMinutes * unit.perMinute);
    }
    QCategoryAxis *x = indexAxis(categories);
    QValueAxis *y = steppedAxis(0, std::max(1.0, top * unit.perMinute * 1.05),
                                QStringLiteral("%g ") + unit.name, 0.5);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    for (QLineSeries *s : {mtta, mttr}) {
        s->setPointsVisible(true);
        chart->addSeries(s);
        s->attachAxis(x);
        s->attachAxis(y);
        connect(s, &QLineSeries::hovered, this, [this](const QPointF &p, bool on) {
            const int i = static_cast<int>(std::lround(p.x()));
            if (!on || i < 0 || i >= insights().weeks.size())
                return;
            const Insights::Week &w = insights().weeks[i];
            showTip(tr("Week of %1\nMTTA %2 over %3 acknowledged\nMTTR %4 over %5 resolved")
                        .arg(QLocale().toString(w.weekStart, QLocale::ShortFormat),
                             w.mttaMinutes ? minutesText(*w.mttaMinutes) : tr("–"))
                        .arg(w.acknowledged)
                        .arg(w.mttrMinutes ? minutesText(*w.mttrMinutes) : tr("–"))
                        .arg(w.resolved));
        });
        connect(s, &QLineSeries::clicked, this, [this](const QPointF &p) {
            const int i = static_cast<int>(std::lround(p.x()));
            if (i < 0 || i >= insights().weeks.size())
                return;
            const QDate first = insights().weeks[i].weekStart;
            const QDate next = i + 1 < insights().weeks.size() ? insights().weeks[i + 1].weekStart
                                                               : insights().query.to;
            AlertSelection sel;
            sel.pipeline = pipelineFilter();
            sel.raisedFrom = dayStartNs(first);
            sel.raisedTo = dayStartNs(next);
            sel.label =
                tr("raised in the week of %1").arg(QLocale().toString(first, QLocale::ShortFormat));
            emit alertsRequested(sel);
        });
    }
    sayWhenEmpty(chart, mtta->count() + mttr->count() == 0,
                 tr("Weeks in which alerts were acknowledged or resolved get a point each."));
}

} // namespace wk
