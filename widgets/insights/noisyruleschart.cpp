#include "noisyruleschart.h"

#include "chartkit.h"
#include "severitystyle.h"

#include <QBarSet>
#include <QChart>
#include <QHorizontalBarSeries>

namespace wk {

using namespace chartkit;

QString NoisyRulesChart::title() const
{
    return tr("Noisiest rules");
}

void NoisyRulesChart::plot(QChart *chart)
{
    auto *falseAlarms = new QBarSet(tr("False alarms"));
    falseAlarms->setColor(SeverityStyle::colour(Severity::Medium));
    auto *actionable = new QBarSet(tr("Actionable"));
    auto *pages = new QBarSet(tr("Pages for false alarms"));
    pages->setColor(SeverityStyle::colour(Severity::Critical));
    QStringList categories;
    for (qsizetype i = insights().rules.size() - 1; i >= 0; --i) {
        const Insights::NoisyRule &r = insights().rules[i];
        categories << r.rule;
        *falseAlarms << r.falseAlarms;
        *actionable << r.actionable;
        *pages << r.falseAlarmPages;
    }
    auto *series = new QHorizontalBarSeries;
    series->append(falseAlarms);
    series->append(actionable);
    series->append(pages);
    countBars(chart, series, categories,
              tr("Rules whose alerts ended: marked noise, won't fix or resolved by themselves "
                 "against acted on. Mark outcomes with N on the Alerts page."));
    auto ruleAt = [this](int index) -> const Insights::NoisyRule * {
        const qsizetype i = insights().rules.size() - 1 - index;
        return i >= 0 && i < insights().rules.size() ? &insights().rules[i] : nullptr;
    };
    connect(series, &QHorizontalBarSeries::hovered, this, [ruleAt](bool on, int index, QBarSet *) {
        const Insights::NoisyRule *r = ruleAt(index);
        if (!on || !r)
            return;
        showTip(tr("%1: %2 alert(s); %3 false alarm(s) (%4 %), %5 marked noise, %6 actionable, "
                   "%7 not known yet\n%8 page(s), %9 at night; %10 for false alarms\nClick to "
                   "tune the rule with a backtest")
                    .arg(r->rule)
                    .arg(r->alerts)
                    .arg(r->falseAlarms)
                    .arg(qRound(r->falseAlarmShare() * 100))
                    .arg(r->noise)
                    .arg(r->actionable)
                    .arg(r->unknown)
                    .arg(r->pages)
                    .arg(r->nightPages)
                    .arg(r->falseAlarmPages));
    });
    connect(series, &QHorizontalBarSeries::clicked, this, [this, ruleAt](int index, QBarSet *) {
        if (const Insights::NoisyRule *r = ruleAt(index))
            emit tuneRequested(r->rule);
    });
}

} // namespace wk
