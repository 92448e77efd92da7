#include "engineworker.h"

#include "domain/clock.h"
#include "engine.h"
#include "engine/handoffdigest.h"
#include "engine/scoretrainer.h"
#include "engine/shiftrequestdesk.h"
#include "paging/actionlink.h"
#include "paging/actionlinkpage.h"
#include "paging/deliveryplanner.h"
#include "paging/deliverysender.h"
#include "paging/noticemessage.h"
#include "paging/shiftchangenotices.h"
#include "paging/shiftreminders.h"
#include "report/handoffreport.h"
#include "schedule/calendarfeed.h"
#include "schedule/oncallschedule.h"
#include "score/raisescorer.h"
#include "sources/sourcehistory.h"
#include "sources/sourcerunner.h"
#include "storage/alertstore.h"
#include "storage/calendarkeystore.h"
#include "storage/database.h"
#include "storage/deliverystore.h"
#include "storage/eventarchive.h"
#include "storage/runbookhistory.h"
#include "storage/schedulestore.h"
#include "storage/teamleadership.h"
#include "storage/teamstatusstore.h"

#include <QTimer>
#include <QUuid>

namespace wk {

namespace {
// The GUI hears about changes at most this often; events in between are coalesced.
constexpr int batchIntervalMs = 100;
// Deadlines (ack-by, snoozes, freshness) move with time even when no event arrives.
constexpr int tickIntervalMs = 1000;
// How long the leader keeps answered requests that their console never collected.
constexpr qint64 requestKeepNs = 86400 * nanosPerSecond;
// Errors only a leader meets; they end when it steps down.
constexpr const char *shareError = "cannot share the sources' state: ";
constexpr const char *storeError = "cannot store alerts: ";

bool applyRequest(AlertBook &book, const AlertRequest &r, QString *error)
{
    if (r.action == QLatin1String("acknowledge"))
        return book.acknowledge(r.alertId, r.actor, error);
    if (r.action == QLatin1String("resolve"))
        return book.resolve(r.alertId, r.actor, error);
    if (r.action == QLatin1String("snooze") && r.until)
        return book.snooze(r.alertId, *r.until, r.actor, error);
    if (r.action == QLatin1String("wontfix"))
        return book.wontFix(r.alertId, r.actor, error);
    if (r.action == QLatin1String("escalate"))
        return book.escalate(r.alertId, r.actor, error);
    if (r.action == QLatin1String("mark")) {
        std::optional<AlertOutcome> outcome = AlertOutcome::fromStored(r.detail, error);
        return outcome && book.markOutcome(r.alertId, *outcome, r.actor, error);
    }
    if (error)
        *error = QStringLiteral("unknown action \"%1\"").arg(r.action);
    return false;
}

AlertRequest asked(qint64 id, const QString &action, const QString &who,
                   std::optional<TimestampNs> until = std::nullopt)
{
    AlertRequest r;
    r.alertId = id;
    r.action = action;
    r.actor = who;
    r.until = until;
    return r;
}

} // namespace

EngineWorker::EngineWorker(Workspace workspace, QString baseDir, QString storeLocation,
                           const Clock *clock)
    : m_workspace(std::move(workspace)), m_baseDir(std::move(baseDir)),
      m_storeLocation(std::move(storeLocation)),
      m_ownClock(clock ? nullptr : std::make_unique<SystemClock>()),
      m_clock(clock ? clock : m_ownClock.get())
{}

EngineWorker::~EngineWorker() = default;

void EngineWorker::registerTypes()
{
    qRegisterMetaType<wk::Alert>();
    qRegisterMetaType<wk::AlertOutcome>();
    qRegisterMetaType<wk::ScoreModelInfo>();
    qRegisterMetaType<wk::Delivery>();
    qRegisterMetaType<QList<wk::Customer>>();
    qRegisterMetaType<QList<wk::Alert>>();
    qRegisterMetaType<wk::Event>();
    qRegisterMetaType<QList<wk::Event>>();
    qRegisterMetaType<wk::EngineStatus>();
    qRegisterMetaType<wk::SourceHealth>();
    qRegisterMetaType<wk::ChannelHealth>();
    qRegisterMetaType<QList<wk::ChannelHealth>>();
    qRegisterMetaType<QList<wk::Delivery>>();
    qRegisterMetaType<wk::Silence>();
    qRegisterMetaType<wk::ScheduleOverride>();
    qRegisterMetaType<wk::HandoffNote>();
    qRegisterMetaType<QList<wk::RunbookRevision>>();
    qRegisterMetaType<QList<wk::ScheduleOverride>>();
    qRegisterMetaType<wk::ShiftRequest>();
    qRegisterMetaType<QList<wk::ShiftRequest>>();
}

void EngineWorker::start()
{
    QString error;
    // Opened here, in the worker's thread: Qt Sql connections belong to one thread.
    m_db = Database::open(m_storeLocation, &error);
    if (!m_db) {
        emit failedToStart(error);
        return;
    }
    m_store = std::make_unique<AlertStore>(*m_db);
    m_requests = std::make_unique<ShiftRequestDesk>(*m_db, m_workspace);
    if (!loadEngine(&error)) {
        emit failedToStart(error);
        return;
    }
    recordRunbooks();

    if (m_db->backend() == Database::Backend::Postgres) {
        m_console = QUuid::createUuid().toString(QUuid::WithoutBraces);
        m_team = std::make_unique<TeamLeadership>(*m_db);
        connect(m_team.get(), &TeamLeadership::lookAtTeam, this, &EngineWorker::syncTeam);
        m_team->join();
        m_leading = m_team->tryToLead();
    }
    m_status.running = true;
    m_scores = std::make_unique<ScoreTrainer>(*m_db);
    connect(m_scores.get(), &ScoreTrainer::trained, this, &EngineWorker::scoreModelChanged);
    connect(this, &EngineWorker::scoreModelChanged, this, &EngineWorker::useScoreModel);
    connect(this, &EngineWorker::changesSeen, this, [this] {
        if (m_raiseScorer)
            m_raiseScorer->setChanges(m_changes);
    });
    connect(m_scores.get(), &ScoreTrainer::failed, this, [this](const QString &why) {
        m_status.error = why;
        publishStatus();
    });
    m_trainTimer = new QTimer(this);
    m_trainTimer->setInterval(24 * 3600 * 1000);
    connect(m_trainTimer, &QTimer::timeout, this, &EngineWorker::trainScore);
    if (m_scoreTrainingDelayMs >= 0) {
        m_trainTimer->start();
        QTimer::singleShot(m_scoreTrainingDelayMs, this, &EngineWorker::trainScore);
    }
    m_archiveTimer = new QTimer(this);
    m_archiveTimer->setInterval(24 * 3600 * 1000);
    connect(m_archiveTimer, &QTimer::timeout, this, &EngineWorker::pruneArchive);
    m_archiveTimer->start();
    if (m_leading) {
        startLeading();
        pruneArchive();
        emit started(m_engine->book().alerts());
        publishRequests();
        pollSources();
    } else {
        m_status.following = true;
        TeamStatusStore(*m_db).readInto(&m_status, &error);
        emit started(m_engine->book().alerts());
        publishRequests();
        publishStatus();
    }
    readChanges();
    tellScoreModel();
}

void EngineWorker::trainScore()
{
    // Followers use what the leader trains; a follower's timer finds it not leading.
    if (!m_engine || !m_leading || !m_scores)
        return;
    m_scores->train(m_workspace, m_engine->book().alerts(), m_clock->now(), m_changes);
}

void EngineWorker::archive(const QList<Event> &events)
{
    if (events.isEmpty())
        return;
    // On the engine's hot path (a busy file source delivers a million events a second): a
    // batch is almost always one source's, so its kind is looked up once per run of them.
    const bool keepAll = m_workspace.outcomes.keepEventsSeconds > 0;
    QList<Event> kept;
    bool changed = false;
    const QString *lastSource = nullptr;
    bool lastKept = false;
    for (const Event &e : events) {
        if (!lastSource || *lastSource != e.source) {
            lastSource = &e.source;
            const auto source =
                std::find_if(m_workspace.sources.cbegin(), m_workspace.sources.cend(),
                             [&](const DataSource &s) { return s.id == e.source; });
            lastKept = keepAll && source != m_workspace.sources.cend() &&
                       !SourceHistory::canReread(*source);
        }
        const bool change = EventArchive::isChange(e);
        if (lastKept || change)
            kept << e;
        if (change) {
            m_changes.insert(std::upper_bound(m_changes.begin(), m_changes.end(), e.time), e.time);
            changed = true;
        }
    }
    if (kept.isEmpty())
        return;
    QString error;
    if (!EventArchive(*m_db).append(kept, &error) && m_status.error.isEmpty())
        m_status.error = QStringLiteral("cannot archive events: %1").arg(error);
    if (changed)
        emit changesSeen(QList<qint64>(m_changes.cbegin(), m_changes.cend()));
}

void EngineWorker::readChanges()
{
    QString error;
    auto changes = EventArchive(*m_db).changes(0, &error);
    if (!changes || *changes == m_changes)
        return;
    m_changes = std::move(*changes);
    emit changesSeen(QList<qint64>(m_changes.cbegin(), m_changes.cend()));
}

void EngineWorker::archive(const QList<ExternalEvent> &events)
{
    if (m_workspace.outcomes.keepEventsSeconds <= 0 || events.isEmpty())
        return;
    QList<Event> kept;
    for (const ExternalEvent &e : events) {
        const QString action =
            e.action == ExternalEvent::Action::Trigger       ? QStringLiteral("trigger")
            : e.action == ExternalEvent::Action::Acknowledge ? QStringLiteral("acknowledge")
                                                             : QStringLiteral("resolve");
        kept << Event{QStringLiteral("receiver:") + e.origin, e.at > 0 ? e.at : m_clock->now(),
                      e.key, action, QString()};
    }
    QString error;
    if (!EventArchive(*m_db).append(kept, &error) && m_status.error.isEmpty())
        m_status.error = QStringLiteral("cannot archive received alerts: %1").arg(error);
}

void EngineWorker::pruneArchive()
{
    if (!m_engine || !m_leading)
        return;
    QString error;
    const TimestampNs before =
        m_clock->now() - m_workspace.outcomes.keepEventsSeconds * nanosPerSecond;
    if (!EventArchive(*m_db).prune(before, &error) && m_status.error.isEmpty())
        m_status.error = QStringLiteral("cannot prune the event archive: %1").arg(error);
}

void EngineWorker::tellScoreModel()
{
    if (!m_scores)
        return;
    QString error;
    if (const auto info = m_scores->newer(&error))
        emit scoreModelChanged(*info);
}

void EngineWorker::useScoreModel(const ScoreModelInfo &info)
{
    m_scoreModel.reset();
    QString error;
    if (info.hasModel()) {
        if (auto loaded = ActionableModel::load(info.model, &error))
            m_scoreModel = std::make_shared<const ActionableModel>(std::move(*loaded));
    }
    if (m_raiseScorer)
        m_raiseScorer->setModel(m_scoreModel);
}

QList<Alert> EngineWorker::scoreRaised(QList<Alert> changes)
{
    if (!m_raiseScorer || !m_planner || !m_leading || changes.isEmpty())
        return changes;
    // Alerts raised earlier in the same batch count in each other's history.
    for (const Alert &a : std::as_const(changes))
        m_raiseScorer->remember(a);
    if (!m_raiseScorer->hasModel())
        return changes;
    AlertBook &book = m_engine->book();
    bool scored = false;
    for (const Alert &a : std::as_const(changes)) {
        if (a.state != AlertState::Triggered || !a.silencedBy.isEmpty() ||
            !a.inhibitedBy.isEmpty() || !m_planner->raiseToPlan(a) || scoreWhenRaised(a))
            continue;
        if (const auto score = m_raiseScorer->score(a))
            scored = book.annotate(a.id, QStringLiteral("engine"), QLatin1String(scoredAction),
                                   scoredDetail(*score)) ||
                     scored;
    }
    if (!scored)
        return changes;
    QHash<qint64, qsizetype> at;
    for (qsizetype i = 0; i < changes.size(); ++i)
        at.insert(changes.at(i).id, i);
    for (Alert &a : book.takeChanges()) {
        if (const auto it = at.constFind(a.id); it != at.constEnd())
            changes[*it] = std::move(a);
        else
            changes.append(std::move(a));
    }
    return changes;
}

void EngineWorker::recordRunbooks()
{
    // The console is where a workspace comes into use, so this is where runbook edits are
    // noticed; a failure here costs the handoff report a line, not the engine its start.
    QString error;
    if (!RunbookHistory(*m_db).record(m_workspace.runbooks, toDateTime(m_clock->now()), &error) &&
        m_status.error.isEmpty())
        m_status.error = QStringLiteral("cannot record runbook changes: %1").arg(error);
}

void EngineWorker::applyWorkspace(const Workspace &workspace, const QString &baseDir)
{
    OnCallSchedule before(m_workspace);
    before.setStoredOverrides(m_overrides);
    m_workspace = workspace;
    m_baseDir = baseDir;
    if (!m_engine)
        return; // not started yet: start() builds everything from it
    const bool leading = m_leading;
    QList<SourceHealth> earlier;
    if (leading) {
        if (m_sources)
            earlier = m_sources->health();
        stopLeading(); // stores what the old rules changed
        delete m_sources;
        m_sources = nullptr;
    }
    // A problem of the old rules is not one of the new.
    if (!m_status.error.startsWith(QLatin1String(storeError)))
        m_status.error.clear();
    QString error;
    if (!loadEngine(&error)) {
        m_status.error = QStringLiteral("cannot read the alerts again: %1").arg(error);
        publishStatus();
        return;
    }
    recordRunbooks();
    if (leading) {
        startLeading(earlier);
        noticeRePlan(before);
        pollSources();
    }
    publishStatus();
}

void EngineWorker::noticeRePlan(const OnCallSchedule &before)
{
    if (!m_engine || !m_planner || !m_leading || !m_planner->pages())
        return;
    OnCallSchedule after(m_workspace);
    after.setStoredOverrides(m_overrides);
    const QDateTime from = toDateTime(m_clock->now());
    const TimestampNs realNow = toTimestamp(QDateTime::currentDateTimeUtc());
    for (const ShiftChangeNotices::Notice &n :
         ShiftChangeNotices::forRePlan(before, after, from, from.addDays(rePlanNoticeDays)))
        m_unsavedDeliveries.planned +=
            m_planner->notice(n.person, n.message, n.step, realNow, realNow, {}, m_clock->now());
    flush();
}

bool EngineWorker::loadEngine(QString *error)
{
    const auto restored = m_store->load(error);
    if (!restored)
        return false;
    m_engine = std::make_unique<Engine>(m_workspace, m_baseDir, *m_clock);
    m_planner = std::make_unique<DeliveryPlanner>(m_workspace);
    m_engine->book().restore(*restored);
    m_silenceIds.clear();
    if (const auto silences = m_store->loadSilences(error)) {
        for (const Silence &s : *silences) {
            m_engine->book().addSilence(s);
            m_silenceIds.insert(s.id);
        }
    }
    // Overrides made in any console decide who new alerts go to.
    if (const auto overrides = ScheduleStore(*m_db).loadOverrides(error)) {
        m_overrides = *overrides;
        m_engine->book().setStoredOverrides(m_overrides);
        emit overridesChanged(m_overrides);
    }
    m_engine->book().takeChanges();
    QList<Diagnostic> problems;
    if (!m_engine->prepare(&problems))
        m_status.error = formatDiagnostics(problems);
    return true;
}

void EngineWorker::stepDown()
{
    // Another console leads now: what this one had not stored is the new leader's to
    // work out again, and the store is where this console starts over from.
    m_leading = false;
    stopLeading();
    delete m_sources;
    m_sources = nullptr;
    m_unsaved.clear();
    m_unsavedCheckpoints.clear();
    m_unsavedDeliveries = {};
    // Troubles of leading (sharing the sources' state, storing alerts) are not a follower's.
    for (const char *leaderOnly : {shareError, storeError})
        if (m_status.error.startsWith(QLatin1String(leaderOnly)))
            m_status.error.clear();
    QString error;
    if (!loadEngine(&error)) {
        m_status.error = QStringLiteral("cannot read the team's alerts: %1").arg(error);
        return;
    }
    m_status.following = true;
    m_status.sources.clear();
    m_team->forgetLeader();
    emit alertsChanged(m_engine->book().alerts());
    followLeader();
}

void EngineWorker::startLeading(const QList<SourceHealth> &earlier)
{
    m_status.following = false;
    m_status.leaderSilentMs = 0;
    if (m_team)
        m_team->forgetLeader();
    // Shared with the status, for the followers to show.
    m_status.leader = TeamLeadership::consoleName();
    m_sources = new SourceRunner(m_workspace, m_baseDir, *m_db, *m_clock, this);
    m_sources->carryOver(earlier);
    // The rules' windows start empty here, whatever was open when the last leader stopped.
    m_engine->expectOpenAlertsAgain();
    m_sources->onEvents = [this](const QList<Event> &events) {
        m_engine->ingest(events);
        m_rateEvents += events.size();
        archive(events);
    };
    m_sources->onChanges = [this](const QList<Event> &events) { archive(events); };
    m_sources->onCustomers = [this](const QList<Customer> &customers) {
        if (customers == m_workspace.customers)
            return;
        m_workspace.customers = customers;
        m_engine->setCustomers(customers);
        emit customersChanged(customers);
    };
    m_sources->onExternal = [this](const QList<ExternalEvent> &events, QString *error) {
        m_engine->apply(events);
        archive(events);
        m_rateEvents += events.size(); // received alerts are events, as the status bar counts
        if (const QStringList unmatched = m_engine->takeUnmatched(); !unmatched.isEmpty())
            m_sources->noteReceiver(
                QStringLiteral("answered %1 but %2")
                    .arg(unmatched.size() == 1 ? QStringLiteral("202") : QStringLiteral("202s"),
                         unmatched.join(QStringLiteral("; "))));
        const bool stored = flush(error);
        publishStatus();
        return stored;
    };
    m_sources->onLink = [this](const QString &token, bool post) { return answerLink(token, post); };
    m_sources->onCalendar = [this](const QString &path, const QString &key) {
        return answerCalendar(path, key);
    };
    m_sources->onConditions = [this](const QString &ruleId,
                                     const QList<AlertCondition> &conditions) {
        QSet<QString> active;
        for (const AlertCondition &c : conditions) {
            m_engine->book().fire(c);
            active.insert(c.dedupKey());
        }
        m_engine->book().clearRuleExcept(ruleId, active);
    };
    m_sources->onFindings = [this](const QString &, const QList<AlertCondition> &fire,
                                   const QStringList &clear) {
        for (const AlertCondition &c : fire)
            m_engine->book().fire(c);
        for (const QString &key : clear)
            m_engine->book().clear(key, QStringLiteral("engine"),
                                   QStringLiteral("the warehouse no longer finds the condition"));
    };
    m_sources->start();
    // A heartbeat that went missing under an earlier leader is still missing until it checks
    // in; one taken out of the workspace never will, so its alert closes.
    QStringList missingHeartbeats;
    QStringList goneHeartbeats;
    for (const Alert &a : m_engine->book().alerts()) {
        if (a.ruleId != QLatin1String("heartbeat") || !a.isOpen())
            continue;
        if (m_workspace.heartbeat(a.subject))
            missingHeartbeats << a.subject;
        else
            goneHeartbeats << a.dedupKey;
    }
    for (const QString &key : std::as_const(goneHeartbeats))
        m_engine->book().clear(key, QStringLiteral("engine"),
                               QStringLiteral("the heartbeat is no longer in the workspace"));
    m_sources->heartbeatAlertsOpen(missingHeartbeats);
    // Bursts in what the files gained while no console read them are put on record.
    if (m_sources->resumed())
        m_engine->resume();

    if (!m_evaluateTimer) {
        m_evaluateTimer = new QTimer(this);
        m_evaluateTimer->setSingleShot(true);
        m_evaluateTimer->setInterval(batchIntervalMs);
        connect(m_evaluateTimer, &QTimer::timeout, this, &EngineWorker::evaluateNow);
        m_tickTimer = new QTimer(this);
        m_tickTimer->setInterval(tickIntervalMs);
        connect(m_tickTimer, &QTimer::timeout, this, &EngineWorker::pollSources);
    }
    m_tickTimer->start();
    m_rateTimer.start();

    // What an earlier term of leading planned may never have been stored: start afresh.
    m_planner = std::make_unique<DeliveryPlanner>(m_workspace);
    m_raiseScorer.reset();
    if (m_planner->usesScore()) {
        m_raiseScorer = std::make_unique<RaiseScorer>(m_workspace);
        m_raiseScorer->setModel(m_scoreModel);
        m_raiseScorer->setChanges(m_changes);
        for (const Alert &a : m_engine->book().alerts())
            m_raiseScorer->remember(a);
    }
    m_noticedUpTo = m_clock->now();
    m_planner->setActionLinks(m_workspace.receiver.linkBase(), m_sources->linkKey());
    // The engine decides who hears when; the sender writes each message as it goes, so
    // that a storm of pages costs this thread little more than the storm of alerts.
    m_planner->setComposing(false);
    if (m_planner->pages()) {
        // The sender's thread folds the log back into the database (DeliverySender): a
        // storm of pages doubles what is written, and the engine's saves need not wait
        // while the disk catches up.
        m_db->setAutoCheckpoint(false);
        m_sender = std::make_unique<DeliverySender>(m_storeLocation, m_workspace, m_baseDir,
                                                    m_deliveryOptions);
        m_sender->setActionLinks(m_workspace.receiver.linkBase(), m_sources->linkKey());
        connect(m_sender.get(), &DeliverySender::attempted, this, &EngineWorker::recordDeliveries);
        connect(m_sender.get(), &DeliverySender::failedToStart, this, [this](const QString &why) {
            m_db->setAutoCheckpoint(true); // nobody else folds the log back now
            m_status.error = QStringLiteral("pages cannot be sent: %1").arg(why);
            publishStatus();
        });
        connect(m_sender.get(), &DeliverySender::channelsRead, this,
                [this](const QList<ChannelHealth> &figures) {
                    m_status.channels = ChannelHealth::merged(m_workspace, figures);
                    publishStatus();
                });
        // Alerts open when the last leader stopped may have pages it never stored, and
        // attempts it stored but never put on the timeline.
        m_unsavedDeliveries = planDeliveries(m_engine->book().alerts());
        QString error;
        if (const auto unnoted = DeliveryStore(*m_db).unnoted(&error)) {
            for (const Delivery &d : *unnoted)
                noteDelivery(d);
        }
        flush();
        m_sender->start();
    }
}

void EngineWorker::stopLeading()
{
    if (m_tickTimer)
        m_tickTimer->stop();
    if (m_evaluateTimer)
        m_evaluateTimer->stop();
    if (m_sources)
        m_sources->stop();
    if (m_engine && m_leading)
        flush();
    m_sender.reset(); // abandons the attempt in flight; the next leader sends the rest
    if (m_db)
        m_db->setAutoCheckpoint(true);
}

void EngineWorker::stop()
{
    if (m_trainTimer)
        m_trainTimer->stop();
    m_scores.reset(); // waits for a training under way, and stores nothing more
    stopLeading();
    if (m_team) {
        // The next console takes the lead at once instead of when this connection closes.
        m_team->leave(m_leading);
        if (m_leading)
            m_store->notifyTeam();
    }
    m_status.running = false;
    emitStatus(); // the last word, not deferred
}

void EngineWorker::syncTeam()
{
    if (!m_engine)
        return;
    // After a server restart or a dropped network, the session, and with it a leader's
    // lock, is gone. Until the connection is back nothing is stored; the engine keeps its
    // changes and stores them once it can.
    QString error;
    const TeamLeadership::Connection connection = m_team->reconnect(&error);
    if (connection == TeamLeadership::Connection::Lost) {
        m_status.error = QStringLiteral("the team database is unreachable: %1").arg(error);
        publishStatus();
        return;
    }
    if (connection == TeamLeadership::Connection::Reconnected) {
        if (m_status.error.startsWith(QLatin1String("the team database is unreachable")))
            m_status.error.clear();
        if (m_leading && !m_team->tryToLead()) {
            stepDown();
            return;
        }
    }
    if (m_leading) {
        reloadShared();
        answerRequests();
        return;
    }
    if (m_team->tryToLead()) {
        // Whatever the old leader stored last is the starting point, its sources' state too.
        followLeader();
        const EngineStatus shared = m_status;
        m_engine->carryOverNewest(shared.newestBySource);
        m_leading = true;
        startLeading(shared.sources);
        pollSources();
        return;
    }
    followLeader();
}

void EngineWorker::followLeader()
{
    QString error;
    const auto changed = m_store->loadChanged(&error);
    if (!changed) {
        m_status.error = QStringLiteral("cannot read the team's alerts: %1").arg(error);
        publishStatus();
        return;
    }
    if (m_status.error.startsWith(QLatin1String("cannot read the team's alerts")))
        m_status.error.clear();
    if (!changed->isEmpty()) {
        m_engine->book().restore(*changed);
        m_engine->book().takeChanges();
        emit alertsChanged(*changed);
    }
    if (const auto answered = m_store->answeredRequests(m_console, &error)) {
        hearOwnAnswers(*answered);
    }
    reloadShared();
    TeamStatusStore(*m_db).readInto(&m_status, &error);
    QString unended;
    const qint64 silent = m_team->watchLeader(&unended);
    m_status.leaderSilentMs = silent >= TeamLeadership::silentWarnMs ? silent : 0;
    if (!unended.isEmpty())
        m_status.error = QStringLiteral("the leading console is silent and its session "
                                        "cannot be ended: %1")
                             .arg(unended);
    publishStatus();
}

void EngineWorker::hearOwnAnswers(const QList<AlertRequest> &answered)
{
    QStringList heard;
    for (const AlertRequest &r : answered) {
        if (r.console != m_console)
            continue;
        if (r.outcome != QLatin1String("done"))
            emit actionFailed(r.alertId, r.error);
        heard << r.id;
        m_pending.remove(r.id);
    }
    QString error;
    if (!heard.isEmpty())
        m_store->forgetRequests(heard, &error);
}

void EngineWorker::reloadShared()
{
    QString error;
    if (const auto overrides = ScheduleStore(*m_db).loadOverrides(&error);
        overrides && *overrides != m_overrides) {
        // Made on another console: the leader tells the people concerned.
        QSet<QString> known;
        for (const ScheduleOverride &o : std::as_const(m_overrides))
            known.insert(o.id);
        QList<ScheduleOverride> added;
        for (const ScheduleOverride &o : *overrides) {
            if (!known.contains(o.id))
                added << o;
        }
        const QList<ScheduleOverride> previous = std::exchange(m_overrides, *overrides);
        m_engine->book().setStoredOverrides(m_overrides);
        emit overridesChanged(m_overrides);
        noticeOverrides(added, previous);
    }
    publishRequests();
    tellAboutRequests();
    readChanges();
    tellScoreModel();
    if (!m_leading)
        return; // the leader applies silences; followers see the alerts it changed
    if (const auto silences = m_store->loadSilences(&error)) {
        for (const Silence &s : *silences) {
            if (!m_silenceIds.contains(s.id)) {
                m_silenceIds.insert(s.id);
                m_engine->book().addSilence(s);
            }
        }
        flush();
    }
}

void EngineWorker::answerRequests()
{
    QString error;
    // Answers nobody collected (their console quit, or became the leader) go after a day.
    m_store->purgeAnsweredRequests(m_clock->now() - requestKeepNs, &error);
    const auto pending = m_store->pendingRequests(&error);
    if (!pending || pending->isEmpty())
        return;
    AlertBook &book = m_engine->book();
    flush(); // the engine's own changes must not share these requests' fate
    QHash<qint64, Alert> before;
    QList<AlertRequest> answered;
    for (AlertRequest r : *pending) {
        if (const Alert *a = book.alert(r.alertId); a && !before.contains(r.alertId))
            before.insert(r.alertId, *a);
        const bool done = applyRequest(book, r, &r.error);
        r.outcome = done ? QStringLiteral("done") : QStringLiteral("failed");
        answered << r;
    }
    const QList<Alert> changes = scoreRaised(book.takeChanges());
    const DeliveryChanges deliveries = planDeliveries(changes);
    if (!m_store->save(changes, &error, answered, {}, deliveries)) {
        // Not stored, so not done: the requests stay pending for the next try.
        book.restore(before.values());
        book.takeChanges();
        if (m_planner)
            m_planner->forget(deliveries);
        m_status.error = QStringLiteral("%1%2").arg(QLatin1String(storeError), error);
        publishStatus();
        return;
    }
    deliveriesStored(deliveries);
    if (!changes.isEmpty())
        emit alertsChanged(changes);
    // Asked while following, answered now that this console leads.
    hearOwnAnswers(answered);
    publishStatus();
}

void EngineWorker::ingest(const QList<Event> &events)
{
    // A follower reads no sources: the leader's engine sees every event once.
    if (!m_engine || !m_leading)
        return;
    m_engine->ingest(events);
    m_rateEvents += events.size();
    scheduleEvaluation();
}

void EngineWorker::scheduleEvaluation()
{
    if (m_evaluateTimer && !m_evaluateTimer->isActive())
        m_evaluateTimer->start();
}

void EngineWorker::evaluateNow()
{
    if (!m_engine || !m_leading)
        return;
    m_engine->evaluate();
    m_status.lastEvaluation = m_clock->now();
    flush();
    publishStatus();
}

bool EngineWorker::flush(QString *failure)
{
    const QList<Alert> changes = scoreRaised(m_engine->book().takeChanges());
    m_unsaved += changes;
    const DeliveryChanges planned = planDeliveries(changes);
    m_unsavedDeliveries.planned += planned.planned;
    m_unsavedDeliveries.cancelled += planned.cancelled;
    if (m_sources)
        m_unsavedCheckpoints.insert(m_sources->takeCheckpoints()); // the newer position wins
    if (m_unsaved.isEmpty() && m_unsavedCheckpoints.isEmpty() && m_unsavedDeliveries.isEmpty())
        return true;
    QString error;
    // Announce only what is stored; if the store is away, keep the changes for the next try.
    if (!m_store->save(m_unsaved, &error, {}, m_unsavedCheckpoints, m_unsavedDeliveries)) {
        m_status.error = QStringLiteral("%1%2").arg(QLatin1String(storeError), error);
        if (failure)
            *failure = error;
        return false;
    }
    if (m_status.error.startsWith(QLatin1String(storeError)))
        m_status.error.clear();
    m_unsavedCheckpoints.clear();
    deliveriesStored(std::exchange(m_unsavedDeliveries, {}));
    const QList<Alert> saved = std::exchange(m_unsaved, {});
    if (!saved.isEmpty())
        emit alertsChanged(saved);
    return true;
}

quint16 EngineWorker::receiverPort() const
{
    return m_sources ? m_sources->receiverPort() : 0;
}

DeliveryChanges EngineWorker::planDeliveries(const QList<Alert> &changes)
{
    // Only the leader pages; a follower's planner would page a second time.
    if (!m_planner || !m_leading || changes.isEmpty())
        return {};
    return m_planner->plan(changes, toTimestamp(QDateTime::currentDateTimeUtc()), m_clock->now(),
                           m_engine->book().schedule());
}

std::optional<HandoffReport> EngineWorker::handoffReport(const Rotation &rotation,
                                                         const QDate &weekStart,
                                                         const QDateTime &now, QString *error)
{
    const auto note = ScheduleStore(*m_db).loadNote(weekStart, error);
    if (!note)
        return std::nullopt;
    OnCallSchedule schedule(m_workspace);
    schedule.setStoredOverrides(m_overrides);
    HandoffReport report =
        HandoffReport::build(m_workspace, m_engine->book().alerts(), schedule, weekStart,
                             NoticeMessage::zone(rotation.timeZone), *note, now);
    const auto changes = RunbookHistory(*m_db).between(report.from, report.to, error);
    if (!changes)
        return std::nullopt;
    report.runbookChanges = *changes;
    return report;
}

void EngineWorker::planTimedNotices()
{
    if (!m_planner || !m_leading || !m_planner->pages())
        return;
    const TimestampNs now = m_clock->now();
    // From when this console took the lead: notices due while none led are not sent late.
    if (m_noticedUpTo == 0 || now < m_noticedUpTo) {
        m_noticedUpTo = now;
        return;
    }
    const TimestampNs after = std::exchange(m_noticedUpTo, now);
    planReminders(after, now);
    planDigests(after, now);
}

void EngineWorker::planDigests(TimestampNs after, TimestampNs now)
{
    const QList<HandoffDigest::Due> due =
        HandoffDigest::due(m_workspace, m_engine->book().schedule(), after, now);
    const TimestampNs realNow = toTimestamp(QDateTime::currentDateTimeUtc());
    const bool links = m_sources && !m_sources->linkKey().isEmpty();
    for (const HandoffDigest::Due &d : due) {
        const Rotation *rotation = m_workspace.rotation(d.rotation);
        QString error;
        const QDate week = HandoffDigest::weekStart(*rotation, d.at);
        const auto report = handoffReport(*rotation, week, d.at, &error);
        if (!report)
            continue;
        for (const QString &reader : HandoffDigest::readers(m_workspace, *rotation)) {
            QString link;
            // The reader's own calendar key opens the report, as it opens the feeds.
            if (const auto key =
                    links ? CalendarKeyStore(*m_db).keyOf(reader, &error) : std::nullopt)
                link = QStringLiteral("%1/handoff/%2/%3.html?key=%4")
                           .arg(m_workspace.receiver.linkBase(), rotation->id,
                                week.toString(Qt::ISODate), *key);
            m_unsavedDeliveries.planned +=
                m_planner->notice(reader, HandoffDigest::message(*report, *rotation, d.at, link),
                                  HandoffDigest::step(d), realNow, realNow, {}, m_clock->now());
        }
    }
}

void EngineWorker::planReminders(TimestampNs after, TimestampNs now)
{
    const QList<ShiftReminders::Due> due =
        ShiftReminders::due(m_workspace, m_engine->book().schedule(), after, now);
    if (due.isEmpty())
        return;
    QList<Alert> open;
    for (const Alert &a : m_engine->book().alerts()) {
        if (a.isOpen())
            open << a;
    }
    const TimestampNs realNow = toTimestamp(QDateTime::currentDateTimeUtc());
    for (const ShiftReminders::Due &d : due)
        m_unsavedDeliveries.planned +=
            m_planner->notice(d.shift.person, ShiftReminders::message(d.shift, m_workspace, open),
                              ShiftReminders::step(d.shift), realNow, realNow, {}, now);
}

void EngineWorker::deliveriesStored(const DeliveryChanges &stored)
{
    if (m_sender && !stored.planned.isEmpty())
        m_sender->wake();
}

void EngineWorker::recordDeliveries(const QList<Delivery> &deliveries)
{
    for (const Delivery &d : deliveries)
        noteDelivery(d);
    // Stored with the engine's next batch, a tenth of a second away at most: under a storm
    // of pages the timeline entries share transactions instead of each taking one.
    scheduleEvaluation();
}

void EngineWorker::noteDelivery(const Delivery &d)
{
    if (!m_engine)
        return;
    // Stored with the timeline entry: after a crash, what is not marked is noted again.
    m_unsavedDeliveries.notedUpTo = std::max(m_unsavedDeliveries.notedUpTo, d.recorded);
    if (d.status == Delivery::Status::Cancelled)
        return;
    const QString action = d.status == Delivery::Status::Sent     ? QStringLiteral("paged")
                           : d.status == Delivery::Status::Failed ? QStringLiteral("page failed")
                                                                  : QStringLiteral("page retry");
    AlertBook &book = m_engine->book();
    const Alert *paged = book.alert(d.alertId);
    const QString pipeline = paged ? paged->pipelineId : QString();
    // A notice (a shift reminder) is about no alert: its record is the delivery itself.
    if (d.alertId != 0)
        book.annotate(d.alertId, QStringLiteral("engine"), action,
                      DeliverySender::describe(d, m_workspace));
    // A method that gave up is an alert of its own, like a failing source: someone must
    // fix the address or the service before the next page is lost. It clears when a page
    // by that method goes through again.
    AlertCondition c;
    c.ruleId = QStringLiteral("channel");
    c.ruleKind = QStringLiteral("channel");
    c.subject = QStringLiteral("%1/%2").arg(d.person).arg(d.contact);
    if (d.status == Delivery::Status::Failed) {
        const Person *person = m_workspace.person(d.person);
        c.pipelineId = pipeline;
        c.title = QStringLiteral("Pages to %1 by %2 are failing")
                      .arg(person ? person->name : d.person, d.kind);
        c.evidence = QStringLiteral("%1 (%2) gave up after %3 attempts: %4")
                         .arg(d.kind, d.target)
                         .arg(d.attempts)
                         .arg(d.result);
        c.severity = Severity::High;
        book.fire(c);
    } else if (d.status == Delivery::Status::Sent) {
        book.clear(c.dedupKey(), QStringLiteral("engine"),
                   QStringLiteral("a page by this method went through"));
    }
}

void EngineWorker::pollSources()
{
    m_sources->poll();
    QSet<QString> failing;
    for (const SourceHealth &h : m_sources->health()) {
        if (!h.failing())
            continue;
        AlertCondition c;
        c.ruleId = QStringLiteral("source");
        c.ruleKind = QStringLiteral("source");
        c.subject = h.id;
        for (const Pipeline &p : m_workspace.pipelines) {
            if (!p.source.isEmpty() && p.source == h.id)
                c.pipelineId = p.id;
        }
        for (const Rule &r : m_workspace.rules) {
            if (r.id == h.id && m_workspace.runsInWarehouse(r))
                c.pipelineId = r.pipeline; // a rule evaluated in its warehouse
        }
        c.title = QStringLiteral("Source %1 is failing").arg(h.id);
        c.evidence = h.error;
        c.severity = Severity::High;
        m_engine->book().fire(c);
        failing.insert(c.dedupKey());
    }
    m_engine->book().clearRuleExcept(QStringLiteral("source"), failing);
    m_status.sources = m_sources->health();
    m_status.dbtModels = m_sources->dbtModels();
    planTimedNotices();
    tellAboutRequests();
    evaluateNow();
    if (m_team) {
        QString error;
        // Stamped with the real time, not the engine's (possibly simulated) clock: the
        // stamp is the heartbeat followers watch, and it must move while this process lives.
        if (!TeamStatusStore(*m_db).publish(m_status, toTimestamp(QDateTime::currentDateTimeUtc()),
                                            &error))
            m_status.error = QStringLiteral("%1%2").arg(QLatin1String(shareError), error);
        else if (m_status.error.startsWith(QLatin1String(shareError)))
            m_status.error.clear();
    }
}

template <typename Action> bool EngineWorker::act(qint64 id, Action action, QString *failure)
{
    if (!m_engine) {
        emit actionFailed(id, QStringLiteral("the engine is not running"));
        if (failure)
            *failure = QStringLiteral("the engine is not running");
        return false;
    }
    AlertBook &book = m_engine->book();
    flush(); // keep the engine's own pending changes out of this transaction's fate
    const Alert *current = book.alert(id);
    const std::optional<Alert> before = current ? std::optional<Alert>(*current) : std::nullopt;
    QString error;
    if (!action(book, &error)) {
        emit actionFailed(id, error);
        if (failure)
            *failure = error;
        return false;
    }
    const QList<Alert> changes = scoreRaised(book.takeChanges());
    const DeliveryChanges deliveries = planDeliveries(changes);
    if (!m_store->save(changes, &error, {}, {}, deliveries)) {
        // Nothing acknowledged that is not stored: put the alert back as it was.
        if (before)
            book.restore({*before});
        book.takeChanges();
        if (m_planner)
            m_planner->forget(deliveries);
        error = QStringLiteral("not stored, nothing changed: %1").arg(error);
        emit actionFailed(id, error);
        if (failure)
            *failure = error;
        return false;
    }
    deliveriesStored(deliveries);
    emit alertsChanged(changes);
    publishStatus();
    return true;
}

WebhookReceiver::Page EngineWorker::answerCalendar(const QString &path, const QString &key)
{
    QString error;
    const auto owner = CalendarKeyStore(*m_db).ownerOf(key, &error);
    if (!owner)
        return {503, {}};
    if (path.startsWith(QLatin1String("handoff/"))) {
        // handoff/<rotation>/<week start>.html: any person's key, as for a rotation's feed.
        const QStringList parts = path.mid(8).split(QLatin1Char('/'));
        const Rotation *rotation = parts.size() == 2 ? m_workspace.rotation(parts.at(0)) : nullptr;
        const QDate week = parts.size() == 2 && parts.at(1).endsWith(QLatin1String(".html"))
                               ? QDate::fromString(parts.at(1).chopped(5), Qt::ISODate)
                               : QDate();
        if (owner->isEmpty() || !m_workspace.person(*owner) || !rotation || !week.isValid() ||
            !m_engine)
            return {404, {}};
        const auto report = handoffReport(*rotation, week, toDateTime(m_clock->now()), &error);
        if (!report)
            return {503, {}};
        return {200, report->toHtml().toUtf8()};
    }
    // Overrides made on any console of the team are in m_overrides, read from the store.
    OnCallSchedule schedule(m_workspace);
    schedule.setStoredOverrides(m_overrides);
    const CalendarFeed::Answer a =
        CalendarFeed::answer(m_workspace, schedule, path, *owner, toDateTime(m_clock->now()));
    return {a.status, a.ics};
}

WebhookReceiver::Page EngineWorker::answerLink(const QString &token, bool post)
{
    const QByteArray key = m_sources ? m_sources->linkKey() : QByteArray();
    if (!m_engine || key.isEmpty())
        return {503, ActionLinkPage::refused(QStringLiteral("Not now"),
                                             QStringLiteral("This console is not taking links "
                                                            "at the moment; act in Watchkeeper."))};
    QString why;
    const auto link = ActionLink::verify(key, token, QDateTime::currentSecsSinceEpoch(), &why);
    if (!link)
        return {why.contains(QLatin1String("expired")) ? 410 : 403,
                ActionLinkPage::refused(QStringLiteral("This link does nothing"), why)};
    if (link->isForRequest()) {
        OnCallSchedule schedule(m_workspace);
        schedule.setStoredOverrides(m_overrides);
        ShiftRequestDesk::Outcome acted;
        WebhookReceiver::Page page =
            m_requests->page(*link, post, schedule, toDateTime(m_clock->now()), &acted);
        if (acted.ok)
            requestDecided(acted.overrides);
        return page;
    }
    auto factsOf = [&]() -> std::optional<ActionLinkPage::Facts> {
        const Alert *a = m_engine->book().alert(link->alertId);
        if (!a)
            return std::nullopt;
        const Pipeline *pipeline = m_workspace.pipeline(a->pipelineId);
        const Person *person = m_workspace.person(link->person);
        return ActionLinkPage::Facts{a->title, pipeline ? pipeline->name : a->pipelineId,
                                     severityName(a->severity), alertStateName(a->state),
                                     person ? person->name : link->person};
    };
    const auto before = factsOf();
    if (!before)
        return {404, ActionLinkPage::refused(QStringLiteral("No such alert"),
                                             QStringLiteral("Alert #%1 is not known to this "
                                                            "console.")
                                                 .arg(link->alertId))};
    DeliveryStore links(*m_db);
    auto usedAlready = [&] {
        return WebhookReceiver::Page{
            410, ActionLinkPage::refused(QStringLiteral("This link was used already"),
                                         QStringLiteral("Each link works once. Alert #%1 is %2 "
                                                        "now.")
                                             .arg(link->alertId)
                                             .arg(before->state))};
    };
    if (!post) {
        // Said at once rather than after a press that could do nothing.
        if (links.linkUsed(link->nonce, &why).value_or(false))
            return usedAlready();
        return {200, ActionLinkPage::confirm(*link, *before)};
    }

    const auto claimed = links.claimLink(link->nonce, link->alertId, m_clock->now(), &why);
    if (!claimed)
        return {503, ActionLinkPage::refused(QStringLiteral("Not now"),
                                             QStringLiteral("The store did not answer (%1); try "
                                                            "again in a moment.")
                                                 .arg(why))};
    if (!*claimed)
        return usedAlready();
    const QString detail = QStringLiteral("via %1 link").arg(link->via);
    const bool done = act(
        link->alertId,
        [&](AlertBook &b, QString *e) {
            return link->action == ActionLink::Action::Acknowledge
                       ? b.acknowledge(link->alertId, link->person, e, detail)
                       : b.resolve(link->alertId, link->person, e, detail);
        },
        &why);
    if (!done) {
        QString ignored;
        links.releaseLink(link->nonce, &ignored); // nothing happened: the link still works
        return {409, ActionLinkPage::refused(QStringLiteral("Nothing changed"), why)};
    }
    return {200, ActionLinkPage::done(*link, *factsOf())};
}

void EngineWorker::request(AlertRequest r)
{
    if (!m_engine) {
        emit actionFailed(r.alertId, QStringLiteral("the engine is not running"));
        return;
    }
    if (m_leading) {
        act(r.alertId, [&](AlertBook &b, QString *e) { return applyRequest(b, r, e); });
        return;
    }
    r.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    r.requestedAt = m_clock->now();
    r.console = m_console;
    QString error;
    if (!m_store->addRequest(r, &error)) {
        emit actionFailed(r.alertId,
                          QStringLiteral("not sent to the leading console: %1").arg(error));
        return;
    }
    m_pending.insert(r.id);
    publishStatus();
}

void EngineWorker::acknowledge(qint64 id, const QString &who)
{
    request(asked(id, QStringLiteral("acknowledge"), who));
}

void EngineWorker::resolve(qint64 id, const QString &who)
{
    request(asked(id, QStringLiteral("resolve"), who));
}

void EngineWorker::snooze(qint64 id, qint64 untilNs, const QString &who)
{
    request(asked(id, QStringLiteral("snooze"), who, untilNs));
}

void EngineWorker::wontFix(qint64 id, const QString &who)
{
    request(asked(id, QStringLiteral("wontfix"), who));
}

void EngineWorker::escalate(qint64 id, const QString &who)
{
    request(asked(id, QStringLiteral("escalate"), who));
}

void EngineWorker::markOutcome(qint64 id, const AlertOutcome &outcome, const QString &who)
{
    AlertRequest r = asked(id, QStringLiteral("mark"), who);
    // Stored as a marked outcome is, so the leader reads a follower's request as it would
    // read the alert; by and at are the leader's to set.
    AlertOutcome mark = outcome;
    mark.by = who;
    r.detail = mark.toStored();
    request(r);
}

void EngineWorker::addSilence(const Silence &silence)
{
    QString error;
    if (!m_engine || !m_store->saveSilence(silence, &error)) {
        emit actionFailed(0,
                          QStringLiteral("the silence was not stored: %1")
                              .arg(m_engine ? error : QStringLiteral("the engine is not running")));
        return;
    }
    if (!m_leading) {
        m_store->notifyTeam(); // the leader applies it and stores what it changed
        return;
    }
    m_silenceIds.insert(silence.id);
    m_engine->book().addSilence(silence);
    flush();
}

void EngineWorker::addOverrides(const QList<wk::ScheduleOverride> &overrides)
{
    QString error;
    if (!m_db || !ScheduleStore(*m_db).addOverrides(overrides, &error)) {
        emit actionFailed(0, QStringLiteral("cannot store the override: %1")
                                 .arg(m_db ? error : QStringLiteral("the engine is not running")));
        return;
    }
    const QList<ScheduleOverride> previous = m_overrides;
    m_overrides << overrides;
    if (m_engine)
        m_engine->book().setStoredOverrides(m_overrides);
    m_store->notifyTeam();
    emit overridesChanged(m_overrides);
    noticeOverrides(overrides, previous);
}

void EngineWorker::askForShift(const wk::ShiftRequest &request)
{
    if (!m_requests) {
        emit shiftRequestAnswered(QStringLiteral("The engine is not running."), false);
        return;
    }
    OnCallSchedule schedule(m_workspace);
    schedule.setStoredOverrides(m_overrides);
    const ShiftRequestDesk::Outcome o =
        m_requests->ask(request, schedule, toDateTime(m_clock->now()));
    emit shiftRequestAnswered(o.message, o.ok);
    if (o.ok)
        requestDecided({});
}

void EngineWorker::answerShiftRequest(const QString &id, const QString &person, int answer,
                                      const QString &note)
{
    if (!m_requests) {
        emit shiftRequestAnswered(QStringLiteral("The engine is not running."), false);
        return;
    }
    OnCallSchedule schedule(m_workspace);
    schedule.setStoredOverrides(m_overrides);
    const ShiftRequestDesk::Outcome o =
        m_requests->answer(id, person, static_cast<ShiftRequestDesk::Answer>(answer), schedule,
                           toDateTime(m_clock->now()), note);
    emit shiftRequestAnswered(o.message, o.ok);
    requestDecided(o.ok ? o.overrides : QList<ScheduleOverride>());
}

void EngineWorker::requestDecided(const QList<ScheduleOverride> &made)
{
    if (!made.isEmpty()) {
        // Stored with the request's decision, in the same transaction.
        m_overrides << made;
        if (m_engine)
            m_engine->book().setStoredOverrides(m_overrides);
        emit overridesChanged(m_overrides);
    }
    if (m_store)
        m_store->notifyTeam();
    publishRequests();
    tellAboutRequests();
}

void EngineWorker::publishRequests()
{
    QString error;
    const auto requests =
        m_requests ? m_requests->list(toDateTime(m_clock->now()), &error) : std::nullopt;
    if (!requests || *requests == m_shownRequests)
        return;
    m_shownRequests = *requests;
    emit shiftRequestsChanged(m_shownRequests);
}

void EngineWorker::tellAboutRequests()
{
    if (!m_requests || !m_engine || !m_planner || !m_leading || !m_planner->pages())
        return;
    OnCallSchedule schedule(m_workspace);
    schedule.setStoredOverrides(m_overrides);
    ShiftRequestDesk::Telling telling =
        m_requests->tell(*m_planner, schedule, toDateTime(m_clock->now()),
                         toTimestamp(QDateTime::currentDateTimeUtc()));
    if (telling.told.isEmpty())
        return;
    m_unsavedDeliveries.planned += telling.deliveries;
    // Marked told only once the notices are stored: a crash between sends them again
    // (the same steps, so at most once each), never not at all.
    if (flush())
        m_requests->markTold(telling.told);
    publishRequests();
}

void EngineWorker::noticeOverrides(const QList<ScheduleOverride> &added,
                                   const QList<ScheduleOverride> &previous)
{
    if (added.isEmpty() || !m_engine || !m_planner || !m_leading || !m_planner->pages())
        return;
    // A request's outcome is told by its own notices.
    QList<ScheduleOverride> told;
    for (const ScheduleOverride &o : added) {
        if (o.request.isEmpty())
            told << o;
    }
    OnCallSchedule before(m_workspace);
    before.setStoredOverrides(previous);
    const TimestampNs realNow = toTimestamp(QDateTime::currentDateTimeUtc());
    for (const ShiftChangeNotices::Notice &n :
         ShiftChangeNotices::forOverrides(told, m_workspace, before, m_clock->now()))
        m_unsavedDeliveries.planned +=
            m_planner->notice(n.person, n.message, n.step, realNow, realNow, {}, m_clock->now());
    flush();
}

void EngineWorker::requestHandoffData(const QDate &weekStart, const QDateTime &from,
                                      const QDateTime &to)
{
    QString error;
    if (!m_db) {
        emit handoffDataFailed(weekStart, QStringLiteral("the engine is not running"));
        return;
    }
    const auto note = ScheduleStore(*m_db).loadNote(weekStart, &error);
    const auto changes = note ? RunbookHistory(*m_db).between(from, to, &error) : std::nullopt;
    if (!note || !changes) {
        emit handoffDataFailed(weekStart, error);
        return;
    }
    emit handoffDataReady(*note, *changes);
}

void EngineWorker::requestCalendarKey(const QString &person, bool replace)
{
    if (!m_db) {
        emit calendarKeyFailed(person, QStringLiteral("the engine is not running"));
        return;
    }
    QString error;
    CalendarKeyStore keys(*m_db);
    const auto key = replace ? keys.replace(person, &error) : keys.keyOf(person, &error);
    if (!key)
        emit calendarKeyFailed(person,
                               QStringLiteral("cannot read or store the key: %1").arg(error));
    else
        emit calendarKeyReady(person, *key);
}

void EngineWorker::saveHandoffNote(const HandoffNote &note)
{
    QString error;
    if (!m_db || !ScheduleStore(*m_db).saveNote(note, &error)) {
        emit handoffDataFailed(
            note.weekStart, QStringLiteral("the note was not saved: %1")
                                .arg(m_db ? error : QStringLiteral("the engine is not running")));
        return;
    }
    emit handoffNoteSaved(note);
}

void EngineWorker::publishStatus()
{
    // A busy receiver changes the status with every request; the window shows it a few
    // times a second, and each copy costs both threads.
    constexpr qint64 minIntervalMs = 100;
    if (m_sinceStatus.isValid() && m_sinceStatus.elapsed() < minIntervalMs) {
        if (!m_statusTimer) {
            m_statusTimer = new QTimer(this);
            m_statusTimer->setSingleShot(true);
            connect(m_statusTimer, &QTimer::timeout, this, &EngineWorker::emitStatus);
        }
        if (!m_statusTimer->isActive())
            m_statusTimer->start(static_cast<int>(minIntervalMs - m_sinceStatus.elapsed()));
        return;
    }
    emitStatus();
}

void EngineWorker::requestDeliveries(qint64 alertId)
{
    QString error = QStringLiteral("the engine is not running");
    const auto list = m_db ? DeliveryStore(*m_db).list(0, alertId, &error) : std::nullopt;
    emit deliveriesReady(alertId, list.value_or(QList<Delivery>()), list ? QString() : error);
}

void EngineWorker::readChannels()
{
    m_channelsAge.start();
    m_channelsStale = false;
    QString error;
    // Real time: pages go out in the real world, whatever clock the engine runs on.
    const TimestampNs since =
        toTimestamp(QDateTime::currentDateTimeUtc()) - ChannelHealth::periodNs;
    if (const auto figures = DeliveryStore(*m_db).channels(since, &error))
        m_status.channels = ChannelHealth::merged(m_workspace, *figures);
}

void EngineWorker::emitStatus()
{
    if (m_statusTimer)
        m_statusTimer->stop();
    m_sinceStatus.start();
    m_status.openAlerts = m_engine ? m_engine->book().openCount() : 0;
    m_status.pendingRequests = static_cast<int>(m_pending.size());
    // A leader's sender reads them as it records; a leader that pages nobody reads them
    // once (the methods with no pages yet); a follower cannot know, so it looks.
    if (m_db && ((m_channelsStale && !m_sender) || !m_leading) &&
        (!m_channelsAge.isValid() || m_channelsAge.elapsed() >= ChannelHealth::readIntervalMs))
        readChannels();
    if (!m_leading) {
        emit statusChanged(m_status); // the rest is the leader's, as it shared it
        return;
    }
    m_status.eventsTotal = m_engine ? m_engine->eventsIngested() : 0;
    if (m_engine)
        m_status.newestBySource = m_engine->newestBySource();
    // A dbt project delivers results, not events: its newest load is how fresh its data is.
    for (const SourceHealth &h : std::as_const(m_status.sources)) {
        if (h.newestData > 0 && !m_status.newestBySource.contains(h.id))
            m_status.newestBySource.insert(h.id, h.newestData);
    }
    if (m_rateTimer.isValid() && m_rateTimer.elapsed() >= 1000) {
        m_status.eventsPerSecond = m_rateEvents * 1000.0 / m_rateTimer.restart();
        m_rateEvents = 0;
    }
    emit statusChanged(m_status);
}

} // namespace wk
