#pragma once

#include "dbtartifacts.h"
#include "domain/alertcondition.h"
#include "domain/event.h"
#include "domain/sourcehealth.h"
#include "domain/workspace.h"
#include "externalevent.h"
#include "warehouserule.h"
#include "webhookreceiver.h"

#include <QList>
#include <QObject>
#include <QString>

#include <functional>
#include <memory>
#include <vector>

namespace wk {

class Clock;
class Database;
class DbtProject;
class FileTail;
class HeartbeatMonitor;

// Runs the workspace's live sources on the engine's thread: follows its event files from
// their stored checkpoints, reads dbt target folders as dbt rewrites them, probes sql
// sources for their newest row on their schedule (in the thread pool, with the password
// from the keychain), evaluates the rules on sql sources in their database on the same
// schedule and, when the workspace turns it on, runs the HTTP receiver. What they deliver
// goes to the sinks; how each is doing is in health().
class SourceRunner : public QObject
{
    Q_OBJECT
public:
    SourceRunner(const Workspace &workspace, QString baseDir, Database &db, const Clock &clock,
                 QObject *parent = nullptr);
    ~SourceRunner() override;

    // Events read from files. The checkpoint that passes them waits in takeCheckpoints()
    // for the caller to store it together with what the events caused.
    std::function<void(const QList<Event> &)> onEvents;
    // Changes a source saw (a dbt run, with when dbt wrote its results): not data, so not
    // counted in any source's freshness, but a feature of the alerts that follow them.
    std::function<void(const QList<Event> &)> onChanges;
    // Alerts from other tools; must store them before returning true.
    WebhookReceiver::Sink onExternal;
    // Answers the acknowledge and resolve links of pages, served by the receiver.
    WebhookReceiver::LinkHandler onLink;
    // Serves the calendar feeds.
    WebhookReceiver::CalendarHandler onCalendar;
    // Everything a rule-like source (a dbt project) sees failing now, under its rule id.
    std::function<void(const QString &ruleId, const QList<AlertCondition> &)> onConditions;
    // The customers, each time their query (customers: connection, query) answered.
    std::function<void(const QList<Customer> &)> onCustomers;
    // What a rule evaluated in its warehouse found: alerts to raise or update, and dedup
    // keys to resolve. Its new watermark waits in takeCheckpoints(), under "rule:" + its id.
    std::function<void(const QString &ruleId, const QList<AlertCondition> &fire,
                       const QStringList &clear)>
        onFindings;

    void start();
    // Closes the receiver; the files and folders simply stop being polled.
    void stop();
    // Reads what the files gained since the last poll, and dbt artifacts dbt rewrote.
    void poll();
    QList<SourceHealth> health() const { return m_health; }
    // Whether start() found a followed file's stored checkpoint to read on from.
    bool resumed() const { return m_resumed; }
    // The followed files' checkpoints that moved since the last call, by source id: to be
    // stored in the same transaction as the alerts their events raised, so that a crash
    // can neither lose those alerts nor read the events again.
    QHash<QString, QByteArray> takeCheckpoints() { return std::exchange(m_checkpoints, {}); }
    // Carries over what an earlier leader knew of each source (its last success and newest
    // data), so a takeover does not show every source as never read.
    void carryOver(const QList<SourceHealth> &earlier);
    // The heartbeats whose alerts are open from before: their next check-in resolves them.
    void heartbeatAlertsOpen(const QStringList &ids);
    // Something worth knowing about what the receiver took (not a failure).
    void noteReceiver(const QString &note) { healthOf(QStringLiteral("receiver")).note = note; }
    // What the dbt manifests say about the workspace's pipelines, by pipeline id.
    const QHash<QString, dbt::Node> &dbtModels() const { return m_dbtModels; }
    // The receiver's port once it listens (0 otherwise): for a test, or the status bar.
    quint16 receiverPort() const;
    // The key that signs acknowledge links: empty unless the receiver is on with a token.
    QByteArray linkKey() const { return m_linkKey; }

    // The environment variable lookup for the receiver token; tests replace it.
    std::function<QString(const QString &name)> environment;

private:
    // Starts the receiver; on failure poll() calls it again.
    void listen();
    WebhookReceiver::CheckIn checkIn(const QString &id, const QString &message);
    void watchHeartbeats();
    SourceHealth &healthOf(const QString &id);
    void fail(SourceHealth &h, const QString &error);
    void succeed(SourceHealth &h);

    Workspace m_workspace;
    QString m_baseDir;
    Database &m_db;
    const Clock &m_clock;
    std::vector<std::unique_ptr<FileTail>> m_tails;
    std::vector<std::unique_ptr<DbtProject>> m_dbt;
    QHash<QString, dbt::Node> m_dbtModels; // of every dbt project, by pipeline id
    struct Probe
    {
        DataSource source;
        TimestampNs due = 0;
        bool running = false;
        TimestampNs lastNewest = 0; // the newest time already handed on as an event
    };
    std::vector<Probe> m_probes;
    struct WarehouseJob
    {
        Rule rule;
        TimestampNs due = 0;
        bool running = false;
        WarehouseRule::State state;
    };
    std::vector<WarehouseJob> m_warehouseRules;
    void startWarehouseRule(qsizetype index);
    void runWarehouseRule(qsizetype index, const QString &password);
    // Calls run with the source's password (empty when it needs none), now or once the
    // keychain answered; a keychain that cannot answer fails the health entry `healthId`.
    void withPassword(const DataSource &source, const QString &healthId,
                      std::function<void(const QString &password)> run,
                      std::function<void()> failed);
    // The customers query: due again at customersDue, one run at a time.
    TimestampNs m_customersDue = 0;
    bool m_customersRunning = false;
    void startCustomers();
    void runCustomers(const QString &password);
    void startProbe(qsizetype index);
    void runProbe(qsizetype index, const QString &password);
    WebhookReceiver *m_receiver = nullptr;
    std::unique_ptr<HeartbeatMonitor> m_heartbeats;
    QByteArray m_linkKey;
    QList<SourceHealth> m_health;
    QHash<QString, QByteArray> m_checkpoints; // moved, not yet handed to be stored
    bool m_resumed = false;
    int m_listenFailures = 0; // the receiver's failed attempts to bind its port
};

} // namespace wk
