#include "volumechart.h"

#include "chartkit.h"
#include "severitystyle.h"

#include <QBarSet>
#include <QCategoryAxis>
#include <QChart>
#include <QLocale>
#include <QStackedBarSeries>
#include <QValueAxis>

#include <cmath>

namespace wk {

using namespace chartkit;

namespace {
// More bars than this and a day each would be unreadable: the volume chart counts weeks.
constexpr int maxDailyBars = 31;
} // namespace

QString VolumeChart::title() const
{
    return m_weekly ? tr("Alerts per week by severity") : tr("Alerts per day by severity");
}

void VolumeChart::plot(QChart *chart)
{
    const QList<Insights::Day> &days = insights().days;
    const int step = days.size() > maxDailyBars ? 7 : 1;
    m_weekly = step != 1;
    m_buckets.clear();
    QStringList categories;
    QList<QBarSet *> sets;
    const QStringList names{tr("Critical"), tr("High"), tr("Medium")};
    for (int s = 0; s < 3; ++s) {
        sets << new QBarSet(names[s]);
        sets[s]->setColor(SeverityStyle::colour(static_cast<Severity>(s)));
        sets[s]->setBorderColor(SeverityStyle::colour(static_cast<Severity>(s)));
    }
    for (qsizetype i = 0; i < days.size(); i += step) {
        const int n = static_cast<int>(std::min<qsizetype>(step, days.size() - i));
        m_buckets.append({days[i].day, n});
        categories << days[i].day.toString(QStringLiteral("d/M"));
        for (int s = 0; s < 3; ++s) {
            int count = 0;
            for (int k = 0; k < n; ++k)
                count += days[i + k].opened[static_cast<size_t>(s)];
            *sets[s] << count;
        }
    }
    auto *series = new QStackedBarSeries;
    for (int s = 0; s < 3; ++s) {
        series->append(sets[s]);
        connect(sets[s], &QBarSet::hovered, this,
                [this, set = sets[s], name = names[s]](bool on, int index) {
                    if (!on || index >= m_buckets.size())
                        return;
                    const auto &[first, n] = m_buckets[index];
                    const QLocale locale;
                    const QString when =
                        n == 1 ? locale.toString(first, QLocale::ShortFormat)
                               : tr("%1 – %2").arg(
                                     locale.toString(first, QLocale::ShortFormat),
                                     locale.toString(first.addDays(n - 1), QLocale::ShortFormat));
                    showTip(tr("%1: %2 %3 alert(s)\nClick to list them")
                                .arg(when)
                                .arg(set->at(index))
                                .arg(name.toLower()));
                });
        connect(sets[s], &QBarSet::clicked, this, [this, s](int index) {
            const auto &[first, n] = m_buckets.value(index);
            AlertSelection sel;
            sel.severity = s;
            sel.pipeline = pipelineFilter();
            sel.raisedFrom = dayStartNs(first);
            sel.raisedTo = dayStartNs(first.addDays(n));
            sel.label =
                n == 1 ? tr("raised %1").arg(QLocale().toString(first, QLocale::ShortFormat))
                       : tr("raised %1 – %2")
                             .arg(QLocale().toString(first, QLocale::ShortFormat),
                                  QLocale().toString(first.addDays(n - 1), QLocale::ShortFormat));
            emit alertsRequested(sel);
        });
    }
    series->setBarWidth(0.8);
    chart->addSeries(series);
    QCategoryAxis *x = indexAxis(categories);
    double highest = 0;
    for (int i = 0; i < sets[0]->count(); ++i)
        highest = std::max(highest, sets[0]->at(i) + sets[1]->at(i) + sets[2]->at(i));
    QValueAxis *y = countAxis(highest);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(x);
    series->attachAxis(y);
    sayWhenEmpty(chart, insights().alerts == 0,
                 tr("Each alert raised is counted on its day, by severity."));
}

} // namespace wk
