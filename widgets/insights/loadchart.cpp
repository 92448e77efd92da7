#include "loadchart.h"

#include "chartkit.h"

#include <QBarSet>
#include <QChart>
#include <QHorizontalBarSeries>

#include <cmath>

namespace wk {

using namespace chartkit;

QString LoadChart::title() const
{
    return tr("On-call load per person");
}

void LoadChart::plot(QChart *chart)
{
    const QStringList names{tr("Pages"), tr("Night pages"), tr("Handled"), tr("Holiday days")};
    QList<QBarSet *> sets;
    for (const QString &n : names)
        sets << new QBarSet(n);
    QStringList categories;
    for (qsizetype i = insights().load.size() - 1; i >= 0; --i) {
        const Insights::Load &l = insights().load[i];
        categories << l.name;
        *sets[0] << l.pages;
        *sets[1] << l.nightPages;
        *sets[2] << l.handled;
        *sets[3] << l.holidayDays;
    }
    auto *series = new QHorizontalBarSeries;
    for (QBarSet *s : sets)
        series->append(s);
    countBars(chart, series, categories,
              tr("People who were paged or handled alerts, or held holidays on call."));
    auto loadAt = [this](int index) -> const Insights::Load * {
        const qsizetype i = insights().load.size() - 1 - index;
        return i >= 0 && i < insights().load.size() ? &insights().load[i] : nullptr;
    };
    connect(series, &QHorizontalBarSeries::hovered, this, [loadAt](bool on, int index, QBarSet *) {
        const Insights::Load *l = loadAt(index);
        if (!on || !l)
            return;
        showTip(tr("%1: paged %2 time(s), %3 at night; handled %4; %5 holiday day(s) "
                   "on call")
                    .arg(l->name)
                    .arg(l->pages)
                    .arg(l->nightPages)
                    .arg(l->handled)
                    .arg(l->holidayDays));
    });
    connect(series, &QHorizontalBarSeries::clicked, this, [this, loadAt](int index, QBarSet *) {
        const Insights::Load *l = loadAt(index);
        if (!l)
            return;
        AlertSelection sel = raisedInRange();
        sel.assignee = l->person;
        emit alertsRequested(sel);
    });
}

} // namespace wk
