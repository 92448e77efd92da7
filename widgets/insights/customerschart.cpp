#include "customerschart.h"

#include "chartkit.h"
#include "severitystyle.h"

#include <QBarSet>
#include <QChart>
#include <QHorizontalBarSeries>
#include <QLocale>

#include <cmath>

namespace wk {

using namespace chartkit;

QString CustomersChart::title() const
{
    return tr("Top customers by alert impact");
}

void CustomersChart::plot(QChart *chart)
{
    auto *alerts = new QBarSet(tr("Alerts"));
    auto *critical = new QBarSet(tr("Critical"));
    critical->setColor(SeverityStyle::colour(Severity::Critical));
    QStringList categories;
    for (qsizetype i = insights().customers.size() - 1; i >= 0; --i) {
        const Insights::CustomerImpact &c = insights().customers[i];
        categories << c.name;
        *alerts << c.alerts;
        *critical << c.critical;
    }
    auto *series = new QHorizontalBarSeries;
    series->append(alerts);
    series->append(critical);
    countBars(chart, series, categories,
              tr("Customers whose alerts carried revenue, ranked by alerts × revenue."));
    auto customerAt = [this](int index) -> const Insights::CustomerImpact * {
        const qsizetype i = insights().customers.size() - 1 - index;
        return i >= 0 && i < insights().customers.size() ? &insights().customers[i] : nullptr;
    };
    connect(series, &QHorizontalBarSeries::hovered, this,
            [customerAt](bool on, int index, QBarSet *) {
                const Insights::CustomerImpact *c = customerAt(index);
                if (!on || !c)
                    return;
                showTip(tr("%1: %2 alert(s), %3 critical\n%4 a month in revenue; impact %5")
                            .arg(c->name)
                            .arg(c->alerts)
                            .arg(c->critical)
                            .arg(QLocale().toCurrencyString(c->monthlyRevenue))
                            .arg(QLocale().toString(c->impact, 'f', 0)));
            });
    connect(series, &QHorizontalBarSeries::clicked, this, [this, customerAt](int index, QBarSet *) {
        const Insights::CustomerImpact *c = customerAt(index);
        if (!c)
            return;
        AlertSelection sel = raisedInRange();
        sel.text = c->name;
        emit alertsRequested(sel);
    });
}

} // namespace wk
