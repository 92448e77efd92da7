#include "engineworker.h"

#include "clock.h"
#include "engine.h"
#include "sources/sourcerunner.h"
#include "storage/alertstore.h"
#include "storage/database.h"
#include "storage/runbookhistory.h"
#include "storage/schedulestore.h"

#include <QTimer>

namespace wk {

namespace {
// The GUI hears about changes at most this often; events in between are coalesced.
constexpr int batchIntervalMs = 100;
// Deadlines (ack-by, snoozes, freshness) move with time even when no event arrives.
constexpr int tickIntervalMs = 1000;
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
    qRegisterMetaType<QList<wk::Alert>>();
    qRegisterMetaType<wk::Event>();
    qRegisterMetaType<QList<wk::Event>>();
    qRegisterMetaType<wk::EngineStatus>();
    qRegisterMetaType<wk::SourceHealth>();
    qRegisterMetaType<wk::Silence>();
    qRegisterMetaType<wk::ScheduleOverride>();
    qRegisterMetaType<wk::HandoffNote>();
    qRegisterMetaType<QList<wk::RunbookRevision>>();
    qRegisterMetaType<QList<wk::ScheduleOverride>>();
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
    const auto restored = m_store->load(&error);
    if (!restored) {
        emit failedToStart(error);
        return;
    }
    m_engine = std::make_unique<Engine>(m_workspace, m_baseDir, *m_clock);
    m_engine->book().restore(*restored);
    if (const auto silences = m_store->loadSilences(&error)) {
        for (const Silence &s : *silences)
            m_engine->book().addSilence(s);
    }
    // Overrides made in any console decide who new alerts go to.
    if (const auto overrides = ScheduleStore(*m_db).loadOverrides(&error)) {
        m_overrides = *overrides;
        m_engine->book().setStoredOverrides(m_overrides);
        emit overridesChanged(m_overrides);
    }
    m_engine->book().takeChanges();
    // The console is where a workspace comes into use, so this is where runbook edits are
    // noticed; a failure here costs the handoff report a line, not the engine its start.
    if (!RunbookHistory(*m_db).record(m_workspace.runbooks, toDateTime(m_clock->now()), &error))
        m_status.error = QStringLiteral("cannot record runbook changes: %1").arg(error);
    QList<Diagnostic> problems;
    if (!m_engine->prepare(&problems))
        m_status.error = formatDiagnostics(problems);

