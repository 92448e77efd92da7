#include "insightspage.h"
#include "severitystyle.h"

#include "filedialog.h"

#include "alerttablemodel.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QCursor>
#include <QDateEdit>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHorizontalBarSeries>
#include <QLabel>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLocale>
#include <QMessageBox>
#include <QSaveFile>
#include <QStackedBarSeries>
#include <QTimer>
#include <QToolButton>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>
#include <QtConcurrent>

#include <cmath>

namespace wk {

namespace {

// More bars than this and a day each would be unreadable: the volume chart counts weeks.
constexpr int maxDailyBars = 31;
// Budget lines are thinned to about this many points; they only ever fall.
constexpr int maxLinePoints = 120;

QString minutesText(double m)
{
    if (std::abs(m) < 120)
        return QStringLiteral("%1 min").arg(m, 0, 'f', 1);
    return QStringLiteral("%1 h").arg(m / 60, 0, 'f', 1);
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

// An x axis over points 0..n-1 with about `most` readable labels instead of one per point.
QCategoryAxis *indexAxis(const QStringList &labels, int most = 6)
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

// The step a person would pick for about `ticks` intervals over `span`: 1, 2 or 5 times a
// power of ten, never below `least`.
double niceStep(double span, int ticks = 5, double least = 1)
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

// Ticks on whole steps from `lo` to `hi` (both rounded outwards), labelled in `format`.
QValueAxis *steppedAxis(double lo, double hi, const QString &format, double least = 1)
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

// A value axis from zero with whole, distinct steps: small counts get a tick per unit.
QValueAxis *countAxis(double max)
{
    return steppedAxis(0, std::max(1.0, max), QStringLiteral("%.0f"));
}

// Durations read in the unit that keeps their figures short: minutes up to two hours.
struct TimeUnit
{
    double perMinute = 1;
    QString name;
};

TimeUnit timeUnitFor(double largestMinutes)
{
    if (largestMinutes >= 48 * 60)
        return {1.0 / (24 * 60), QObject::tr("days")};
    if (largestMinutes >= 120)
        return {1.0 / 60, QObject::tr("h")};
    return {1, QObject::tr("min")};
}

// An empty chart says so, and what would fill it.
void sayWhenEmpty(QChart *chart, bool empty, const QString &whatFillsIt)
{
    chart->setTitle(empty ? QObject::tr("Nothing in this range. %1").arg(whatFillsIt) : QString());
    if (empty) {
        QFont font = chart->titleFont();
        font.setBold(false);
        chart->setTitleFont(font);
    }
}

// Long names (pipelines, customers) keep both ends in the legend; the whole name is in the
// tooltip of its marker.
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

// Horizontal bars of counts, one category (person, customer) a row.
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

} // namespace

InsightsPage::InsightsPage(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    auto *bar = new QHBoxLayout;
    m_range = new QComboBox(this);
    m_range->setObjectName(QStringLiteral("insightsRange"));
    m_range->addItem(tr("Last 7 days"), 7);
    m_range->addItem(tr("Last 30 days"), 30);
    m_range->addItem(tr("Last 90 days"), 90);
    m_range->addItem(tr("Custom…"), 0);
    m_range->setCurrentIndex(1);
    m_from = new QDateEdit(this);
    m_from->setObjectName(QStringLiteral("insightsFrom"));
    m_to = new QDateEdit(this);
    m_to->setObjectName(QStringLiteral("insightsTo"));
    for (QDateEdit *e : {m_from, m_to}) {
        e->setCalendarPopup(true);
        e->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
        e->setEnabled(false);
    }
    m_pipeline = new QComboBox(this);
    m_pipeline->setObjectName(QStringLiteral("insightsPipeline"));
    m_team = new QComboBox(this);
    m_team->setObjectName(QStringLiteral("insightsTeam"));
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("insightsStatus"));
    auto *rangeLabel = new QLabel(tr("&Range:"), this);
    rangeLabel->setBuddy(m_range);
    bar->addWidget(rangeLabel);
    bar->addWidget(m_range);
    bar->addWidget(m_from);
    bar->addWidget(new QLabel(QStringLiteral("–"), this));
    bar->addWidget(m_to);
    bar->addSpacing(12);
    bar->addWidget(m_pipeline, 1);
    bar->addWidget(m_team, 1);
    bar->addWidget(m_status, 1);
    layout->addLayout(bar);

