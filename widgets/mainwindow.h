#pragma once

#include "domain/alert.h"
#include "domain/enginestatus.h"
#include "domain/workspace.h"
#include "pipelinelistpage.h"
#include "shortcutsheet.h"

#include <QDateTime>
#include <QMainWindow>

#include <optional>

#include <memory>

class QAction;
class QLabel;
class QMenu;
class QTimer;
class QListWidget;
class QStackedWidget;

namespace wk {

class HandoffPage;
class IdentityBar;
class InsightsPage;
class OnCallPage;

class AlertDetailsDialog;
class AlertScorer;
class AlertTableModel;
class AlertListPage;
class Clock;
class EngineWorker;
class Notifier;
class PipelineTableModel;
class ChannelHealthModel;
class SourceHealthModel;
class RunbookSearcher;
class RunbookSearchPage;
class WorkspaceProblemBar;
class WorkspaceWatcher;

// The console's one window: navigation on the left, the chosen page on the right.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    enum Page { AlertsPage, PipelinesPage, OnCallPage, RunbooksPage, InsightsPage, HandoffPage };

    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // origin says where the workspace came from (a file, a database, the demo) for the status bar.
    void setWorkspace(const Workspace &workspace, const QString &origin);
    void showPage(Page page);
    Page currentPage() const;
    PipelineTableModel *pipelineModel() const { return m_pipelinesPage->pipelines(); }
    SourceHealthModel *sourceHealthModel() const { return m_pipelinesPage->sources(); }
    ChannelHealthModel *channelHealthModel() const { return m_pipelinesPage->channels(); }
    AlertTableModel *alertModel() const { return m_alerts; }
    AlertListPage *alertsPage() const { return m_alertsPage; }
    AlertDetailsDialog *detailsDialog() const { return m_details; }
    RunbookSearchPage *runbooksPage() const { return m_runbooksPage; }
    wk::OnCallPage *onCallPage() const { return m_onCallPage; }
    wk::HandoffPage *handoffPage() const { return m_handoffPage; }
    wk::InsightsPage *insightsPage() const { return m_insightsPage; }
    Notifier *notifier() const { return m_notifier; }
    // Team mode searches the shared database (a PostgreSQL URL); otherwise the workspace's
    // runbooks are indexed on the search thread.
    void setTeamRunbookSearch(const QString &databaseUrl);

    // Connects the window to an engine running on another thread; all traffic is queued.
    void attachEngine(EngineWorker *worker);
    // Reads the workspace file again whenever it (or a calendar it names) is saved: a valid
    // one is applied in place (here and in the engine), an invalid one is shown and refused.
    void watchWorkspace(const QString &file, const QString &baseDir);
    WorkspaceWatcher *workspaceWatcher() const { return m_watcher; }
    WorkspaceProblemBar *workspaceProblemBar() const { return m_problemBar; }
    const Workspace &workspace() const { return m_workspace; }
    // The clock the countdowns use (default: the system clock); must outlive the window.
    void setClock(const Clock *clock);
    // Who the actions are recorded as: a person id of the workspace, or the OS user.
    // Whom actions are recorded as: the person chosen for this workspace, else the login
    // name if it is one of its people, else "console".
    QString currentUser() const;
    void setCurrentUser(const QString &personId);
    // Every key the window answers to, as the keyboard sheet lists them.
    QList<ShortcutEntry> shortcuts() const;

public slots:
    void showAlert(qint64 id);
    // Brings the window forward and opens the alert, now or once the engine has told of it
    // (a watchkeeper://alert/ID link may arrive before the alerts do).
    void openAlert(qint64 id);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void openWorkspace();
    void requestDeliveries(qint64 id);
    // Checks the file and opens it in a console of its own.
    void openWorkspaceFile(const QString &path);
    void fillRecentMenu();
    void applyReloadedWorkspace(const Workspace &workspace);
    void onStarted(const QList<wk::Alert> &alerts);
    void onAlertsChanged(const QList<wk::Alert> &changed);
    void applyPendingChanges();
    void openAlertIfKnown();
    void onStatus(const wk::EngineStatus &status);
    enum class AlertAction { Acknowledge, Resolve, Snooze, Escalate };
    void request(AlertAction action, const QList<qint64> &ids);
    // The rule's parameters beside a backtest of each change (RuleTuningDialog); empty: the
    // first rule that has a history.
    void tuneRule(const QString &ruleId);
    // Asks how the alerts ended (OutcomeDialog) and has the engine mark it.
    void markOutcome(const QList<qint64> &ids, AlertOutcome::Kind preset);
    void updateOpenAlertCounts();
    void openSettings();
    QString identityKey() const; // the setting that remembers currentUser() per workspace

    QListWidget *m_nav = nullptr;
    QStringList m_pageNames;
    IdentityBar *m_identityBar = nullptr;
    QStackedWidget *m_pages = nullptr;
    PipelineListPage *m_pipelinesPage = nullptr;
    QLabel *m_origin = nullptr;
    QLabel *m_engineLabel = nullptr;
    AlertTableModel *m_alerts = nullptr;
    AlertScorer *m_scorer = nullptr;
    AlertListPage *m_alertsPage = nullptr;
    RunbookSearchPage *m_runbooksPage = nullptr;
    wk::OnCallPage *m_onCallPage = nullptr;
    wk::HandoffPage *m_handoffPage = nullptr;
    wk::InsightsPage *m_insightsPage = nullptr;
    int m_ticks = 0;
    Notifier *m_notifier = nullptr;
    AlertDetailsDialog *m_details = nullptr;
    EngineWorker *m_worker = nullptr;
    const Clock *m_clock = nullptr;
    std::unique_ptr<Clock> m_systemClock;
    std::unique_ptr<RunbookSearcher> m_searcher;
    QString m_teamDatabase; // where team mode searches runbooks; empty: embedded
    void replaceSearcher(std::unique_ptr<RunbookSearcher> searcher);
    QTimer *m_clockTimer = nullptr;
    QTimer *m_openCountsTimer = nullptr;
    QTimer *m_applyTimer = nullptr;
    QList<Alert> m_pendingChanges;       // from the engine, for the next batch
    std::optional<qint64> m_alertToOpen; // asked for by a link before the engine knew it
    Workspace m_workspace;
    QString m_originText; // as setWorkspace was told
    QDateTime m_workspaceReadAt;
    WorkspaceWatcher *m_watcher = nullptr;
    QString m_baseDir; // of the watched file
    WorkspaceProblemBar *m_problemBar = nullptr;
    QMenu *m_recentMenu = nullptr;
    QAction *m_reloadAction = nullptr;
    QAction *m_trainAction = nullptr;
    QString m_storeLocation; // the engine's store, for reading history off the GUI thread
};

} // namespace wk
