#include "database.h"

#include "rowstatement.h"

#include <QAtomicInteger>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QStringList>
#include <QThread>
#include <QUrl>

namespace wk {

namespace {

// Each entry upgrades the schema by one version. Statements must run unchanged on
// SQLite and PostgreSQL; never edit an entry that has shipped, append a new one. One long
// list on purpose: the schema's whole history reads from top to bottom in one place.
const QList<QStringList> &migrations()
{
    static const QList<QStringList> list = {
        {
            QStringLiteral(
                "CREATE TABLE workspace_info (key TEXT PRIMARY KEY, value TEXT NOT NULL)"),
            QStringLiteral("CREATE TABLE people (id TEXT PRIMARY KEY, position INTEGER NOT NULL, "
                           "name TEXT NOT NULL, email TEXT NOT NULL, timezone TEXT NOT NULL)"),
            QStringLiteral("CREATE TABLE teams (id TEXT PRIMARY KEY, position INTEGER NOT NULL, "
                           "name TEXT NOT NULL)"),
            QStringLiteral("CREATE TABLE team_members (team_id TEXT NOT NULL REFERENCES teams(id) "
                           "ON DELETE CASCADE, person_id TEXT NOT NULL REFERENCES people(id), "
                           "position INTEGER NOT NULL, PRIMARY KEY (team_id, position))"),
            QStringLiteral("CREATE TABLE sla_policies (id TEXT PRIMARY KEY, position INTEGER NOT "
                           "NULL, name TEXT NOT NULL, freshness_max_age_s BIGINT, "
                           "availability_percent DOUBLE PRECISION)"),
            QStringLiteral("CREATE TABLE sla_deliveries (policy_id TEXT NOT NULL REFERENCES "
                           "sla_policies(id) ON DELETE CASCADE, position INTEGER NOT NULL, what "
                           "TEXT NOT NULL, due TEXT NOT NULL, PRIMARY KEY (policy_id, position))"),
            QStringLiteral("CREATE TABLE sla_targets (policy_id TEXT NOT NULL REFERENCES "
                           "sla_policies(id) ON DELETE CASCADE, severity TEXT NOT NULL, position "
                           "INTEGER NOT NULL, response_s BIGINT NOT NULL, resolution_s BIGINT NOT "
                           "NULL, PRIMARY KEY (policy_id, severity))"),
            QStringLiteral("CREATE TABLE customers (id TEXT PRIMARY KEY, position INTEGER NOT "
                           "NULL, name TEXT NOT NULL, plan TEXT NOT NULL, monthly_revenue DOUBLE "
                           "PRECISION NOT NULL, churned INTEGER NOT NULL)"),
            QStringLiteral("CREATE TABLE data_sources (id TEXT PRIMARY KEY, position INTEGER NOT "
                           "NULL, kind TEXT NOT NULL, path TEXT NOT NULL, conn_url TEXT NOT NULL, "
                           "table_name TEXT NOT NULL, time_column TEXT NOT NULL)"),
            QStringLiteral("CREATE TABLE pipelines (id TEXT PRIMARY KEY, position INTEGER NOT "
                           "NULL, name TEXT NOT NULL, description TEXT NOT NULL, audience TEXT NOT "
                           "NULL, criticality TEXT NOT NULL, primary_owner TEXT NOT NULL "
                           "REFERENCES people(id), secondary_owner TEXT NOT NULL REFERENCES "
                           "people(id), sla_policy TEXT REFERENCES sla_policies(id), source_id "
                           "TEXT REFERENCES data_sources(id))"),
            QStringLiteral("CREATE TABLE pipeline_upstreams (pipeline_id TEXT NOT NULL REFERENCES "
                           "pipelines(id) ON DELETE CASCADE, upstream_id TEXT NOT NULL REFERENCES "
                           "pipelines(id), position INTEGER NOT NULL, PRIMARY KEY (pipeline_id, "
                           "position))"),
            QStringLiteral("CREATE TABLE runbooks (pipeline_id TEXT PRIMARY KEY REFERENCES "
                           "pipelines(id) ON DELETE CASCADE, position INTEGER NOT NULL, title TEXT "
                           "NOT NULL, body TEXT NOT NULL)"),
        },
        {
            // Alerts reference pipelines by id without a foreign key: a workspace import
            // that drops a pipeline must not erase the history of its incidents.
            QStringLiteral(
                "CREATE TABLE alerts (id BIGINT PRIMARY KEY, dedup_key TEXT NOT NULL, "
                "rule_id TEXT NOT NULL, rule_kind TEXT NOT NULL, pipeline_id TEXT NOT "
                "NULL, subject TEXT NOT NULL, title TEXT NOT NULL, evidence TEXT NOT "
                "NULL, severity TEXT NOT NULL, state TEXT NOT NULL, customer_id TEXT NOT "
                "NULL, revenue DOUBLE PRECISION NOT NULL, event_count INTEGER NOT NULL, "
                "triggered_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, ack_by BIGINT "
                "NOT NULL, resolve_by BIGINT NOT NULL, acknowledged_at BIGINT, "
                "resolved_at BIGINT, snoozed_until BIGINT, assignee TEXT NOT NULL, "
                "escalated INTEGER NOT NULL, condition_active INTEGER NOT NULL, "
                "silenced_by TEXT NOT NULL, inhibited_by TEXT NOT NULL)"),
            QStringLiteral("CREATE INDEX alerts_state ON alerts (state)"),
            QStringLiteral("CREATE INDEX alerts_triggered ON alerts (triggered_at)"),
            QStringLiteral(
                "CREATE TABLE alert_timeline (alert_id BIGINT NOT NULL REFERENCES "
                "alerts(id) ON DELETE CASCADE, seq INTEGER NOT NULL, at BIGINT NOT NULL, "
                "actor TEXT NOT NULL, action TEXT NOT NULL, detail TEXT NOT NULL, "
                "PRIMARY KEY (alert_id, seq))"),
            QStringLiteral("ALTER TABLE data_sources ADD COLUMN subject_column TEXT NOT NULL "
                           "DEFAULT 'user_id'"),
            QStringLiteral("ALTER TABLE data_sources ADD COLUMN name_column TEXT NOT NULL DEFAULT "
                           "'event_name'"),
            QStringLiteral(
                "ALTER TABLE data_sources ADD COLUMN id_column TEXT NOT NULL DEFAULT ''"),
            QStringLiteral(
                "CREATE TABLE rules (id TEXT PRIMARY KEY, position INTEGER NOT NULL, "
                "kind TEXT NOT NULL, pipeline_id TEXT NOT NULL REFERENCES pipelines(id), "
                "severity TEXT NOT NULL, source_id TEXT REFERENCES data_sources(id), "
                "events TEXT NOT NULL, threshold INTEGER NOT NULL, window_s BIGINT NOT "
                "NULL, users_path TEXT NOT NULL, teams_path TEXT NOT NULL, warn_after_s "
                "BIGINT, error_after_s BIGINT, period_s BIGINT NOT NULL, "
                "baseline_periods INTEGER NOT NULL, drop_ratio DOUBLE PRECISION NOT "
                "NULL, steps TEXT NOT NULL, conn_url TEXT NOT NULL, query TEXT NOT NULL, "
                "interval_s BIGINT NOT NULL)"),
            QStringLiteral(
                "CREATE TABLE silences (id TEXT PRIMARY KEY, matchers TEXT NOT NULL, "
                "starts_at BIGINT NOT NULL, ends_at BIGINT NOT NULL, created_by TEXT NOT "
                "NULL, comment TEXT NOT NULL)"),
        },
        {
            // Overrides made in the console; the workspace's own travel with the workspace.
            QStringLiteral("CREATE TABLE schedule_overrides (id TEXT PRIMARY KEY, rotation_id "
                           "TEXT NOT NULL, created_at TEXT NOT NULL, definition TEXT NOT NULL)"),
            QStringLiteral("CREATE TABLE handoff_notes (week_start TEXT PRIMARY KEY, author TEXT "
                           "NOT NULL, body TEXT NOT NULL, updated_at TEXT NOT NULL)"),
        },
        {
            // One row each time a runbook's text differs from its last recorded revision.
            QStringLiteral("CREATE TABLE runbook_revisions (pipeline_id TEXT NOT NULL, "
                           "recorded_at TEXT NOT NULL, change TEXT NOT NULL, title TEXT NOT "
                           "NULL, digest TEXT NOT NULL, lines_added INTEGER NOT NULL, "
                           "lines_removed INTEGER NOT NULL, body TEXT NOT NULL)"),
            QStringLiteral("CREATE INDEX runbook_revisions_by_time ON runbook_revisions "
                           "(recorded_at)"),
        },
        {
            // Where each source stopped reading, so that a restart neither repeats nor skips.
            QStringLiteral("CREATE TABLE source_checkpoints (source_id TEXT PRIMARY KEY, state "
                           "TEXT NOT NULL, updated_at TEXT NOT NULL)"),
        },
        {
            // SQL freshness probes: their schedule and where their password is kept.
            QStringLiteral("ALTER TABLE data_sources ADD COLUMN probe_interval BIGINT NOT NULL "
                           "DEFAULT 300"),
            QStringLiteral("ALTER TABLE data_sources ADD COLUMN probe_timeout BIGINT NOT NULL "
                           "DEFAULT 30"),
            QStringLiteral("ALTER TABLE data_sources ADD COLUMN credential TEXT NOT NULL "
                           "DEFAULT ''"),
        },
        {
            // Team mode: one console leads (evaluates, reads sources, writes alerts); the
            // others follow the store by revision and hand their people's actions to it.
            QStringLiteral("ALTER TABLE alerts ADD COLUMN revision BIGINT NOT NULL DEFAULT 0"),
            QStringLiteral("CREATE INDEX alerts_revision ON alerts (revision)"),
            QStringLiteral("CREATE TABLE alert_requests (id TEXT PRIMARY KEY, alert_id BIGINT "
                           "NOT NULL, action TEXT NOT NULL, actor TEXT NOT NULL, until_ns "
                           "BIGINT, requested_at BIGINT NOT NULL, console TEXT NOT NULL, "
                           "outcome TEXT NOT NULL DEFAULT '', error TEXT NOT NULL DEFAULT '')"),
            QStringLiteral("CREATE INDEX alert_requests_outcome ON alert_requests (outcome)"),
            QStringLiteral("CREATE TABLE team_status (key TEXT PRIMARY KEY, value TEXT NOT NULL, "
                           "updated_at BIGINT NOT NULL)"),
        },
        {
            // Paging: every message, stored with the alert change that calls for it and
            // updated after each attempt to send it.
            QStringLiteral(
                "CREATE TABLE deliveries (key TEXT PRIMARY KEY NOT NULL, alert_id BIGINT NOT "
                "NULL, alert_key TEXT NOT NULL, step TEXT NOT NULL, person TEXT NOT "
                "NULL, contact INTEGER NOT NULL, kind TEXT NOT NULL, target TEXT NOT "
                "NULL, subject TEXT NOT NULL, body_text TEXT NOT NULL, body_html TEXT "
                "NOT NULL, body_json TEXT NOT NULL, status TEXT NOT NULL, attempts "
                "INTEGER NOT NULL, created_at BIGINT NOT NULL, next_attempt_at BIGINT "
                "NOT NULL, sent_at BIGINT, result TEXT NOT NULL, noted_attempts INTEGER NOT "
                "NULL DEFAULT 0)"),
            QStringLiteral("CREATE INDEX deliveries_due ON deliveries (status, next_attempt_at)"),
            QStringLiteral("CREATE INDEX deliveries_alert ON deliveries (alert_id)"),
        },
        {
            // Acknowledge and resolve links act once: the nonces of those that did.
            QStringLiteral("CREATE TABLE used_links (nonce TEXT PRIMARY KEY NOT NULL, alert_id "
                           "BIGINT NOT NULL, used_at BIGINT NOT NULL)"),
        },
        {
            // The Channels pane and `deliveries --since` read the recent ones.
            QStringLiteral("CREATE INDEX deliveries_created ON deliveries (created_at)"),
        },
        {
            // How many of a delivery's attempts are on its alert's timeline, beside the
            // delivery rather than in it: the engine marks every attempt, and rewriting a
            // row with its message for each mark was most of what paging cost the engine.
            QStringLiteral("CREATE TABLE delivery_notes (key TEXT PRIMARY KEY NOT NULL, "
                           "noted_attempts INTEGER NOT NULL)"),
        },
        {
            // Attempts are recorded in numbered recordings, and the engine marks how far it
            // has put them on the timelines: one number, not a mark per attempt. What the
            // older marks left unnoted becomes the first recording, noted at the next start.
            QStringLiteral("ALTER TABLE deliveries ADD COLUMN recorded_batch BIGINT NOT NULL "
                           "DEFAULT 0"),
            QStringLiteral("CREATE TABLE delivery_marks (recorded BIGINT NOT NULL, noted BIGINT "
                           "NOT NULL)"),
            QStringLiteral("INSERT INTO delivery_marks (recorded, noted) VALUES (1, 0)"),
            QStringLiteral("UPDATE deliveries SET recorded_batch = 1 WHERE attempts > "
                           "noted_attempts AND attempts > COALESCE((SELECT n.noted_attempts "
                           "FROM delivery_notes n WHERE n.key = deliveries.key), 0)"),
            QStringLiteral("DROP TABLE delivery_notes"),
        },
        {
            // Each person's key to their calendar feeds; the lookup is by key.
            QStringLiteral("CREATE TABLE calendar_keys (person_id TEXT PRIMARY KEY NOT NULL, "
                           "feed_key TEXT NOT NULL UNIQUE, created_at BIGINT NOT NULL)"),
        },
        {
            // Swap and cover requests: the version makes the first acceptance win across
            // consoles (an update names the version it read).
            QStringLiteral("CREATE TABLE shift_requests (id TEXT PRIMARY KEY NOT NULL, "
                           "version INTEGER NOT NULL, created_at BIGINT NOT NULL, "
                           "definition TEXT NOT NULL)"),
        },
        {
            // How an alert ended, when a person marked it (JSON; empty otherwise), and what
            // a follower asks the leader to mark.
            QStringLiteral("ALTER TABLE alerts ADD COLUMN outcome TEXT NOT NULL DEFAULT ''"),
            QStringLiteral("ALTER TABLE alert_requests ADD COLUMN detail TEXT NOT NULL DEFAULT ''"),
            // The actionable score's trainings (the model as base64 text).
            QStringLiteral("CREATE TABLE score_models (trained_at BIGINT PRIMARY KEY NOT NULL, "
                           "history INTEGER NOT NULL, evaluation TEXT NOT NULL, why_none TEXT "
                           "NOT NULL, model TEXT NOT NULL)"),
        },
        {
            // Events of sources that cannot be read again, kept for backtests.
            QStringLiteral("CREATE TABLE event_archive (source TEXT NOT NULL, at BIGINT NOT NULL, "
                           "subject TEXT NOT NULL, name TEXT NOT NULL, event_id TEXT NOT NULL)"),
            QStringLiteral("CREATE INDEX event_archive_source_at ON event_archive (source, at)"),
        },
        {
            // How far back a rule run in the warehouse reads again for late rows.
            QStringLiteral("ALTER TABLE data_sources ADD COLUMN lookback BIGINT NOT NULL "
                           "DEFAULT 3600"),
        },
    };
    return list;
}

bool exec(QSqlQuery &q, const QString &sql, QString *error)
{
    if (q.exec(sql))
        return true;
    if (error)
        *error = QStringLiteral("%1 (while running: %2)").arg(q.lastError().text(), sql.left(120));
    return false;
}

} // namespace

Database::Database(QString connectionName, Backend backend)
    : m_connectionName(std::move(connectionName)), m_backend(backend)
{}

Database::~Database()
{
    m_statements.clear();
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

QString Database::defaultSqlitePath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/watchkeeper.sqlite");
}

bool Database::isPostgresUrl(const QString &location)
{
    return location.startsWith(QLatin1String("postgresql://")) ||
           location.startsWith(QLatin1String("postgres://"));
}

bool Database::isDatabaseUrl(const QString &location)
{
    return isPostgresUrl(location) || location.startsWith(QLatin1String("sqlite:"));
}

void Database::applyPostgresUrl(QSqlDatabase &db, const QUrl &url)
{
    db.setHostName(url.host());
    db.setPort(url.port(5432));
    db.setUserName(url.userName());
    db.setPassword(url.password());
    // libpq's own default: a database named after the user.
    db.setDatabaseName(url.path().mid(1).isEmpty() ? url.userName() : url.path().mid(1));
}

QString Database::sqlitePath(const QString &location)
{
    QString path = location;
    if (path.startsWith(QLatin1String("sqlite://")))
        path = path.mid(9);
    else if (path.startsWith(QLatin1String("sqlite:")))
        path = path.mid(7);
    return path.isEmpty() ? defaultSqlitePath() : path;
}

std::unique_ptr<Database> Database::openExisting(const QString &location, QString *error)
{
    if (!isPostgresUrl(location)) {
        const QString path = sqlitePath(location);
        if (path != QLatin1String(":memory:") && !QFileInfo(path).isFile()) {
            if (error)
                *error = QStringLiteral("there is no store at %1").arg(path);
            return nullptr;
        }
    }
    return open(location, error);
}

std::unique_ptr<Database> Database::open(const QString &location, QString *error)
{
    static QAtomicInteger<quint64> counter;
    const QString name = QStringLiteral("wk-%1-%2")
                             .arg(reinterpret_cast<quintptr>(QThread::currentThread()))
                             .arg(counter.fetchAndAddRelaxed(1));
    const bool postgres = isPostgresUrl(location);

    std::unique_ptr<Database> result(
        new Database(name, postgres ? Backend::Postgres : Backend::Sqlite));
    if (postgres) {
        const QUrl url(location);
        if (!url.isValid() || url.host().isEmpty()) {
            if (error)
                *error = QStringLiteral("'%1' is not a valid PostgreSQL URL "
                                        "(postgresql://user:password@host:port/dbname)")
                             .arg(url.toDisplayString(QUrl::RemovePassword));
            return nullptr;
        }
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        applyPostgresUrl(db, url);
        db.setConnectOptions(QStringLiteral("connect_timeout=10"));
        if (!db.open()) {
            if (error)
                *error = QStringLiteral("cannot connect to %1: %2")
                             .arg(url.toDisplayString(QUrl::RemovePassword),
                                  db.lastError().text().trimmed());
            return nullptr;
        }
    } else {
        const QString path = sqlitePath(location);
        if (path != QLatin1String(":memory:"))
            QDir().mkpath(QFileInfo(path).absolutePath());
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
        if (!db.open()) {
            if (error)
                *error = QStringLiteral("cannot open %1: %2").arg(path, db.lastError().text());
            return nullptr;
        }
        QSqlQuery q(db);
        // WAL lets the GUI read while the engine's thread writes.
        if (!exec(q, QStringLiteral("PRAGMA journal_mode=WAL"), error) ||
            !exec(q, QStringLiteral("PRAGMA foreign_keys=ON"), error))
            return nullptr;
    }
    if (!result->migrate(error))
        return nullptr;
    return result;
}

QSqlDatabase Database::connection() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

RowStatement *Database::statement(const QString &sql, QString *error)
{
    if (const auto it = m_statements.find(sql); it != m_statements.end())
        return it->second.get();
    auto made = std::make_unique<RowStatement>(connection(), sql);
    if (!made->isPrepared()) {
        if (error)
            *error = made->error();
        return nullptr;
    }
    return m_statements.emplace(sql, std::move(made)).first->second.get();
}

bool Database::isAlive() const
{
    const QSqlDatabase db = connection();
    if (!db.isOpen())
        return false;
    QSqlQuery q(db);
    return q.exec(QStringLiteral("SELECT 1")) && q.next();
}

bool Database::setAutoCheckpoint(bool on, QString *error)
{
    if (m_backend != Backend::Sqlite)
        return true;
    QSqlQuery q(connection());
    return exec(q, QStringLiteral("PRAGMA wal_autocheckpoint=%1").arg(on ? 1000 : 0), error);
}

bool Database::checkpoint(QString *error)
{
    if (m_backend != Backend::Sqlite)
        return true;
    QSqlQuery q(connection());
    return exec(q, QStringLiteral("PRAGMA wal_checkpoint(PASSIVE)"), error);
}

bool Database::reconnect(QString *error)
{
    m_statements.clear();
    QSqlDatabase db = connection();
    db.close();
    if (db.open())
        return true;
    if (error)
        *error = db.lastError().text();
    return false;
}

int Database::latestSchemaVersion()
{
    return static_cast<int>(migrations().size());
}

int Database::schemaVersion() const
{
    QSqlQuery q(connection());
    if (!q.exec(QStringLiteral("SELECT MAX(version) FROM schema_migrations")) || !q.next())
        return 0;
    return q.value(0).toInt();
}

bool Database::migrate(QString *error)
{
    QSqlDatabase db = connection();
    QSqlQuery q(db);
    if (!db.transaction()) {
        if (error)
            *error = db.lastError().text();
        return false;
    }
    // Several consoles may open a fresh team database at once; the advisory lock makes
    // exactly one of them run the migrations while the others wait and then see them done.
    if (m_backend == Backend::Postgres &&
        !exec(q, QStringLiteral("SELECT pg_advisory_xact_lock(7263511)"), error)) {
        db.rollback();
        return false;
    }
    if (!exec(q,
              QStringLiteral("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER "
                             "PRIMARY KEY, applied_at TEXT NOT NULL)"),
              error)) {
        db.rollback();
        return false;
    }
    int current = 0;
    if (exec(q, QStringLiteral("SELECT MAX(version) FROM schema_migrations"), error) && q.next())
        current = q.value(0).toInt();
    if (current > latestSchemaVersion()) {
        db.rollback();
        if (error)
            *error = QStringLiteral("the database has schema version %1 but this build only "
                                    "knows up to %2; update Watchkeeper")
                         .arg(current)
                         .arg(latestSchemaVersion());
        return false;
    }
    for (int v = current; v < latestSchemaVersion(); ++v) {
        for (const QString &sql : migrations().at(v)) {
            if (!exec(q, sql, error)) {
                db.rollback();
                return false;
            }
        }
        q.prepare(
            QStringLiteral("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)"));
        q.addBindValue(v + 1);
        q.addBindValue(QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
        if (!q.exec()) {
            if (error)
                *error = q.lastError().text();
            db.rollback();
            return false;
        }
    }
    if (!db.commit()) {
        if (error)
            *error = db.lastError().text();
        return false;
    }
    return true;
}

} // namespace wk