    auto *grid = new QGridLayout;
    grid->setSpacing(6);
    layout->addLayout(grid, 1);
    auto place = [&](const QString &key, const QString &title, int row, int column) {
        auto *box = new QWidget(this);
        auto *v = new QVBoxLayout(box);
        v->setContentsMargins(0, 0, 0, 0);
        v->setSpacing(0);
        auto *head = new QHBoxLayout;
        auto *label = new QLabel(QStringLiteral("<b>%1</b>").arg(title), box);
        auto *save = new QToolButton(box);
        save->setObjectName(QStringLiteral("export-") + key);
        save->setText(tr("Export…"));
        save->setToolTip(tr("Save this chart as PNG or its figures as CSV"));
        save->setAutoRaise(true);
        connect(save, &QToolButton::clicked, this, [this, key] { exportDialog(key); });
        head->addWidget(label, 1);
        head->addWidget(save);
        v->addLayout(head);
        auto *view = new QChartView(box);
        view->setObjectName(QStringLiteral("chart-") + key);
        // Screen readers hear the chart's name; its figures are in the export and tooltips.
        view->setAccessibleName(title);
        view->setAccessibleDescription(
            tr("Hover a bar or point for its figures; click it to list its alerts."));
        save->setAccessibleName(tr("Export %1").arg(title));
        view->setRenderHint(QPainter::Antialiasing);
        view->setMinimumSize(240, 170);
        v->addWidget(view, 1);
        grid->addWidget(box, row, column);
        m_charts.insert(key, {view, label});
    };
    place(QStringLiteral("volume"), tr("Alerts per day by severity"), 0, 0);
    place(QStringLiteral("response"), tr("MTTA and MTTR per week"), 0, 1);
    place(QStringLiteral("sla"), tr("SLA compliance per pipeline"), 0, 2);
    place(QStringLiteral("budget"), tr("Error budget left"), 1, 0);
    place(QStringLiteral("load"), tr("On-call load per person"), 1, 1);
    place(QStringLiteral("customers"), tr("Top customers by alert impact"), 1, 2);
    for (int c = 0; c < 3; ++c)
        grid->setColumnStretch(c, 1);

    // Alerts change many times a second; the facts are rebuilt at most every two seconds.
    m_factsTimer = new QTimer(this);
    m_factsTimer->setSingleShot(true);
    m_factsTimer->setInterval(2000);
    connect(m_factsTimer, &QTimer::timeout, this, &InsightsPage::rebuildFacts);
    connect(&m_factsWatcher, &QFutureWatcherBase::finished, this, [this] {
        m_facts = m_factsWatcher.result();
        recompute();
    });
    connect(&m_insightsWatcher, &QFutureWatcherBase::finished, this, [this] {
        m_insights = m_insightsWatcher.result();
        plot();
        if (std::exchange(m_recomputePending, false))
            recompute();
    });
    connect(m_range, &QComboBox::currentIndexChanged, this, [this] {
        const bool custom = m_range->currentData().toInt() == 0;
        m_from->setEnabled(custom);
        m_to->setEnabled(custom);
        recompute();
    });
    for (QDateEdit *e : {m_from, m_to})
        connect(e, &QDateEdit::dateChanged, this, [this] {
            if (m_range->currentData().toInt() == 0)
                recompute();
        });
    connect(m_pipeline, &QComboBox::currentIndexChanged, this, &InsightsPage::recompute);
    connect(m_team, &QComboBox::currentIndexChanged, this, &InsightsPage::recompute);
}

InsightsPage::~InsightsPage()
{
    m_factsWatcher.waitForFinished();
    m_insightsWatcher.waitForFinished();
}

void InsightsPage::setWorkspace(const Workspace &workspace)
{
    m_workspace = workspace;
    m_schedule = OnCallSchedule(workspace);
    m_schedule.setStoredOverrides(m_stored);
    const QSignalBlocker b1(m_pipeline), b2(m_team);
    m_pipeline->clear();
    m_pipeline->addItem(tr("All pipelines"), QString());
    for (const Pipeline &p : workspace.pipelines)
        m_pipeline->addItem(p.name, p.id);
    m_team->clear();
    m_team->addItem(tr("All teams"), QString());
    for (const Team &t : workspace.teams)
        m_team->addItem(t.name, t.id);
    factsChanged();
}

void InsightsPage::setAlertModel(const AlertTableModel *model)
{
    m_alertModel = model;
    connect(model, &QAbstractItemModel::modelReset, this, &InsightsPage::factsChanged);
    connect(model, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &, int first, int last) { rowsChanged(first, last); });
    connect(model, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &from, const QModelIndex &to, const QList<int> &roles) {
                // The clock moving the countdowns changes no figure.
                if (roles == QList<int>{Qt::DisplayRole, Qt::ForegroundRole})
                    return;
                rowsChanged(from.row(), to.row());
            });
    factsChanged();
}

