#pragma once

#include "domain/alert.h"
#include "domain/alertrequest.h"
#include "domain/delivery.h"
#include "domain/enginestatus.h"
#include "domain/event.h"
#include "domain/scheduleoverride.h"
#include "domain/scoremodelinfo.h"
#include "domain/shiftrequest.h"
#include "domain/silence.h"
#include "domain/workspace.h"
#include "paging/deliverysender.h"
#include "storage/checkpointstore.h"
#include "storage/runbookhistory.h"
#include "storage/schedulestore.h"

#include "sources/webhookreceiver.h"
#include <QElapsedTimer>
#include <QList>

#include <QObject>
#include <QSet>

#include <optional>

#include <memory>

class QTimer;

namespace wk {

class AlertStore;
class Clock;
class SourceRunner;
class TeamLeadership;
class DeliveryPlanner;
class Database;
class Engine;
class OnCallSchedule;
class ShiftRequestDesk;
class ScoreTrainer;
class RaiseScorer;
class ActionableModel;
struct HandoffReport;

// Runs the engine on a thread of its own (move it there, then call start()). It owns the
// thread's database connection, stores every change before announcing it, and reports to
// the GUI only through queued signals carrying value types, at most every 100 ms.
//
// Team mode (a PostgreSQL store shared by several consoles): exactly one console leads,
// the one holding the team's advisory lock. It reads the sources, evaluates the rules and
// writes the alerts. The others follow: they read what the leader stored (woken by
// NOTIFY, and once a second in any case), hand their people's actions to the leader as
// requests and show its answer, and take the lead when the leader goes away.
class EngineWorker : public QObject
{
    Q_OBJECT
public:
    // clock may be null for the system clock; it must outlive the worker.
    EngineWorker(Workspace workspace, QString baseDir, QString storeLocation,
                 const Clock *clock = nullptr);
    ~EngineWorker() override;

    // How pages are retried; before start(). The defaults suit a team; tests shorten them.
    void setDeliveryOptions(const DeliverySender::Options &options) { m_deliveryOptions = options; }
    // How long after start the leader first trains the actionable score (it then trains
    // daily); negative: only when asked (benchmarks that measure the engine alone).
    void setScoreTrainingDelay(int ms) { m_scoreTrainingDelayMs = ms; }

    static void registerTypes();

