#include "insightspage.h"

#include "insights/budgetchart.h"
#include "insights/chartkit.h"
#include "insights/customerschart.h"
#include "insights/loadchart.h"
#include "insights/noisyruleschart.h"
#include "insights/responsechart.h"
#include "insights/slachart.h"
#include "insights/volumechart.h"

#include "filedialog.h"

#include "alerttablemodel.h"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDateEdit>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QSaveFile>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace wk {

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
    InsightsChart::Context context;
    context.insights = &m_insights;
    context.workspace = &m_workspace;
    context.dayStartNs = [this](const QDate &day) { return dayStartNs(day); };
    context.pipelineFilter = [this] { return m_pipeline->currentData().toString(); };
    const QList<InsightsChart *> charts{
        new VolumeChart(context, this),    new ResponseChart(context, this),
        new SlaChart(context, this),       new BudgetChart(context, this),
        new LoadChart(context, this),      new CustomersChart(context, this),
        new NoisyRulesChart(context, this)};
    auto place = [&](InsightsChart *chart, int row, int column, int columns) {
        const QString key = chart->key();
        const QString title = chart->title();
        connect(chart, &InsightsChart::alertsRequested, this, &InsightsPage::alertsRequested);
        connect(chart, &InsightsChart::tuneRequested, this, &InsightsPage::tuneRequested);
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
        grid->addWidget(box, row, column, 1, columns);
        m_charts.insert(key, {view, label, chart});
    };
    // Four to a row; the last row's last chart takes what is left of it.
    for (qsizetype i = 0; i < charts.size(); ++i) {
        const int column = int(i % 4);
        place(charts[i], int(i / 4), column, i == charts.size() - 1 ? 4 - column : 1);
    }
    for (int c = 0; c < 4; ++c)
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
    // Only a full build reads every alert: a job holding the list while it updates the facts
    // would make the table's next batch copy every alert to stop sharing them.
    m_factsWatcher.setFuture(
        QtConcurrent::run([full, all = full ? all : QList<Alert>(), changed, base = m_facts,
                           ws = m_workspace, schedule = m_schedule]() mutable {
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
    for (const Panel &panel : std::as_const(m_charts)) {
        panel.chart->plot(chartkit::freshChart(panel.view));
        panel.title->setText(QStringLiteral("<b>%1</b>").arg(panel.chart->title()));
    }
    const QLocale locale;
    m_status->setText(
        tr("%n alert(s) raised %1 – %2", "", m_insights.alerts)
            .arg(locale.toString(m_insights.query.from, QLocale::ShortFormat),
                 locale.toString(m_insights.query.to.addDays(-1), QLocale::ShortFormat)));
    emit updated();
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