void InsightsPage::setStoredOverrides(const QList<ScheduleOverride> &overrides)
{
    m_stored = overrides;
    m_schedule.setStoredOverrides(overrides);
    factsChanged();
}

QTimeZone InsightsPage::rangeZone() const
{
    // Days are the team's days: those of the first rotation's zone, else UTC.
    if (!m_workspace.rotations.isEmpty()) {
        const QByteArray id = m_workspace.rotations.first().timeZone.toUtf8();
        if (QTimeZone::isTimeZoneIdAvailable(id))
            return QTimeZone(id);
    }
    return QTimeZone::utc();
}

QDate InsightsPage::today() const
{
    const TimestampNs now = m_now ? m_now : toTimestamp(QDateTime::currentDateTimeUtc());
    return toDateTime(now).toTimeZone(rangeZone()).date();
}

void InsightsPage::setNow(TimestampNs now)
{
    const QDate before = today();
    m_now = now;
    const QDate today = this->today();
    if (!m_to->date().isValid() || m_range->currentData().toInt() != 0) {
        const QSignalBlocker b1(m_from), b2(m_to);
        m_to->setDate(today);
        m_from->setDate(today.addDays(1 - std::max(1, m_range->currentData().toInt())));
    }
    if (today != before)
        recompute();
}

void InsightsPage::setRange(int days)
{
    m_range->setCurrentIndex(std::max(0, m_range->findData(days)));
}

void InsightsPage::setCustomRange(const QDate &first, const QDate &last)
{
    const QSignalBlocker b1(m_from), b2(m_to);
    m_from->setDate(first);
    m_to->setDate(last);
    if (m_range->currentData().toInt() == 0)
        recompute();
    else
        m_range->setCurrentIndex(m_range->findData(0));
}

void InsightsPage::setPipelineFilter(const QString &pipelineId)
{
    m_pipeline->setCurrentIndex(std::max(0, m_pipeline->findData(pipelineId)));
}

void InsightsPage::setTeamFilter(const QString &teamId)
{
    m_team->setCurrentIndex(std::max(0, m_team->findData(teamId)));
}

QChart *InsightsPage::chart(const QString &key) const
{
    const auto it = m_charts.constFind(key);
    return it == m_charts.cend() ? nullptr : it->view->chart();
}

bool InsightsPage::isComputing() const
{
    return m_factsWatcher.isRunning() || m_insightsWatcher.isRunning() || m_factsTimer->isActive();
}

InsightsQuery InsightsPage::query() const
{
    InsightsQuery q;
    const int days = m_range->currentData().toInt();
    q.zone = rangeZone();
    const QDate today = this->today();
    if (days > 0) {
        q.to = today.addDays(1);
        q.from = q.to.addDays(-days);
    } else {
        q.from = std::min(m_from->date(), m_to->date());
        q.to = std::max(m_from->date(), m_to->date()).addDays(1);
    }
    if (!m_pipeline->currentData().toString().isEmpty())
        q.pipelines = {m_pipeline->currentData().toString()};
    q.team = m_team->currentData().toString();
    return q;
}

qint64 InsightsPage::dayStartNs(const QDate &day) const
{
    return toTimestamp(QDateTime(day, QTime(0, 0), m_insights.query.zone));
}

void InsightsPage::rowsChanged(int first, int last)
{
    m_firstChanged = m_firstChanged < 0 ? first : std::min(m_firstChanged, first);
    m_lastChanged = std::max(m_lastChanged, last);
    m_factsStale = true;
    if (isVisible() && !m_factsTimer->isActive())
        m_factsTimer->start(m_facts ? 2000 : 0);
}

