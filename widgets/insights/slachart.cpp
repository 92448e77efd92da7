#include "slachart.h"

#include "chartkit.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QHorizontalBarSeries>
#include <QValueAxis>

#include <cmath>

namespace wk {

using namespace chartkit;

QString SlaChart::title() const
{
    return tr("SLA compliance per pipeline");
}

void SlaChart::plot(QChart *chart)
{
    auto *ack = new QBarSet(tr("Acknowledged in time %"));
    auto *res = new QBarSet(tr("Resolved in time %"));
    ack->setColor(QColor(0x4f, 0x7c, 0xac));
    res->setColor(QColor(0x59, 0xa1, 0x4f));
    QStringList categories;
    // Worst first from the top: horizontal bars list bottom-up.
    for (qsizetype i = insights().sla.size() - 1; i >= 0; --i) {
        const Insights::Sla &s = insights().sla[i];
        const Pipeline *p = workspace().pipeline(s.pipeline);
        categories << (p ? p->name : s.pipeline);
        *ack << 100.0 * s.ackShare();
        *res << 100.0 * s.resolveShare();
    }
    auto *series = new QHorizontalBarSeries;
    series->append(ack);
    series->append(res);
    chart->addSeries(series);
    auto *y = new QBarCategoryAxis;
    y->append(categories);
    auto *x = new QValueAxis;
    x->setRange(0, 100);
    x->setLabelFormat(QStringLiteral("%d"));
    chart->addAxis(y, Qt::AlignLeft);
    chart->addAxis(x, Qt::AlignBottom);
    series->attachAxis(x);
    series->attachAxis(y);
    sayWhenEmpty(chart, categories.isEmpty(),
                 tr("Pipelines with alerts get the share answered and resolved in time."));
    auto slaAt = [this](int index) -> const Insights::Sla * {
        const qsizetype i = insights().sla.size() - 1 - index;
        return i >= 0 && i < insights().sla.size() ? &insights().sla[i] : nullptr;
    };
    connect(series, &QHorizontalBarSeries::hovered, this, [slaAt](bool on, int index, QBarSet *) {
        const Insights::Sla *s = slaAt(index);
        if (!on || !s)
            return;
        showTip(tr("%1: %2 alert(s)\nacknowledged in time %3 of %4 (%5 %)\nresolved in "
                   "time %6 of %7 (%8 %)")
                    .arg(s->pipeline)
                    .arg(s->alerts)
                    .arg(s->ackInTime)
                    .arg(s->ackDue)
                    .arg(100.0 * s->ackShare(), 0, 'f', 1)
                    .arg(s->resolveInTime)
                    .arg(s->resolveDue)
                    .arg(100.0 * s->resolveShare(), 0, 'f', 1));
    });
    connect(series, &QHorizontalBarSeries::clicked, this, [this, slaAt](int index, QBarSet *) {
        const Insights::Sla *s = slaAt(index);
        if (!s)
            return;
        AlertSelection sel = raisedInRange();
        sel.pipeline = s->pipeline;
        emit alertsRequested(sel);
    });
}

} // namespace wk