    // The receiver's port once it listens, 0 otherwise. Call from the worker's thread.
    quint16 receiverPort() const;

public slots:
    void start();
    void stop();
    void ingest(const QList<wk::Event> &events);
    void evaluateNow();
    void acknowledge(qint64 id, const QString &who);
    void resolve(qint64 id, const QString &who);
    void snooze(qint64 id, qint64 untilNs, const QString &who);
    void wontFix(qint64 id, const QString &who);
    void escalate(qint64 id, const QString &who);
    // Trains the actionable score now, on a pool thread; the leader's to do in team mode.
    void trainScore();
    // Where the store is, as given (empty: the console's default SQLite file); fixed at
    // construction, so readable from any thread.
    QString storeLocation() const { return m_storeLocation; }
    // How the alert ended, said by a person (noise and its reason, actionable, ...); through
    // the leader in team mode, like the other actions.
    void markOutcome(qint64 id, const wk::AlertOutcome &outcome, const QString &who);
    // Stores the silence, then applies it to the open alerts.
    void addSilence(const wk::Silence &silence);
    // Stores overrides (both halves of a swap at once) and lets new alerts follow them.
    void addOverrides(const QList<wk::ScheduleOverride> &overrides);
    // The stored note of a week and the runbook revisions recorded in [from, to).
    void requestHandoffData(const QDate &weekStart, const QDateTime &from, const QDateTime &to);
    void saveHandoffNote(const wk::HandoffNote &note);
    // The key of a person's calendar feeds, made on first use; replace: a new one, so that
    // every address with the old key answers 404.
    void requestCalendarKey(const QString &person, bool replace);
    // A swap or cover request, checked against the schedule and stored; the leading
    // console sends the asks.
    void askForShift(const wk::ShiftRequest &request);
    // answer: a ShiftRequestDesk::Answer (take, decline, approve, refuse, withdraw).
    void answerShiftRequest(const QString &id, const QString &person, int answer,
                            const QString &note);
    // The pages about one alert, newest first, as the store holds them (a follower reads
    // the team's).
    void requestDeliveries(qint64 alertId);
    // The workspace file was saved and read again: the rules, sources, people and paging
    // follow it from now on. Alerts and their clocks carry on from the store, and sources
    // from their checkpoints, as after a takeover; the rules' windows start afresh.
    void applyWorkspace(const wk::Workspace &workspace, const QString &baseDir);

signals:
    // Everything restored from the store, once start() has run.
    void started(const QList<wk::Alert> &alerts);
    void failedToStart(const QString &error);
    // Alerts that changed, new ones included, in one batch.
    void alertsChanged(const QList<wk::Alert> &changed);
    void statusChanged(const wk::EngineStatus &status);
    // A person's action that did not apply or could not be stored; nothing changed.
    void actionFailed(qint64 id, const QString &message);
    // Every override made in the console, after start and after each change.
    void overridesChanged(const QList<wk::ScheduleOverride> &overrides);
    void handoffDataReady(const wk::HandoffNote &note,
                          const QList<wk::RunbookRevision> &runbookChanges);
    void handoffNoteSaved(const wk::HandoffNote &note);
    // The live requests and those decided lately, after start and after each change.
    void shiftRequestsChanged(const QList<wk::ShiftRequest> &requests);
    // What asking or answering did, or why it did nothing.
    void shiftRequestAnswered(const QString &message, bool ok);
    void calendarKeyReady(const QString &person, const QString &key);
    void calendarKeyFailed(const QString &person, const QString &error);
    void handoffDataFailed(const QDate &weekStart, const QString &error);
    // error: why the store could not say; the list is empty then.
    void deliveriesReady(qint64 alertId, const QList<wk::Delivery> &deliveries,
                         const QString &error);
    // The newest training of the actionable score: at start when one is stored, and after
    // each (here or on the leading console).
    void scoreModelChanged(const wk::ScoreModelInfo &info);
    // When sources saw dbt runs and deploys, sorted: a feature of the actionable score.
    void changesSeen(const QList<qint64> &instants);
    // The customers their query answered, when the answer differs from what was known.
    void customersChanged(const QList<wk::Customer> &customers);

private:
    // A person's action: applied here when leading, else asked of the leader.
    void request(AlertRequest request);
    // True when the action was applied and stored; false with *failure saying why.
    template <typename Action> bool act(qint64 id, Action action, QString *failure = nullptr);
    // The page an acknowledge or resolve link opens (act false) or its button posts to.
    WebhookReceiver::Page answerLink(const QString &token, bool act);
    WebhookReceiver::Page answerCalendar(const QString &path, const QString &key);
    // Builds the engine from what the store holds: alerts, silences, overrides.
    bool loadEngine(QString *error);
    // Records the workspace's runbooks that changed since the store last saw them.
    void recordRunbooks();
    // The leader's own requests, answered by itself, are heard like a follower's.
    void hearOwnAnswers(const QList<AlertRequest> &answered);
    // `earlier`: the sources as the previous leader last shared them.
    void startLeading(const QList<SourceHealth> &earlier = {});
    // Another console took the lead while this one was cut off from the store.
    void stepDown();
    void stopLeading();
    // Team mode, once a second and on every NOTIFY: the leader answers requests and picks
    // up what followers stored; a follower catches up, or takes the lead if it is free.
    void syncTeam();
    void answerRequests();
    void followLeader();
    void reloadShared();
    // Tells the console of a newer stored training of the actionable score.
    void tellScoreModel();
    // Takes up a newer model for scoring alerts as they are raised.
    void useScoreModel(const wk::ScoreModelInfo &info);
    // Puts on each newly raised alert's timeline its actionable score, before its pages are
    // planned, when some contact method pages by the score (leader only).
    QList<Alert> scoreRaised(QList<Alert> changes);
    // Keeps what sources that cannot be read again delivered, for backtests; forgets what is
    // older than the workspace keeps.
    void archive(const QList<Event> &events);
    void archive(const QList<ExternalEvent> &events);
    void pruneArchive();
    // Reads the dbt runs and deploys on record, and says so when they differ.
    void readChanges();
    void scheduleEvaluation();
    // Stores and announces the engine's changes; false with *error when the store failed
    // (the changes wait for the next try).
    bool flush(QString *error = nullptr);
    // The deliveries the changes call for; nothing when nobody is paged.
    DeliveryChanges planDeliveries(const QList<Alert> &changes);
    // After a save that stored deliveries: the sender need not wait for its next round.
    void deliveriesStored(const DeliveryChanges &stored);
    // Attempts to send pages, as the sender stored them: onto their alerts' timelines.
    void recordDeliveries(const QList<wk::Delivery> &deliveries);
    // Puts an attempt on the alert's timeline, to be stored with the next flush.
    void noteDelivery(const wk::Delivery &delivery);
    // Reads the sources and keeps one alert open per failing source.
    void pollSources();
    // Plans the notices that fell due since the last call (leader only): shift reminders
    // and handoff digests, each for the span (after, now] of the engine's clock.
    void planTimedNotices();
    void planReminders(TimestampNs after, TimestampNs now);
    void planDigests(TimestampNs after, TimestampNs now);
    // A rotation's handoff report for a week, with the week's note and runbook changes.
    std::optional<HandoffReport> handoffReport(const Rotation &rotation, const QDate &weekStart,
                                               const QDateTime &now, QString *error);
    // Tells whoever gains or loses time by the overrides added to `previous` (leader only).
    void noticeOverrides(const QList<ScheduleOverride> &added,
                         const QList<ScheduleOverride> &previous);
    // After the workspace changed: whoever's coming shifts moved hears old and new (leader).
    void noticeRePlan(const OnCallSchedule &before);
    static constexpr int rePlanNoticeDays = 8 * 7;
    // Takes up what a request's decision added to the schedule, and shows the requests.
    void requestDecided(const QList<ScheduleOverride> &made);
    void publishRequests();
    // The leader's round of notices about requests (asks, outcomes, expiry).
    void tellAboutRequests();
    // Tells the window how the engine is doing: at once, or, when it did so less than a
    // tenth of a second ago, once that much time has passed.
    void publishStatus();
    void emitStatus();
    // The Channels pane's figures, from the deliveries of the last day.
    void readChannels();