void InsightsPage::factsChanged()
{
    m_fullRebuild = true;
    m_factsStale = true;
    if (isVisible() && !m_factsTimer->isActive())
        m_factsTimer->start(m_facts ? 2000 : 0);
}

void InsightsPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_factsStale && !m_factsTimer->isActive())
        m_factsTimer->start(0);
}

void InsightsPage::rebuildFacts()
{
    if (m_factsWatcher.isRunning()) {
        m_factsTimer->start(); // the next rebuild picks up what changed meanwhile
        return;
    }
    m_factsStale = false;
    // Copies: the list shares its data until the GUI thread next changes it, and the
    // schedule keeps a cache of its own that must not be shared between threads.
    const QList<Alert> all = m_alertModel ? m_alertModel->alerts() : QList<Alert>();
    const bool full = m_fullRebuild || !m_facts || m_firstChanged < 0;
    const QList<Alert> changed =
        full ? QList<Alert>()
             : all.mid(m_firstChanged,
                       std::min<qsizetype>(all.size(), m_lastChanged + 1) - m_firstChanged);
    m_fullRebuild = false;
    m_firstChanged = m_lastChanged = -1;
    m_factsWatcher.setFuture(QtConcurrent::run(
        [full, all, changed, base = m_facts, ws = m_workspace, schedule = m_schedule]() mutable {
            if (full)
                return std::make_shared<const AlertFacts>(AlertFacts::build(all, ws, &schedule));
            auto updated = std::make_shared<AlertFacts>(*base);
            updated->update(changed, ws, &schedule);
            return std::shared_ptr<const AlertFacts>(std::move(updated));
        }));
}

void InsightsPage::recompute()
{
    if (!m_facts)
        return;
    if (m_insightsWatcher.isRunning()) {
        m_recomputePending = true;
        return;
    }
    m_status->setText(tr("Computing…"));
    const TimestampNs now = m_now ? m_now : toTimestamp(QDateTime::currentDateTimeUtc());
    m_insightsWatcher.setFuture(QtConcurrent::run(
        [facts = m_facts, ws = m_workspace, q = query(), now, schedule = m_schedule]() mutable {
            return Insights::compute(*facts, ws, q, now, &schedule);
        }));
}

void InsightsPage::plot()
{
    plotVolume();
    plotResponse();
    plotSla();
    plotBudget();
    plotLoad();
    plotCustomers();
    const QLocale locale;
    m_status->setText(
        tr("%n alert(s) raised %1 – %2", "", m_insights.alerts)
            .arg(locale.toString(m_insights.query.from, QLocale::ShortFormat),
                 locale.toString(m_insights.query.to.addDays(-1), QLocale::ShortFormat)));
    emit updated();
}

void InsightsPage::plotVolume()
{
    QChart *chart = freshChart(m_charts[QStringLiteral("volume")].view);
    const QList<Insights::Day> &days = m_insights.days;
    const int step = days.size() > maxDailyBars ? 7 : 1;
    m_charts[QStringLiteral("volume")].title->setText(
        step == 1 ? tr("<b>Alerts per day by severity</b>")
                  : tr("<b>Alerts per week by severity</b>"));
    m_volumeBuckets.clear();
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
        m_volumeBuckets.append({days[i].day, n});
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
                    if (!on || index >= m_volumeBuckets.size())
                        return;
                    const auto &[first, n] = m_volumeBuckets[index];
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
            const auto &[first, n] = m_volumeBuckets.value(index);
            AlertSelection sel;
            sel.severity = s;
            sel.pipeline = m_pipeline->currentData().toString();
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
    sayWhenEmpty(chart, m_insights.alerts == 0,
                 tr("Each alert raised is counted on its day, by severity."));
}