    m_sources = new SourceRunner(m_workspace, m_baseDir, *m_db, *m_clock, this);
    m_sources->onEvents = [this](const QList<Event> &events) {
        m_engine->ingest(events);
        m_rateEvents += events.size();
    };
    m_sources->onExternal = [this](const QList<ExternalEvent> &events, QString *error) {
        m_engine->apply(events);
        const bool stored = flush(error);
        publishStatus();
        return stored;
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
    m_sources->start();

    m_evaluateTimer = new QTimer(this);
    m_evaluateTimer->setSingleShot(true);
    m_evaluateTimer->setInterval(batchIntervalMs);
    connect(m_evaluateTimer, &QTimer::timeout, this, &EngineWorker::evaluateNow);
    m_tickTimer = new QTimer(this);
    m_tickTimer->setInterval(tickIntervalMs);
    connect(m_tickTimer, &QTimer::timeout, this, &EngineWorker::pollSources);
    m_tickTimer->start();
    m_rateTimer.start();
    m_status.running = true;
    emit started(m_engine->book().alerts());
    pollSources();
}

void EngineWorker::stop()
{
    if (m_tickTimer)
        m_tickTimer->stop();
    if (m_evaluateTimer)
        m_evaluateTimer->stop();
    if (m_sources)
        m_sources->stop();
    if (m_engine)
        flush();
    m_status.running = false;
    publishStatus();
}

void EngineWorker::ingest(const QList<Event> &events)
{
    if (!m_engine)
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
    if (!m_engine)
        return;
    m_engine->evaluate();
    m_status.lastEvaluation = m_clock->now();
    flush();
    publishStatus();
}

bool EngineWorker::flush(QString *failure)
{
    const QList<Alert> changes = m_engine->book().takeChanges();
    m_unsaved += changes;
    if (m_unsaved.isEmpty())
        return true;
    QString error;
    // Announce only what is stored; if the store is away, keep the changes for the next try.
    if (!m_store->save(m_unsaved, &error)) {
        m_status.error = QStringLiteral("cannot store alerts: %1").arg(error);
        if (failure)
            *failure = error;
        return false;
    }
    if (m_status.error.startsWith(QLatin1String("cannot store alerts")))
        m_status.error.clear();
    const QList<Alert> saved = std::exchange(m_unsaved, {});
    emit alertsChanged(saved);
    return true;
}

quint16 EngineWorker::receiverPort() const
{
    return m_sources ? m_sources->receiverPort() : 0;
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
        c.title = QStringLiteral("Source %1 is failing").arg(h.id);
        c.evidence = h.error;
        c.severity = Severity::High;
        m_engine->book().fire(c);
        failing.insert(c.dedupKey());
    }
    m_engine->book().clearRuleExcept(QStringLiteral("source"), failing);
    m_status.sources = m_sources->health();
    m_status.dbtModels = m_sources->dbtModels();
    evaluateNow();
}

template <typename Action> void EngineWorker::act(qint64 id, Action action)
{
    if (!m_engine) {
        emit actionFailed(id, QStringLiteral("the engine is not running"));
        return;
    }
    AlertBook &book = m_engine->book();
    flush(); // keep the engine's own pending changes out of this transaction's fate
    const Alert *current = book.alert(id);
    const std::optional<Alert> before = current ? std::optional<Alert>(*current) : std::nullopt;
    QString error;
    if (!action(book, &error)) {
        emit actionFailed(id, error);
        return;
    }
    const QList<Alert> changes = book.takeChanges();
    if (!m_store->save(changes, &error)) {
        // Nothing acknowledged that is not stored: put the alert back as it was.
        if (before)
            book.restore({*before});
        book.takeChanges();
        emit actionFailed(id, QStringLiteral("not stored, nothing changed: %1").arg(error));
        return;
    }
    emit alertsChanged(changes);
    publishStatus();
}

void EngineWorker::acknowledge(qint64 id, const QString &who)
{
    act(id, [&](AlertBook &b, QString *e) { return b.acknowledge(id, who, e); });
}

void EngineWorker::resolve(qint64 id, const QString &who)
{
    act(id, [&](AlertBook &b, QString *e) { return b.resolve(id, who, e); });
}

void EngineWorker::snooze(qint64 id, qint64 untilNs, const QString &who)
{
    act(id, [&](AlertBook &b, QString *e) { return b.snooze(id, untilNs, who, e); });
}

void EngineWorker::wontFix(qint64 id, const QString &who)
{
    act(id, [&](AlertBook &b, QString *e) { return b.wontFix(id, who, e); });
}

void EngineWorker::escalate(qint64 id, const QString &who)
{
    act(id, [&](AlertBook &b, QString *e) { return b.escalate(id, who, e); });
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
    m_overrides << overrides;
    if (m_engine)
        m_engine->book().setStoredOverrides(m_overrides);
    emit overridesChanged(m_overrides);
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
    m_status.eventsTotal = m_engine ? m_engine->eventsIngested() : 0;
    if (m_engine)
        m_status.newestBySource = m_engine->newestBySource();
    if (m_rateTimer.isValid() && m_rateTimer.elapsed() >= 1000) {
        m_status.eventsPerSecond = m_rateEvents * 1000.0 / m_rateTimer.restart();
        m_rateEvents = 0;
    }
    m_status.openAlerts = m_engine ? m_engine->book().openCount() : 0;
    emit statusChanged(m_status);
}

} // namespace wk
