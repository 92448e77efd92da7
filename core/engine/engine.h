#pragma once

#include "alertbook.h"
#include "domain/event.h"
#include "domain/workspace.h"
#include "sources/externalevent.h"
#include "text/diagnostic.h"

#include <QHash>
#include <QList>
#include <QString>

#include <QStringList>

#include <memory>
#include <utility>
#include <vector>

namespace wk {

class Clock;
class DuplicatesEvaluator;
class RuleEvaluator;

// The alerting engine: the workspace's rules fed with events, evaluated at the clock's
// time, their findings turned into alerts by the alert book. Single-threaded by design;
// EngineWorker runs it on a thread of its own.
class Engine
{
public:
    Engine(const Workspace &workspace, QString baseDir, const Clock &clock);
    ~Engine();

    // Builds the rules; false, with diagnostics appended to *errors, when a rule's extra
    // files are unusable.
    bool prepare(QList<Diagnostic> *errors);

    // The customers read again from their query: revenue for the rules and received alerts.
    void setCustomers(const QList<Customer> &customers);
    // Hands events to the rules of their source; duplicates (where a duplicates rule
    // watches the source) are counted and dropped first.
    void ingest(const QList<Event> &events);
    void ingest(const Event &event);
    // Alerts raised, acknowledged or resolved in another tool, applied to the alert book.
    // An acknowledgement or resolution of a key with no open alert changes nothing.
    void apply(const QList<ExternalEvent> &events);
    // Acknowledges and resolves apply() was given for keys with no open alert, since asked.
    QStringList takeUnmatched() { return std::exchange(m_unmatched, {}); }
    // Evaluates every rule at the clock's time and moves the alert clocks.
    void evaluate();
    // After a restart or a takeover: the rules that count events over time (burst, volume,
    // duplicates, sequence) start with empty windows, so their open alerts cannot clear the
    // usual way. Each must be seen again within its rule's window from now; one that is not
    // resolves, saying so on its timeline.
    void expectOpenAlertsAgain();
    // The sources read on from checkpoints an earlier run stored: what they deliver from
    // before now arrived while nobody was reading, and counts as late (see RuleEvaluator).
    void resume();

    AlertBook &book() { return m_book; }
    const AlertBook &book() const { return m_book; }
    const Workspace &workspace() const { return m_workspace; }
    qint64 eventsIngested() const { return m_ingested; }
    qint64 duplicatesDropped() const { return m_duplicates; }
    const QHash<QString, TimestampNs> &newestBySource() const { return m_newest; }
    // What an earlier leader had seen: the newest event time per source, kept where newer.
    void carryOverNewest(const QHash<QString, TimestampNs> &newest);

private:
    Workspace m_workspace;
    QString m_baseDir;
    const Clock &m_clock;
    AlertBook m_book;
    std::vector<std::unique_ptr<RuleEvaluator>> m_rules;
    QHash<QString, std::vector<RuleEvaluator *>> m_bySource;
    QHash<QString, DuplicatesEvaluator *> m_dedupBySource;
    QHash<QString, TimestampNs> m_newest;
    QStringList m_unmatched;
    QHash<QString, TimestampNs> m_unconfirmed; // dedup key -> when it resolves unless seen
    qint64 m_ingested = 0;
    qint64 m_duplicates = 0;
};

} // namespace wk