void InsightsPage::plotResponse()
{
    QChart *chart = freshChart(m_charts[QStringLiteral("response")].view);
    double top = 0;
    for (const Insights::Week &w : std::as_const(m_insights.weeks))
        top = std::max({top, w.mttaMinutes.value_or(0), w.mttrMinutes.value_or(0)});
    // Hours read better than "300.0" minutes; the tooltips keep the exact figure.
    const TimeUnit unit = timeUnitFor(top);
    auto *mtta = new QLineSeries;
    mtta->setName(tr("MTTA (%1)").arg(unit.name));
    auto *mttr = new QLineSeries;
    mttr->setName(tr("MTTR (%1)").arg(unit.name));
    QStringList categories;
    for (qsizetype i = 0; i < m_insights.weeks.size(); ++i) {
        const Insights::Week &w = m_insights.weeks[i];
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
            if (!on || i < 0 || i >= m_insights.weeks.size())
                return;
            const Insights::Week &w = m_insights.weeks[i];
            showTip(tr("Week of %1\nMTTA %2 over %3 acknowledged\nMTTR %4 over %5 resolved")
                        .arg(QLocale().toString(w.weekStart, QLocale::ShortFormat),
                             w.mttaMinutes ? minutesText(*w.mttaMinutes) : tr("–"))
                        .arg(w.acknowledged)
                        .arg(w.mttrMinutes ? minutesText(*w.mttrMinutes) : tr("–"))
                        .arg(w.resolved));
        });
        connect(s, &QLineSeries::clicked, this, [this](const QPointF &p) {
            const int i = static_cast<int>(std::lround(p.x()));
            if (i < 0 || i >= m_insights.weeks.size())
                return;
            const QDate first = m_insights.weeks[i].weekStart;
            const QDate next = i + 1 < m_insights.weeks.size() ? m_insights.weeks[i + 1].weekStart
                                                               : m_insights.query.to;
            AlertSelection sel;
            sel.pipeline = m_pipeline->currentData().toString();
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

void InsightsPage::plotSla()
{
    QChart *chart = freshChart(m_charts[QStringLiteral("sla")].view);
    auto *ack = new QBarSet(tr("Acknowledged in time %"));
    auto *res = new QBarSet(tr("Resolved in time %"));
    ack->setColor(QColor(0x4f, 0x7c, 0xac));
    res->setColor(QColor(0x59, 0xa1, 0x4f));
    QStringList categories;
    // Worst first from the top: horizontal bars list bottom-up.
    for (qsizetype i = m_insights.sla.size() - 1; i >= 0; --i) {
        const Insights::Sla &s = m_insights.sla[i];
        const Pipeline *p = m_workspace.pipeline(s.pipeline);
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
        const qsizetype i = m_insights.sla.size() - 1 - index;
        return i >= 0 && i < m_insights.sla.size() ? &m_insights.sla[i] : nullptr;
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
        AlertSelection sel;
        sel.pipeline = s->pipeline;
        sel.raisedFrom = dayStartNs(m_insights.query.from);
        sel.raisedTo = dayStartNs(m_insights.query.to);
        sel.label = tr("raised in the Insights range");
        emit alertsRequested(sel);
    });
}

void InsightsPage::plotBudget()
{
    QChart *chart = freshChart(m_charts[QStringLiteral("budget")].view);
    const qsizetype n = m_insights.days.size();
    const qsizetype step = std::max<qsizetype>(1, (n + maxLinePoints - 1) / maxLinePoints);
    double lo = 0, hi = 1;
    QStringList categories;
    for (qsizetype d = 0; d < n; ++d)
        categories << m_insights.days[d].day.toString(QStringLiteral("d/M"));
    // Few date labels: the legend takes the side of this chart.
    QCategoryAxis *x = indexAxis(categories, 3);
    for (const Insights::Budget &budget : std::as_const(m_insights.budgets)) {
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
    for (qsizetype b = 0; b < m_insights.budgets.size(); ++b) {
        const Insights::Budget &budget = m_insights.budgets[b];
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
            const Insights::Budget &budget = m_insights.budgets.value(b);
            if (!on || d < 0 || d >= budget.remainingMinutes.size())
                return;
            showTip(tr("%1, %2\n%3 left of %4 (target %5 %)")
                        .arg(budget.label,
                             QLocale().toString(m_insights.days[d].day, QLocale::ShortFormat),
                             minutesText(budget.remainingMinutes[d]),
                             minutesText(budget.budgetMinutes))
                        .arg(budget.availability));
        });
        connect(line, &QLineSeries::clicked, this, [this, b](const QPointF &p) {
            const int d = static_cast<int>(std::lround(p.x()));
            const Insights::Budget &budget = m_insights.budgets.value(b);
            if (d < 0 || d >= m_insights.days.size())
                return;
            AlertSelection sel;
            if (budget.customer)
                sel.text = budget.label;
            else
                sel.pipeline = budget.key;
            sel.severity = -1;
            sel.raisedFrom = dayStartNs(m_insights.query.from);
            sel.raisedTo = dayStartNs(m_insights.days[d].day.addDays(1));
            sel.label = tr("raised up to %1")
                            .arg(QLocale().toString(m_insights.days[d].day, QLocale::ShortFormat));
            emit alertsRequested(sel);
        });
    }
    // Pipelines in the legend, listed down the side; customers (dashed) by their tooltips.
    chart->legend()->setAlignment(Qt::AlignRight);
    const QList<QLegendMarker *> markers = chart->legend()->markers();
    for (qsizetype b = 0; b < markers.size() && b < m_insights.budgets.size(); ++b)
        markers[b]->setVisible(!m_insights.budgets[b].customer);
    elideLegend(chart, chart->legend()->font().pointSize() * 11);
    sayWhenEmpty(chart, m_insights.budgets.isEmpty(),
                 tr("Pipelines in scope show the downtime their availability target allows."));
}