    Workspace m_workspace;
    QString m_baseDir;
    QString m_storeLocation;
    std::unique_ptr<Clock> m_ownClock;
    const Clock *m_clock;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<AlertStore> m_store;
    std::unique_ptr<Engine> m_engine;
    SourceRunner *m_sources = nullptr;
    std::unique_ptr<DeliveryPlanner> m_planner;
    std::unique_ptr<ShiftRequestDesk> m_requests;
    QList<ShiftRequest> m_shownRequests;      // as last sent to the window
    TimestampNs m_noticedUpTo = 0;            // engine time up to which timed notices are planned
    std::unique_ptr<DeliverySender> m_sender; // the leader's only
    DeliverySender::Options m_deliveryOptions;
    DeliveryChanges m_unsavedDeliveries; // planned with m_unsaved, stored with it
    QTimer *m_evaluateTimer = nullptr;
    QTimer *m_trainTimer = nullptr;
    QTimer *m_archiveTimer = nullptr;
    std::vector<TimestampNs> m_changes; // dbt runs and deploys seen, sorted
    std::unique_ptr<ScoreTrainer> m_scores;
    std::shared_ptr<const ActionableModel> m_scoreModel; // the newest, for raise scores
    std::unique_ptr<RaiseScorer> m_raiseScorer;          // while leading, when a method uses scores
    int m_scoreTrainingDelayMs = 3000;
    QTimer *m_tickTimer = nullptr;
    std::unique_ptr<TeamLeadership> m_team; // team mode only
    bool m_leading = true;
    QString m_console;                      // this console, in the requests it makes
    QSet<QString> m_silenceIds;             // silences the book has
    QList<Alert> m_unsaved;                 // engine changes the store has not taken yet
    SourceCheckpoints m_unsavedCheckpoints; // stored with the alerts their events raised
    QList<ScheduleOverride> m_overrides;    // stored console overrides
    EngineStatus m_status;
    QSet<QString> m_pending; // this console's requests not answered yet
    QElapsedTimer m_rateTimer;
    qint64 m_rateEvents = 0;
    QTimer *m_statusTimer = nullptr;
    QElapsedTimer m_sinceStatus;
    QElapsedTimer m_channelsAge; // since the channels were last read
    bool m_channelsStale = true; // attempts were recorded since
};

} // namespace wk
