#include "sourcerunner.h"

#include "customerqueryreader.h"
#include "dbtproject.h"
#include "domain/clock.h"
#include "filetail.h"
#include "heartbeatmonitor.h"
#include "keychain/credentialstore.h"
#include "paging/actionlink.h"
#include "receivertls.h"
#include "sqlfreshnessprobe.h"
#include "storage/checkpointstore.h"
#include "storage/database.h"

#include <QDir>
#include <QFutureWatcher>
#include <QHostAddress>
#include <QUrl>
#include <QtConcurrent>

namespace wk {

SourceRunner::SourceRunner(const Workspace &workspace, QString baseDir, Database &db,
                           const Clock &clock, QObject *parent)
    : QObject(parent), m_workspace(workspace), m_baseDir(std::move(baseDir)), m_db(db),
      m_clock(clock)
{
    environment = [](const QString &name) {
        return qEnvironmentVariable(name.toLocal8Bit().constData());
    };
}

SourceRunner::~SourceRunner() = default;

SourceHealth &SourceRunner::healthOf(const QString &id)
{
    for (SourceHealth &h : m_health) {
        if (h.id == id)
            return h;
    }
    m_health.append(SourceHealth{});
    m_health.last().id = id;
    return m_health.last();
}

void SourceRunner::carryOver(const QList<SourceHealth> &earlier)
{
    for (const SourceHealth &e : earlier) {
        SourceHealth &h = healthOf(e.id);
        h.lastSuccess = std::max(h.lastSuccess, e.lastSuccess);
        h.newestData = std::max(h.newestData, e.newestData);
        if (h.kind.isEmpty()) {
            h.kind = e.kind;
            h.where = e.where;
        }
    }
}

void SourceRunner::fail(SourceHealth &h, const QString &error)
{
    if (!h.failing())
        h.failingSince = m_clock.now();
    h.error = error;
}

void SourceRunner::succeed(SourceHealth &h)
{
    h.error.clear();
    h.failingSince = 0;
    h.lastSuccess = m_clock.now();
}

void SourceRunner::withPassword(const DataSource &source, const QString &healthId,
                                std::function<void(const QString &password)> run,
                                std::function<void()> failed)
{
    if (source.credential != QLatin1String("keychain")) {
        run({});
        return;
    }
    CredentialStore::read(source.id, this,
                          [this, id = source.id, healthId, run = std::move(run),
                           failed = std::move(failed)](bool ok, const QString &text) {
                              if (ok) {
                                  run(text);
                                  return;
                              }
                              failed();
                              fail(healthOf(healthId),
                                   QStringLiteral("cannot read its password from the keychain: "
                                                  "%1 (store it with: watchkeeper credentials "
                                                  "set --source %2)")
                                       .arg(text, id));
                          });
}

void SourceRunner::startProbe(qsizetype index)
{
    Probe &p = m_probes[size_t(index)];
    p.running = true;
    p.due = m_clock.now() + std::max<qint64>(1, p.source.intervalSeconds) * nanosPerSecond;
    withPassword(
        p.source, p.source.id,
        [this, index](const QString &password) { runProbe(index, password); },
        [this, index] { m_probes[size_t(index)].running = false; });
}

void SourceRunner::startWarehouseRule(qsizetype index)
{
    WarehouseJob &job = m_warehouseRules[size_t(index)];
    const DataSource *source = m_workspace.source(job.rule.source);
    job.running = true;
    job.due = m_clock.now() + std::max<qint64>(1, source->intervalSeconds) * nanosPerSecond;
    withPassword(
        *source, job.rule.id,
        [this, index](const QString &password) { runWarehouseRule(index, password); },
        [this, index] { m_warehouseRules[size_t(index)].running = false; });
}

void SourceRunner::runWarehouseRule(qsizetype index, const QString &password)
{
    auto *watcher = new QFutureWatcher<WarehouseRule::Result>(this);
    connect(watcher, &QFutureWatcher<WarehouseRule::Result>::finished, this,
            [this, watcher, index] {
                const WarehouseRule::Result r = watcher->result();
                watcher->deleteLater();
                WarehouseJob &job = m_warehouseRules[size_t(index)];
                job.running = false;
                SourceHealth &h = healthOf(job.rule.id);
                if (!r.error.isEmpty()) {
                    fail(h, r.error); // the watermark stays: the next run reads this span too
                    return;
                }
                succeed(h);
                h.delivered += r.fire.size();
                h.note = r.since ? QStringLiteral("evaluated in %1 ms: %2 finding(s) in the "
                                                  "windows ending from %3")
                                       .arg(r.elapsedMs)
                                       .arg(r.rows)
                                       .arg(QString::fromStdString(formatTimestamp(r.since)))
                                 : QStringLiteral("evaluated in %1 ms: %2 finding(s)")
                                       .arg(r.elapsedMs)
                                       .arg(r.rows);
                job.state = r.state;
                m_checkpoints.insert(QStringLiteral("rule:") + job.rule.id, r.state.toJson());
                if (onFindings)
                    onFindings(job.rule.id, r.fire, r.clear);
            });
    // The evaluation sees the customers as they are now (their query may have read them).
    watcher->setFuture(QtConcurrent::run(&WarehouseRule::evaluate, m_workspace,
                                         m_warehouseRules[size_t(index)].rule, password,
                                         m_warehouseRules[size_t(index)].state, m_clock.now()));
}

void SourceRunner::runProbe(qsizetype index, const QString &password)
{
    auto *watcher = new QFutureWatcher<SqlFreshnessProbe::Result>(this);
    connect(watcher, &QFutureWatcher<SqlFreshnessProbe::Result>::finished, this,
            [this, watcher, index] {
                const SqlFreshnessProbe::Result r = watcher->result();
                watcher->deleteLater();
                Probe &p = m_probes[size_t(index)];
                p.running = false;
                SourceHealth &h = healthOf(p.source.id);
                if (!r.error.isEmpty()) {
                    fail(h, r.error);
                    return;
                }
                succeed(h);
                ++h.delivered;
                h.note = QStringLiteral("answered in %1 ms").arg(r.elapsedMs);
                if (r.newest && *r.newest != p.lastNewest) {
                    p.lastNewest = *r.newest;
                    h.newestData = *r.newest;
                    // The newest row as an event: freshness rules on the source see it.
                    const Event e{p.source.id, *r.newest, p.source.table,
                                  QStringLiteral("newest row"),
                                  QStringLiteral("%1@%2").arg(p.source.table).arg(*r.newest)};
                    if (onEvents)
                        onEvents({e});
                }
            });
    watcher->setFuture(
        QtConcurrent::run(&SqlFreshnessProbe::run, m_probes[size_t(index)].source, password));
}

namespace {
// The id the customers query has among the sources (it is not one of the workspace's).
const auto customersHealthId = QLatin1String("customers");
} // namespace

void SourceRunner::startCustomers()
{
    const CustomerQuery &q = m_workspace.customerQuery;
    m_customersRunning = true;
    m_customersDue = m_clock.now() + std::max<qint64>(60, q.intervalSeconds) * nanosPerSecond;
    if (q.credential != QLatin1String("keychain")) {
        runCustomers({});
        return;
    }
    CredentialStore::read(CustomerQuery::credentialKey(), this,
                          [this](bool ok, const QString &text) {
                              if (ok) {
                                  runCustomers(text);
                                  return;
                              }
                              m_customersRunning = false;
                              fail(healthOf(customersHealthId),
                                   QStringLiteral("cannot read its password from the keychain: "
                                                  "%1 (store it with: watchkeeper credentials "
                                                  "set --customers)")
                                       .arg(text));
                          });
}

void SourceRunner::runCustomers(const QString &password)
{
    auto *watcher = new QFutureWatcher<CustomerQueryReader::Result>(this);
    connect(watcher, &QFutureWatcher<CustomerQueryReader::Result>::finished, this, [this, watcher] {
        const CustomerQueryReader::Result r = watcher->result();
        watcher->deleteLater();
        m_customersRunning = false;
        SourceHealth &h = healthOf(customersHealthId);
        if (!r.error.isEmpty()) {
            fail(h, r.error); // the customers read last stay as they were
            return;
        }
        succeed(h);
        h.delivered = r.customers.size();
        h.note = QStringLiteral("%1 customer(s) in %2 ms").arg(r.customers.size()).arg(r.elapsedMs);
        if (!r.problems.isEmpty()) {
            const Diagnostic &d = r.problems.first();
            h.note += QStringLiteral("; %1 row(s) not read in full, the first row %2: %3")
                          .arg(r.problems.size())
                          .arg(d.line)
                          .arg(d.message);
        }
        m_workspace.customers = r.customers; // for the rules evaluated in a warehouse
        if (onCustomers)
            onCustomers(r.customers);
    });
    watcher->setFuture(
        QtConcurrent::run(&CustomerQueryReader::run, m_workspace.customerQuery, password));
}

quint16 SourceRunner::receiverPort() const
{
    return m_receiver ? m_receiver->port() : 0;
}

void SourceRunner::start()
{
    CheckpointStore checkpoints(m_db);
    if (const CustomerQuery &q = m_workspace.customerQuery; q.isSet()) {
        SourceHealth &h = healthOf(customersHealthId);
        h.kind = QStringLiteral("sql");
        h.where = QStringLiteral("customers from %1")
                      .arg(QUrl(q.connection).toDisplayString(QUrl::RemovePassword));
    }
    for (const DataSource &s : m_workspace.sources) {
        if (s.kind == DataSource::Kind::Dbt) {
            m_dbt.push_back(std::make_unique<DbtProject>(s, m_baseDir));
            SourceHealth &h = healthOf(s.id);
            h.kind = dataSourceKindName(s.kind);
            h.where = m_dbt.back()->folder();
            continue;
        }
        if (s.kind == DataSource::Kind::Sql) {
            m_probes.push_back({s, 0, false, 0});
            SourceHealth &h = healthOf(s.id);
            h.kind = dataSourceKindName(s.kind);
            h.where = QStringLiteral("%1 %2").arg(
                QUrl(s.connection).toDisplayString(QUrl::RemovePassword), s.table);
            continue;
        }
        if (s.kind != DataSource::Kind::Csv && s.kind != DataSource::Kind::JsonLines)
            continue;
        auto tail = std::make_unique<FileTail>(s, m_baseDir);
        SourceHealth &h = healthOf(s.id);
        h.kind = dataSourceKindName(s.kind);
        h.where = tail->path();
        QString error;
        const auto stored = checkpoints.load(s.id, &error);
        if (!stored) {
            // Reading from the top would repeat everything: better to wait for the store.
            fail(h, QStringLiteral("cannot read its checkpoint: %1").arg(error));
            continue;
        }
        if (!stored->isEmpty()) {
            tail->restore(FileTail::Checkpoint::fromJson(*stored));
            m_resumed = true;
        }
        m_tails.push_back(std::move(tail));
    }
    for (const Rule &rule : m_workspace.rules) {
        if (!m_workspace.runsInWarehouse(rule))
            continue;
        const DataSource *source = m_workspace.source(rule.source);
        SourceHealth &h = healthOf(rule.id);
        h.kind = QStringLiteral("sql rule");
        h.where =
            QStringLiteral("%1 rule on %2 %3")
                .arg(ruleKindName(rule.kind),
                     QUrl(source->connection).toDisplayString(QUrl::RemovePassword), source->table);
        QString error;
        const auto stored = checkpoints.load(QStringLiteral("rule:") + rule.id, &error);
        if (!stored) {
            // Without its watermark it would report again what an earlier run reported.
            fail(h, QStringLiteral("cannot read its watermark: %1").arg(error));
            continue;
        }
        WarehouseJob job{rule, 0, false, {}};
        if (!stored->isEmpty()) {
            if (const auto state = WarehouseRule::State::fromJson(*stored))
                job.state = *state;
            else
                h.note = QStringLiteral("its stored watermark was unreadable; it starts again "
                                        "one lookback back");
        }
        m_warehouseRules.push_back(job);
    }

    if (!m_workspace.heartbeats.isEmpty()) {
        m_heartbeats = std::make_unique<HeartbeatMonitor>(m_workspace.heartbeats, m_clock.now());
        // The last check-ins an earlier leader saw count here too.
        for (const SourceHealth &h : std::as_const(m_health))
            m_heartbeats->carryOver(h.id, h.lastSuccess, false);
        for (const Heartbeat &h : m_workspace.heartbeats)
            healthOf(h.id) = m_heartbeats->health(h.id, m_clock.now());
    }

    const ReceiverSettings &rs = m_workspace.receiver;
    if (rs.enabled) {
        SourceHealth &h = healthOf(QStringLiteral("receiver"));
        h.kind = QStringLiteral("http");
        h.where = QStringLiteral("%1:%2").arg(rs.address).arg(rs.port);
        const QString token = environment(rs.tokenEnv);
        m_receiver = new WebhookReceiver(
            token, rs.maxBodyBytes,
            [this](const QList<ExternalEvent> &events, QString *error) {
                return onExternal ? onExternal(events, error) : false;
            },
            this);
        m_receiver->setLinkHandler([this](const QString &linkToken, bool act) {
            return onLink ? onLink(linkToken, act)
                          : WebhookReceiver::Page{404, QByteArrayLiteral("no links here")};
        });
        m_receiver->setCalendarHandler([this](const QString &path, const QString &key) {
            return onCalendar ? onCalendar(path, key) : WebhookReceiver::Page{404, {}};
        });
        m_receiver->setHeartbeatHandler(
            [this](const QString &id, const QString &message) { return checkIn(id, message); });
        if (!token.isEmpty())
            m_linkKey = ActionLink::keyFrom(token);
        connect(
            m_receiver, &WebhookReceiver::handled, this, [this](int status, const QString &reason) {
                SourceHealth &r = healthOf(QStringLiteral("receiver"));
                if (status < 300) {
                    succeed(r);
                    r.delivered = m_receiver->stats().accepted;
                } else if (status != 404 && status != 405) {
                    r.note = QStringLiteral("refused a request (%1): %2").arg(status).arg(reason);
                }
            });
        if (token.isEmpty())
            fail(h, QStringLiteral("the receiver is on but the environment variable %1 that "
                                   "holds its bearer token is not set")
                        .arg(rs.tokenEnv));
        else
            listen();
    }
}

void SourceRunner::listen()
{
    const ReceiverSettings &rs = m_workspace.receiver;
    SourceHealth &h = healthOf(QStringLiteral("receiver"));
    QString error;
    std::optional<QSslConfiguration> tls;
    if (rs.tls()) {
        tls = ReceiverTls::load(QDir(m_baseDir).filePath(rs.tlsCertificate),
                                QDir(m_baseDir).filePath(rs.tlsKey), &error);
        if (!tls) {
            fail(h, error);
            return; // not worth retrying every second: the files are wrong until fixed
        }
    }
    if (!m_receiver->start(QHostAddress(rs.address), rs.port, &error, tls)) {
        // A console that just took the lead may find the old leader still on the port for a
        // moment: poll() tries again until it is free.
        ++m_listenFailures;
        fail(h, error + QStringLiteral("; trying again every second"));
        return;
    }
    h.where = QStringLiteral("%1://%2:%3")
                  .arg(rs.tls() ? QStringLiteral("https") : QStringLiteral("http"), rs.address)
                  .arg(m_receiver->port());
    succeed(h);
    h.note = m_listenFailures == 0
                 ? QStringLiteral("listening")
                 : QStringLiteral("listening, after %1 attempt(s) while the port was taken")
                       .arg(m_listenFailures);
}

void SourceRunner::heartbeatAlertsOpen(const QStringList &ids)
{
    if (!m_heartbeats)
        return;
    for (const QString &id : ids) {
        m_heartbeats->carryOver(id, 0, true);
        healthOf(id) = m_heartbeats->health(id, m_clock.now());
    }
}

WebhookReceiver::CheckIn SourceRunner::checkIn(const QString &id, const QString &message)
{
    WebhookReceiver::CheckIn answer;
    if (!m_heartbeats || !m_heartbeats->knows(id)) {
        answer.status = 404;
        answer.error = QStringLiteral("the workspace has no heartbeat '%1'").arg(id);
        return answer;
    }
    const TimestampNs now = m_clock.now();
    const std::optional<ExternalEvent> resolve = m_heartbeats->checkIn(id, now, message);
    healthOf(id) = m_heartbeats->health(id, now);
    answer.dueBy = toDateTime(m_heartbeats->dueBy(id));
    QString error;
    if (resolve && !(onExternal && onExternal({*resolve}, &error))) {
        // The engine keeps the resolve and stores it once the store answers.
        answer.status = 503;
        answer.error = QStringLiteral("checked in, but its alert's resolve is not stored yet "
                                      "(%1); checking in again is harmless")
                           .arg(error.isEmpty() ? QStringLiteral("no engine") : error);
    }
    return answer;
}

void SourceRunner::watchHeartbeats()
{
    const TimestampNs now = m_clock.now();
    const QList<ExternalEvent> missing = m_heartbeats->evaluate(now);
    if (!missing.isEmpty() && onExternal) {
        // Not stored now means stored with the engine's next save: nothing to answer here.
        QString error;
        onExternal(missing, &error);
    }
    for (const Heartbeat &h : m_workspace.heartbeats)
        healthOf(h.id) = m_heartbeats->health(h.id, now);
}

void SourceRunner::stop()
{
    // No request may reach an engine that is shutting down.
    delete m_receiver;
    m_receiver = nullptr;
}

void SourceRunner::poll()
{
    if (m_receiver && m_receiver->port() == 0 && m_listenFailures > 0)
        listen();
    if (m_heartbeats)
        watchHeartbeats();
    for (const auto &tail : m_tails) {
        SourceHealth &h = healthOf(tail->source().id);
        const FileTail::Checkpoint before = tail->checkpoint();
        FileTail::Poll p = tail->poll();
        if (!p.notes.isEmpty())
            h.note = p.notes.last();
        if (!p.problems.isEmpty()) {
            const Diagnostic &d = p.problems.first();
            h.note = QStringLiteral("skipped %1 unreadable line(s), the first at %2:%3: %4")
                         .arg(p.problems.size())
                         .arg(d.file)
                         .arg(d.line)
                         .arg(d.message);
        }
        if (!p.error.isEmpty()) {
            fail(h, p.error);
            continue;
        }
        if (!p.events.isEmpty()) {
            if (onEvents)
                onEvents(p.events);
            h.delivered += p.events.size();
            for (const Event &e : p.events)
                h.newestData = std::max(h.newestData, e.time);
        }
        if (tail->checkpoint() != before)
            m_checkpoints.insert(tail->source().id, tail->checkpoint().toJson());
        succeed(h);
    }

    for (qsizetype i = 0; i < static_cast<qsizetype>(m_probes.size()); ++i) {
        const Probe &p = m_probes[size_t(i)];
        if (!p.running && p.due <= m_clock.now())
            startProbe(i);
    }
    for (qsizetype i = 0; i < static_cast<qsizetype>(m_warehouseRules.size()); ++i) {
        const WarehouseJob &job = m_warehouseRules[size_t(i)];
        if (!job.running && job.due <= m_clock.now())
            startWarehouseRule(i);
    }
    if (m_workspace.customerQuery.isSet() && !m_customersRunning && m_customersDue <= m_clock.now())
        startCustomers();

    bool manifestsChanged = false;
    for (const auto &project : m_dbt) {
        SourceHealth &h = healthOf(project->source().id);
        const DbtProject::Poll p = project->poll();
        if (const TimestampNs run = project->takeNewRun(); run && onChanges)
            onChanges({Event{project->source().id, run, project->folder(),
                             QStringLiteral("dbt run"), QString::number(run)}});
        if (p.changed) {
            manifestsChanged = true;
            ++h.delivered;
            h.newestData = project->newestLoad();
            const QList<AlertCondition> failing = project->conditions(m_workspace);
            h.note =
                QStringLiteral("%1 failing node(s) in the latest artifacts").arg(failing.size());
            if (onConditions)
                onConditions(project->ruleId(), failing);
        }
        if (!p.note.isEmpty())
            h.note = p.note;
        if (!p.error.isEmpty())
            fail(h, p.error);
        else
            succeed(h);
    }
    // Matched to the pipelines only when dbt rewrote something, not on every poll.
    if (manifestsChanged) {
        m_dbtModels.clear();
        for (const auto &project : m_dbt)
            m_dbtModels.insert(project->catalogByPipeline(m_workspace));
    }
}

} // namespace wk