void InsightsPage::plotLoad()
{
    QChart *chart = freshChart(m_charts[QStringLiteral("load")].view);
    const QStringList names{tr("Pages"), tr("Night pages"), tr("Handled"), tr("Holiday days")};
    QList<QBarSet *> sets;
    for (const QString &n : names)
        sets << new QBarSet(n);
    QStringList categories;
    for (qsizetype i = m_insights.load.size() - 1; i >= 0; --i) {
        const Insights::Load &l = m_insights.load[i];
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
        const qsizetype i = m_insights.load.size() - 1 - index;
        return i >= 0 && i < m_insights.load.size() ? &m_insights.load[i] : nullptr;
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
        AlertSelection sel;
        sel.assignee = l->person;
        sel.raisedFrom = dayStartNs(m_insights.query.from);
        sel.raisedTo = dayStartNs(m_insights.query.to);
        sel.label = tr("raised in the Insights range");
        emit alertsRequested(sel);
    });
}

void InsightsPage::plotCustomers()
{
    QChart *chart = freshChart(m_charts[QStringLiteral("customers")].view);
    auto *alerts = new QBarSet(tr("Alerts"));
    auto *critical = new QBarSet(tr("Critical"));
    critical->setColor(SeverityStyle::colour(Severity::Critical));
    QStringList categories;
    for (qsizetype i = m_insights.customers.size() - 1; i >= 0; --i) {
        const Insights::CustomerImpact &c = m_insights.customers[i];
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
        const qsizetype i = m_insights.customers.size() - 1 - index;
        return i >= 0 && i < m_insights.customers.size() ? &m_insights.customers[i] : nullptr;
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
        AlertSelection sel;
        sel.text = c->name;
        sel.raisedFrom = dayStartNs(m_insights.query.from);
        sel.raisedTo = dayStartNs(m_insights.query.to);
        sel.label = tr("raised in the Insights range");
        emit alertsRequested(sel);
    });
}

bool InsightsPage::exportChart(const QString &key, const QString &path, QString *error) const
{
    const auto it = m_charts.constFind(key);
    if (it == m_charts.cend()) {
        if (error)
            *error = tr("There is no chart '%1'.").arg(key);
        return false;
    }
    if (path.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive)) {
        const QByteArray data = m_insights.toCsv(key).toUtf8();
        QSaveFile f(path);
        if (f.open(QIODevice::WriteOnly) && f.write(data) == data.size() && f.commit())
            return true;
        if (error)
            *error = tr("Cannot write %1: %2").arg(path, f.errorString());
        return false;
    }
    if (it->view->grab().save(path, "PNG"))
        return true;
    if (error)
        *error = tr("Cannot write %1.").arg(path);
    return false;
}

void InsightsPage::exportDialog(const QString &key)
{
    const QString base =
        QStringLiteral("insights-%1-%2").arg(key, m_insights.query.from.toString(Qt::ISODate));
    const QString path =
        FileDialog::saveFileName(this, tr("Export chart"), base + QStringLiteral(".png"),
                                 tr("PNG picture (*.png);;CSV figures (*.csv)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!exportChart(key, path, &error))
        QMessageBox::warning(this, tr("Export chart"), error);
}

} // namespace wk
