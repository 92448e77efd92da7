#include "mainwindow.h"

#include "filedialog.h"

#include "alertdetailsdialog.h"
#include "alertdetailsview.h"
#include "alertlistpage.h"
#include "alertscorer.h"
#include "alerttablemodel.h"
#include "channelhealthmodel.h"
#include "domain/clock.h"
#include "engine/engineworker.h"
#include "handoffpage.h"
#include "identitybar.h"
#include "insightspage.h"
#include "newworkspacedialog.h"
#include "notifier.h"
#include "oncallpage.h"
#include "outcomedialog.h"
#include "pipelinelistpage.h"
#include "pipelinetablemodel.h"
#include "recentworkspaces.h"
#include "ruletuningdialog.h"
#include "runbooksearcher.h"
#include "runbooksearchpage.h"
#include "settingsdialog.h"
#include "shortcutsheet.h"
#include "sourcehealthmodel.h"
#include "workspace/workspacereader.h"
#include "workspace/workspacewatcher.h"
#include "workspaceproblembar.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QProcess>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTimer>
#include <QTreeView>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>

namespace wk {

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent)
{
    setWindowTitle(tr("Watchkeeper"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/watchkeeper.svg")));

    m_nav = new QListWidget;
    m_nav->setObjectName(QStringLiteral("navigation"));
    m_pageNames = {tr("Alerts"),   tr("Pipelines"), tr("On-call"),
                   tr("Runbooks"), tr("Insights"),  tr("Handoff")};
    const QStringList &names = m_pageNames;
    for (int i = 0; i < names.size(); ++i) {
        auto *item = new QListWidgetItem(names.at(i), m_nav);
        item->setToolTip(tr("%1 (Ctrl+%2)").arg(names.at(i)).arg(i + 1));
    }
    m_nav->setSpacing(3);

    m_pages = new QStackedWidget;
    m_systemClock = std::make_unique<SystemClock>();
    m_clock = m_systemClock.get();
    m_alerts = new AlertTableModel(this);
    m_scorer = new AlertScorer(this);
    m_scorer->setSource([this] { return m_alerts->alerts(); });
    connect(m_scorer, &AlertScorer::scored, this,
            [this](const QHash<qint64, AlertScore> &scores, const QString &whyNone) {
                m_alerts->setScores(scores, whyNone);
                // The pane and the details window say why; they follow the new scores.
                m_alertsPage->refreshPane();
                if (m_details && m_details->isVisible())
                    if (const Alert *a = m_alerts->alert(m_details->alertId()))
                        m_details->view()->setAlert(*a, m_clock->now(), m_alerts->score(a->id),
                                                    whyNone);
            });
    m_alertsPage = new AlertListPage(m_alerts);
    m_pages->addWidget(m_alertsPage);
    connect(m_alertsPage, &AlertListPage::acknowledgeRequested, this,
            [this](const QList<qint64> &ids) { request(AlertAction::Acknowledge, ids); });
    connect(m_alertsPage, &AlertListPage::resolveRequested, this,
            [this](const QList<qint64> &ids) { request(AlertAction::Resolve, ids); });
    connect(m_alertsPage, &AlertListPage::snoozeRequested, this,
            [this](const QList<qint64> &ids) { request(AlertAction::Snooze, ids); });
    connect(m_alertsPage, &AlertListPage::escalateRequested, this,
            [this](const QList<qint64> &ids) { request(AlertAction::Escalate, ids); });
    connect(m_alertsPage, &AlertListPage::outcomeRequested, this, &MainWindow::markOutcome);
    connect(m_alertsPage, &AlertListPage::tuneRequested, this, &MainWindow::tuneRule);
    connect(m_alertsPage, &AlertListPage::detailsRequested, this, &MainWindow::showAlert);
    connect(m_alertsPage, &AlertListPage::deliveriesRequested, this,
            &MainWindow::requestDeliveries);
    // Changes arrive one request at a time when a sender is busy; the table, its sort and
    // the notifier take them in batches, so the window keeps up however many are open.
    m_applyTimer = new QTimer(this);
    m_applyTimer->setSingleShot(true);
    m_applyTimer->setInterval(100);
    connect(m_applyTimer, &QTimer::timeout, this, &MainWindow::applyPendingChanges);
    // The open count per pipeline is a pass over every alert: under a stream of changes it
    // is taken at most five times a second, not once per change.
    m_openCountsTimer = new QTimer(this);
    m_openCountsTimer->setSingleShot(true);
    m_openCountsTimer->setInterval(200);
    connect(m_openCountsTimer, &QTimer::timeout, this, &MainWindow::updateOpenAlertCounts);
    // Countdowns and ages move with the clock, once a second.
    m_clockTimer = new QTimer(this);
    m_clockTimer->setInterval(1000);
    connect(m_clockTimer, &QTimer::timeout, this, [this] {
        m_alerts->setNow(m_clock->now(), false);
        m_alertsPage->timeMoved();
        if (m_alertsPage->isVisible())
            m_alertsPage->view()->viewport()->update();
        // Who is on call changes at handoffs; a minute's lag is fine.
        if (++m_ticks % 60 == 0) {
            m_onCallPage->setToday(toDateTime(m_clock->now()));
            m_handoffPage->setToday(toDateTime(m_clock->now()).toLocalTime().date());
            m_handoffPage->setNow(toDateTime(m_clock->now()));
            m_insightsPage->setNow(m_clock->now());
        }
    });
    m_clockTimer->start();
    m_alerts->setNow(m_clock->now());
    m_notifier = new Notifier(*m_clock, this);

    m_pipelinesPage = new PipelineListPage;
    connect(m_pipelinesPage, &PipelineListPage::tuneRequested, this, [this](const QString &id) {
        for (const Rule &r : std::as_const(m_workspace.rules)) {
            if (r.pipeline == id && r.kind != Rule::Kind::Sql)
                return tuneRule(r.id);
        }
        statusBar()->showMessage(tr("Pipeline %1 has no rule that reads events to tune").arg(id),
                                 5000);
    });
    m_pages->addWidget(m_pipelinesPage);

    m_onCallPage = new wk::OnCallPage;
    m_onCallPage->setCurrentUser([this] { return currentUser(); });
    m_onCallPage->setAlertModel(m_alerts);
    m_pages->addWidget(m_onCallPage);
    m_runbooksPage = new RunbookSearchPage;
    m_pages->addWidget(m_runbooksPage);
    m_insightsPage = new wk::InsightsPage;
    connect(m_insightsPage, &InsightsPage::tuneRequested, this, &MainWindow::tuneRule);
    m_insightsPage->setAlertModel(m_alerts);
    connect(m_insightsPage, &wk::InsightsPage::alertsRequested, this,
            [this](const AlertSelection &selection) {
                m_alertsPage->showSelection(selection);
                showPage(AlertsPage);
            });
    m_pages->addWidget(m_insightsPage);
    m_handoffPage = new wk::HandoffPage;
    m_handoffPage->setCurrentUser([this] { return currentUser(); });
    m_handoffPage->setAlertModel(m_alerts);
    m_pages->addWidget(m_handoffPage);

    connect(m_nav, &QListWidget::currentRowChanged, m_pages, &QStackedWidget::setCurrentIndex);

    auto *splitter = new QSplitter;
    splitter->addWidget(m_nav);
    splitter->addWidget(m_pages);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({170, 1030});
    m_identityBar = new IdentityBar;
    m_identityBar->hide();
    connect(m_identityBar, &IdentityBar::chosen, this, &MainWindow::setCurrentUser);
    auto *central = new QWidget;
    auto *centralLayout = new QVBoxLayout(central);
    centralLayout->setContentsMargins(0, 0, 0, 0);
    centralLayout->setSpacing(0);
    centralLayout->addWidget(m_identityBar);
    m_problemBar = new WorkspaceProblemBar;
    connect(m_problemBar, &WorkspaceProblemBar::reloadRequested, this, [this] {
        if (m_watcher)
            m_watcher->reload();
    });
    centralLayout->addWidget(m_problemBar);
    centralLayout->addWidget(splitter, 1);
    setCentralWidget(central);

    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *create = file->addAction(tr("&New Workspace…"), this, [this] {
        NewWorkspaceDialog dialog(this);
        if (dialog.exec() == QDialog::Accepted)
            openWorkspaceFile(dialog.path());
    });
    create->setShortcut(QKeySequence::New);
    QAction *open = file->addAction(tr("&Open Workspace…"), this, &MainWindow::openWorkspace);
    open->setShortcut(QKeySequence::Open);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    m_recentMenu->setObjectName(QStringLiteral("recentMenu"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::fillRecentMenu);
    m_reloadAction = file->addAction(tr("Read &Workspace Again"), this, [this] {
        if (m_watcher)
            m_watcher->reload();
    });
    m_reloadAction->setShortcut(QKeySequence::Refresh);
    m_reloadAction->setEnabled(false);
    m_reloadAction->setToolTip(tr("Saved changes are applied by themselves; this reads the file "
                                  "now"));
    QAction *prefs = file->addAction(tr("&Settings…"), this, &MainWindow::openSettings);
    prefs->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    prefs->setMenuRole(QAction::PreferencesRole);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    for (int i = 0; i < names.size(); ++i) {
        QAction *a = view->addAction(names.at(i), this, [this, i] { showPage(Page(i)); });
        a->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
    }
    view->addSeparator();
    view->addAction(m_alertsPage->paneAction());
    view->addAction(m_alertsPage->groupAction());
    view->addSeparator();
    m_trainAction = view->addAction(tr("&Train the Actionable Score Now"), this, [this] {
        if (EngineWorker *worker = m_worker) {
            QMetaObject::invokeMethod(worker, [worker] { worker->trainScore(); });
            statusBar()->showMessage(
                tr("Training the actionable score on the alerts' outcomes (the leading "
                   "console trains in team mode)…"),
                5000);
        }
    });
    m_trainAction->setObjectName(QStringLiteral("trainScoreAction"));
    QAction *tune = view->addAction(tr("T&une a Rule…"), this, [this] { tuneRule({}); });
    tune->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_B)); // B: backtest
    tune->setObjectName(QStringLiteral("tuneRuleAction"));

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *keys = help->addAction(tr("&Keyboard Shortcuts"), this, [this] {
        ShortcutSheet sheet(shortcuts(), this);
        sheet.exec();
    });
    // F1, and ? as in many web consoles; typing ? in a filter still types it.
    keys->setShortcuts({QKeySequence(QKeySequence::HelpContents), QKeySequence(Qt::Key_Question)});
    view->addSeparator();
    view->addAction(keys);
    help->addAction(tr("&About Watchkeeper"), this, [this] {
        QMessageBox::about(this, tr("About Watchkeeper"),
                           tr("<b>Watchkeeper %1</b><p>The on-call operations console for SRE "
                              "and data-engineering teams.</p>")
                               .arg(QApplication::applicationVersion()));
    });

    m_engineLabel = new QLabel(tr("Engine not started"));
    m_engineLabel->setObjectName(QStringLiteral("engineStatus"));
    statusBar()->addPermanentWidget(m_engineLabel);
    m_origin = new QLabel;
    m_origin->setObjectName(QStringLiteral("workspaceOrigin"));
    m_origin->setFrameShape(QFrame::StyledPanel);
    m_engineLabel->setFrameShape(QFrame::StyledPanel);
    statusBar()->addPermanentWidget(m_origin);

    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
        resize(1200, 760);
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    showPage(Page(settings.value(QStringLiteral("window/page"), PipelinesPage).toInt()));
}

MainWindow::~MainWindow() = default;

void MainWindow::setWorkspace(const Workspace &workspace, const QString &origin)
{
    m_workspace = workspace;
    m_originText = origin;
    m_workspaceReadAt = QDateTime::currentDateTime();
    m_pipelinesPage->setWorkspace(workspace);
    m_alerts->setWorkspace(workspace);
    m_alertsPage->setWorkspace(workspace);
    m_scorer->setWorkspace(workspace);
    m_onCallPage->setWorkspace(workspace);
    m_onCallPage->setToday(toDateTime(m_clock->now()));
    m_handoffPage->setWorkspace(workspace);
    m_insightsPage->setWorkspace(workspace);
    m_insightsPage->setNow(m_clock->now());
    m_handoffPage->setToday(toDateTime(m_clock->now()).toLocalTime().date());
    m_handoffPage->setNow(toDateTime(m_clock->now()));
    // Filters name pipelines and people, so they are restored once those are known.
    m_alertsPage->restoreState(QSettings());
    replaceSearcher(m_teamDatabase.isEmpty() ? RunbookSearcher::embedded(workspace)
                                             : RunbookSearcher::team(m_teamDatabase));
    setWindowTitle(tr("%1 — Watchkeeper").arg(workspace.name));
    m_origin->setText(origin);
    // Asked once per workspace, unless the login name already is one of its people.
    const bool known = workspace.person(currentUser()) != nullptr;
    if (!known && !workspace.people.isEmpty())
        m_identityBar->ask(workspace, currentUser());
    else
        m_identityBar->hide();
    statusBar()->showMessage(
        tr("Loaded %n pipeline(s)", nullptr, static_cast<int>(workspace.pipelines.size())), 5000);
}

void MainWindow::showPage(Page page)
{
    const int row = qBound(0, int(page), m_pages->count() - 1);
    m_nav->setCurrentRow(row);
    m_pages->setCurrentIndex(row);
}

MainWindow::Page MainWindow::currentPage() const
{
    return Page(m_pages->currentIndex());
}

void MainWindow::openWorkspace()
{
    const QString path =
        FileDialog::openFileName(this, tr("Open Workspace"), tr("Workspace files (*.yaml *.yml)"));
    if (!path.isEmpty())
        openWorkspaceFile(path);
}

void MainWindow::fillRecentMenu()
{
    m_recentMenu->clear();
    const QStringList files = RecentWorkspaces::list();
    for (int i = 0; i < files.size(); ++i) {
        const QFileInfo info(files.at(i));
        // The folder tells apart the many files called workspace.yaml.
        QAction *a = m_recentMenu->addAction(
            tr("&%1 %2 — %3")
                .arg(i + 1)
                .arg(info.fileName(), QDir::toNativeSeparators(info.absolutePath())),
            this, [this, path = files.at(i)] { openWorkspaceFile(path); });
        a->setToolTip(files.at(i));
    }
    if (files.isEmpty())
        m_recentMenu->addAction(tr("No workspaces opened yet"))->setEnabled(false);
    m_recentMenu->addSeparator();
    QAction *clear =
        m_recentMenu->addAction(tr("&Clear List"), this, [] { RecentWorkspaces::clear(); });
    clear->setEnabled(!files.isEmpty());
}

void MainWindow::openWorkspaceFile(const QString &path)
{
    if (!QFileInfo::exists(path)) {
        RecentWorkspaces::forget(path);
        QMessageBox::warning(this, tr("Cannot open workspace"),
                             tr("%1 no longer exists; it was taken off the recent list.")
                                 .arg(QDir::toNativeSeparators(path)));
        return;
    }
    const WorkspaceLoadResult result = WorkspaceReader::readFile(path);
    if (!result.ok()) {
        QMessageBox box(QMessageBox::Warning, tr("Cannot open workspace"),
                        tr("%1 has %n problem(s); nothing was changed.", nullptr,
                           static_cast<int>(result.diagnostics.size()))
                            .arg(path),
                        QMessageBox::Ok, this);
        box.setDetailedText(formatDiagnostics(result.diagnostics));
        box.exec();
        return;
    }
    // Each console runs one workspace with its own engine and store: the file opens in a
    // console of its own, and this one keeps watching what it was watching.
    if (!QProcess::startDetached(QCoreApplication::applicationFilePath(),
                                 {QStringLiteral("--workspace"), path}))
        QMessageBox::warning(this, tr("Cannot open workspace"),
                             tr("Could not start a console for %1.").arg(path));
    else
        RecentWorkspaces::remember(path);
}

void MainWindow::watchWorkspace(const QString &file, const QString &baseDir)
{
    delete m_watcher;
    m_watcher = new WorkspaceWatcher(file, this);
    m_baseDir = baseDir;
    m_watcher->watch(m_workspace);
    m_reloadAction->setEnabled(true);
    connect(m_watcher, &WorkspaceWatcher::reloaded, this,
            [this](const Workspace &workspace) { applyReloadedWorkspace(workspace); });
    connect(m_watcher, &WorkspaceWatcher::refused, this, [this](const QList<Diagnostic> &problems) {
        m_problemBar->showProblems(m_watcher->path(), problems, m_workspaceReadAt);
        statusBar()->showMessage(tr("The saved workspace has problems; nothing was changed"),
                                 10000);
    });
}

void MainWindow::applyReloadedWorkspace(const Workspace &workspace)
{
    m_problemBar->hide();
    // setWorkspace restores the list's filters from the settings: keep the ones in use.
    QSettings settings;
    m_alertsPage->saveState(settings);
    setWorkspace(workspace, m_originText);
    if (m_worker)
        QMetaObject::invokeMethod(m_worker, [worker = m_worker, workspace, dir = m_baseDir] {
            worker->applyWorkspace(workspace, dir);
        });
    statusBar()->showMessage(tr("Workspace read again and applied: %n pipeline(s)", nullptr,
                                static_cast<int>(workspace.pipelines.size())),
                             10000);
}

void MainWindow::setTeamRunbookSearch(const QString &databaseUrl)
{
    m_teamDatabase = databaseUrl;
    replaceSearcher(RunbookSearcher::team(databaseUrl));
}

void MainWindow::replaceSearcher(std::unique_ptr<RunbookSearcher> searcher)
{
    connect(searcher.get(), &RunbookSearcher::unavailable, this, [this](const QString &error) {
        statusBar()->showMessage(tr("Runbook search is unavailable: %1").arg(error));
    });
    // The page lets go of the old searcher before it goes.
    m_runbooksPage->setWorkspace(m_workspace, searcher.get());
    m_searcher = std::move(searcher);
}

void MainWindow::setClock(const Clock *clock)
{
    m_clock = clock ? clock : m_systemClock.get();
    m_onCallPage->setToday(toDateTime(m_clock->now()));
    m_handoffPage->setNow(toDateTime(m_clock->now()));
    m_insightsPage->setNow(m_clock->now());
    m_notifier->setClock(*m_clock);
    m_alerts->setNow(m_clock->now());
}

QString MainWindow::identityKey() const
{
    return QStringLiteral("identity/%1")
        .arg(QString::fromLatin1(QUrl::toPercentEncoding(m_workspace.name)));
}

QString MainWindow::currentUser() const
{
    // The console-wide choice of earlier versions still counts where it names a person here.
    const QSettings settings;
    for (const QString &key : {identityKey(), QStringLiteral("identity/person")}) {
        QString configured = settings.value(key).toString();
        if (m_workspace.person(configured))
            return configured;
    }
    const QString login = qEnvironmentVariable("USER");
    return m_workspace.person(login) ? login
                                     : (login.isEmpty() ? QStringLiteral("console") : login);
}

void MainWindow::attachEngine(EngineWorker *worker)
{
    m_worker = worker;
    m_storeLocation = worker->storeLocation();
    connect(worker, &EngineWorker::scoreModelChanged, m_scorer, &AlertScorer::setModel,
            Qt::QueuedConnection);
    connect(worker, &EngineWorker::changesSeen, m_scorer, &AlertScorer::setChanges,
            Qt::QueuedConnection);
    // Customers read again from their query: their names and ranks in the list, Insights and
    // the scores; the pages keep their state.
    connect(
        worker, &EngineWorker::customersChanged, this,
        [this](const QList<Customer> &customers) {
            m_workspace.customers = customers;
            m_alerts->setWorkspace(m_workspace);
            m_scorer->setWorkspace(m_workspace);
            m_insightsPage->setWorkspace(m_workspace);
            statusBar()->showMessage(tr("Customers read from their query: %n", nullptr,
                                        static_cast<int>(customers.size())),
                                     10000);
        },
        Qt::QueuedConnection);
    connect(m_onCallPage, &wk::OnCallPage::overrideCreated, worker, &EngineWorker::addOverrides,
            Qt::QueuedConnection);
    connect(worker, &EngineWorker::overridesChanged, m_onCallPage,
            &wk::OnCallPage::setStoredOverrides, Qt::QueuedConnection);
    connect(m_onCallPage, &wk::OnCallPage::calendarKeyWanted, worker,
            &EngineWorker::requestCalendarKey, Qt::QueuedConnection);
    connect(worker, &EngineWorker::calendarKeyReady, m_onCallPage, &wk::OnCallPage::setCalendarKey,
            Qt::QueuedConnection);
    connect(worker, &EngineWorker::calendarKeyFailed, m_onCallPage,
            &wk::OnCallPage::calendarKeyFailed, Qt::QueuedConnection);
    connect(m_onCallPage, &wk::OnCallPage::shiftRequestAsked, worker, &EngineWorker::askForShift,
            Qt::QueuedConnection);
    connect(m_onCallPage, &wk::OnCallPage::shiftRequestAnswer, worker,
            &EngineWorker::answerShiftRequest, Qt::QueuedConnection);
    connect(worker, &EngineWorker::shiftRequestsChanged, m_onCallPage,
            &wk::OnCallPage::setShiftRequests, Qt::QueuedConnection);
    connect(worker, &EngineWorker::shiftRequestAnswered, m_onCallPage,
            &wk::OnCallPage::shiftRequestAnswered, Qt::QueuedConnection);
    connect(worker, &EngineWorker::overridesChanged, m_insightsPage,
            &wk::InsightsPage::setStoredOverrides, Qt::QueuedConnection);
    connect(worker, &EngineWorker::overridesChanged, m_handoffPage,
            &wk::HandoffPage::setStoredOverrides, Qt::QueuedConnection);
    connect(m_handoffPage, &wk::HandoffPage::dataRequested, worker,
            &EngineWorker::requestHandoffData, Qt::QueuedConnection);
    connect(m_handoffPage, &wk::HandoffPage::noteSaveRequested, worker,
            &EngineWorker::saveHandoffNote, Qt::QueuedConnection);
    connect(worker, &EngineWorker::handoffDataReady, m_handoffPage, &wk::HandoffPage::setStoredData,
            Qt::QueuedConnection);
    connect(worker, &EngineWorker::handoffNoteSaved, m_handoffPage, &wk::HandoffPage::noteSaved,
            Qt::QueuedConnection);
    connect(worker, &EngineWorker::handoffDataFailed, m_handoffPage, &wk::HandoffPage::storeFailed,
            Qt::QueuedConnection);
    connect(
        worker, &EngineWorker::deliveriesReady, this,
        [this](qint64 id, const QList<Delivery> &deliveries, const QString &error) {
            if (m_details)
                m_details->view()->setDeliveries(id, deliveries, error);
            m_alertsPage->detailsPane()->setDeliveries(id, deliveries, error);
        },
        Qt::QueuedConnection);
    connect(worker, &EngineWorker::started, this, &MainWindow::onStarted, Qt::QueuedConnection);
    connect(worker, &EngineWorker::alertsChanged, this, &MainWindow::onAlertsChanged,
            Qt::QueuedConnection);
    connect(worker, &EngineWorker::statusChanged, this, &MainWindow::onStatus,
            Qt::QueuedConnection);
    connect(
        worker, &EngineWorker::failedToStart, this,
        [this](const QString &error) {
            m_engineLabel->setText(tr("Engine stopped: %1").arg(error));
            QMessageBox::warning(this, tr("Watchkeeper"),
                                 tr("The alerting engine could not start:\n%1").arg(error));
        },
        Qt::QueuedConnection);
    connect(
        worker, &EngineWorker::actionFailed, this,
        [this](qint64 id, const QString &message) {
            statusBar()->showMessage(id > 0 ? tr("Alert #%1: %2").arg(id).arg(message) : message,
                                     8000);
        },
        Qt::QueuedConnection);
}

void MainWindow::onStarted(const QList<Alert> &alerts)
{
    // Requests made before the engine opened its store were answered with an error.
    m_handoffPage->reload();
    m_pendingChanges.clear(); // the full list supersedes them
    m_alerts->setAlerts(alerts);
    m_scorer->schedule();
    m_notifier->alertsChanged(alerts, true);
    updateOpenAlertCounts();
    openAlertIfKnown();
}

void MainWindow::onAlertsChanged(const QList<Alert> &changed)
{
    m_pendingChanges += changed;
    if (!m_applyTimer->isActive())
        m_applyTimer->start();
}

void MainWindow::applyPendingChanges()
{
    const QList<Alert> changed = std::exchange(m_pendingChanges, {});
    if (changed.isEmpty())
        return;
    m_alerts->applyChanges(changed);
    m_scorer->schedule();
    m_notifier->alertsChanged(changed);
    openAlertIfKnown();
    if (!m_openCountsTimer->isActive())
        m_openCountsTimer->start();
    if (m_details && m_details->isVisible()) {
        for (const Alert &a : changed) {
            if (a.id == m_details->alertId())
                m_details->view()->setAlert(a, m_clock->now(), m_alerts->score(a.id),
                                            m_alerts->whyNoScore());
        }
    }
}

void MainWindow::onStatus(const EngineStatus &status)
{
    m_pipelinesPage->setStatus(status, m_clock->now());
    const int failing = m_pipelinesPage->sources()->failingCount();
    const QString sources =
        failing == 0 ? QString() : tr(" · ⚠ %n source(s) failing", nullptr, failing);
    if (!status.error.isEmpty()) {
        m_engineLabel->setText(tr("⚠ %1").arg(status.error.section(QLatin1Char('\n'), 0, 0)));
        m_engineLabel->setToolTip(status.error);
        return;
    }
    m_engineLabel->setToolTip(QString());
    if (status.running && status.following) {
        QString trouble;
        if (status.leaderSilentMs > 0)
            trouble += tr(" · ⚠ leader silent for %1 s").arg(status.leaderSilentMs / 1000);
        if (status.pendingRequests > 0)
            trouble +=
                tr(" · %n action(s) waiting for the leader", nullptr, status.pendingRequests);
        m_engineLabel->setText(
            tr("Team mode: following %1 · %2 open")
                .arg(status.leader.isEmpty() ? tr("the leading console") : status.leader)
                .arg(status.openAlerts) +
            trouble + sources);
        m_engineLabel->setToolTip(
            tr("Another console leads: it reads the sources and evaluates the rules. Your "
               "actions are sent to it and show here once it has stored them. This console "
               "takes the lead if that one stops."));
        return;
    }
    m_engineLabel->setText(
        status.running
            ? tr("Engine running · evaluated %1 · %2 events/s · %3 open")
                      .arg(QDateTime::fromMSecsSinceEpoch(status.lastEvaluation / 1'000'000)
                               .toString(QStringLiteral("HH:mm:ss")))
                      .arg(qRound(status.eventsPerSecond))
                      .arg(status.openAlerts) +
                  sources
            : tr("Engine stopped"));
}

void MainWindow::openSettings()
{
    SettingsDialog dialog(m_workspace, m_notifier->settings(),
                          QSettings().value(identityKey()).toString(), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const Notifier::Settings s = dialog.notifierSettings();
    s.save();
    m_notifier->setSettings(s);
    setCurrentUser(dialog.person());
}

void MainWindow::setCurrentUser(const QString &personId)
{
    QSettings().setValue(identityKey(), personId);
    m_identityBar->hide();
    const Person *who = m_workspace.person(personId);
    if (who)
        statusBar()->showMessage(tr("Your actions are recorded as %1").arg(who->name), 5000);
}

QList<ShortcutEntry> MainWindow::shortcuts() const
{
    return ShortcutSheet::collect(this, m_pages, m_pageNames);
}

void MainWindow::updateOpenAlertCounts()
{
    QHash<QString, int> open;
    for (int r = 0; r < m_alerts->rowCount(); ++r) {
        const Alert *a = m_alerts->alertAt(r);
        if (a->isOpen())
            ++open[a->pipelineId];
    }
    m_pipelinesPage->pipelines()->setOpenAlerts(open);
}

void MainWindow::request(AlertAction action, const QList<qint64> &ids)
{
    if (!m_worker) {
        statusBar()->showMessage(tr("The alerting engine is not running"), 5000);
        return;
    }
    const QString who = currentUser();
    const TimestampNs snoozeUntil = m_clock->now() + 3600 * nanosPerSecond;
    EngineWorker *worker = m_worker;
    for (qint64 id : ids) {
        // Typed calls run on the engine's thread: a renamed slot fails to compile instead of
        // failing quietly at run time.
        QMetaObject::invokeMethod(worker, [=] {
            switch (action) {
            case AlertAction::Acknowledge:
                worker->acknowledge(id, who);
                break;
            case AlertAction::Resolve:
                worker->resolve(id, who);
                break;
            case AlertAction::Snooze:
                worker->snooze(id, snoozeUntil, who);
                break;
            case AlertAction::Escalate:
                worker->escalate(id, who);
                break;
            }
        });
    }
    const int n = static_cast<int>(ids.size());
    QString done;
    switch (action) {
    case AlertAction::Acknowledge:
        done = tr("Acknowledging %n alert(s)", nullptr, n);
        break;
    case AlertAction::Resolve:
        done = tr("Resolving %n alert(s)", nullptr, n);
        break;
    case AlertAction::Snooze:
        done = tr("Snoozing %n alert(s) for an hour", nullptr, n);
        break;
    case AlertAction::Escalate:
        done = tr("Escalating %n alert(s) to the secondary", nullptr, n);
        break;
    }
    statusBar()->showMessage(done, 3000);
}

void MainWindow::markOutcome(const QList<qint64> &ids, AlertOutcome::Kind preset)
{
    if (!m_worker) {
        statusBar()->showMessage(tr("The alerting engine is not running"), 5000);
        return;
    }
    QList<Alert> alerts;
    for (qint64 id : ids)
        if (const Alert *a = m_alerts->alert(id))
            alerts << *a;
    if (alerts.isEmpty())
        return;
    OutcomeDialog dialog(alerts, m_workspace, preset, this);
    if (dialog.exec() != QDialog::Accepted || !m_worker)
        return;
    const AlertOutcome outcome = dialog.outcome();
    const QString who = currentUser();
    EngineWorker *worker = m_worker;
    for (const Alert &a : std::as_const(alerts)) {
        const qint64 id = a.id;
        QMetaObject::invokeMethod(worker, [=] { worker->markOutcome(id, outcome, who); });
    }
    statusBar()->showMessage(
        tr("Marking %n alert(s) as %1", nullptr, int(alerts.size())).arg(outcome.describe()), 3000);
}

void MainWindow::tuneRule(const QString &ruleId)
{
    const bool any = std::any_of(m_workspace.rules.cbegin(), m_workspace.rules.cend(),
                                 [](const Rule &r) { return r.kind != Rule::Kind::Sql; });
    if (!any) {
        statusBar()->showMessage(tr("This workspace has no rule that reads events to tune"), 5000);
        return;
    }
    auto *dialog =
        new RuleTuningDialog(m_workspace, m_baseDir, m_watcher ? m_watcher->path() : QString(),
                             m_storeLocation, ruleId, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &RuleTuningDialog::written, this, [this](const QString &file) {
        statusBar()->showMessage(tr("Rule change written to %1").arg(file), 5000);
        if (m_watcher)
            m_watcher->reload();
    });
    dialog->show();
}

void MainWindow::openAlert(qint64 id)
{
    if (isMinimized())
        showNormal();
    raise();
    activateWindow();
    m_alertToOpen = id;
    openAlertIfKnown();
}

void MainWindow::openAlertIfKnown()
{
    if (!m_alertToOpen || !m_alerts->alert(*m_alertToOpen))
        return;
    showAlert(*std::exchange(m_alertToOpen, std::nullopt));
}

void MainWindow::requestDeliveries(qint64 id)
{
    if (EngineWorker *worker = m_worker)
        QMetaObject::invokeMethod(worker, [worker, id] { worker->requestDeliveries(id); });
}

void MainWindow::showAlert(qint64 id)
{
    const Alert *a = m_alerts->alert(id);
    if (!a)
        return;
    if (!m_details) {
        m_details = new AlertDetailsDialog(m_workspace, this);
        const AlertDetailsView *view = m_details->view();
        connect(view, &AlertDetailsView::acknowledgeRequested, this,
                [this](qint64 i) { request(AlertAction::Acknowledge, {i}); });
        connect(view, &AlertDetailsView::resolveRequested, this,
                [this](qint64 i) { request(AlertAction::Resolve, {i}); });
        connect(view, &AlertDetailsView::snoozeRequested, this,
                [this](qint64 i) { request(AlertAction::Snooze, {i}); });
        connect(view, &AlertDetailsView::escalateRequested, this,
                [this](qint64 i) { request(AlertAction::Escalate, {i}); });
        connect(view, &AlertDetailsView::outcomeRequested, this,
                [this](qint64 i) { markOutcome({i}, AlertOutcome::Kind::Noise); });
        connect(view, &AlertDetailsView::tuneRequested, this, &MainWindow::tuneRule);
        connect(view, &AlertDetailsView::deliveriesRequested, this, &MainWindow::requestDeliveries);
    }
    m_details->view()->setWorkspace(m_workspace);
    m_details->view()->setAlert(*a, m_clock->now(), m_alerts->score(id), m_alerts->whyNoScore());
    m_details->show();
    m_details->raise();
    m_details->activateWindow();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/page"), int(currentPage()));
    m_alertsPage->saveState(settings);
    // Queued ahead of the engine's stop, so the store takes the notes before it closes.
    m_handoffPage->saveNotes();
    event->accept();
}

} // namespace wk
