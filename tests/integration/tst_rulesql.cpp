// Rules written as warehouse SQL: each dialect's text carries the constructs its reference
// requires (window frames, time arithmetic, quoting), and the PostgreSQL text, run on a real
// server, returns the rows and order `check burst` prints over the same data, randomised
// with times on the window's edges, integer and text ids, ties in revenue and teams without
// customers. Evaluated by the console (WarehouseRule), one watermark after another, the
// rule finds what `check burst` finds, late rows within the lookback included, and reports
// nothing twice.

#include "domain/clock.h"
#include "domain/enginestatus.h"
#include "engine/burstcheck.h"
#include "engine/rules/duplicatesevaluator.h"
#include "engine/rules/ruleevaluator.h"
#include "pgtestdatabase.h"
#include "runningworker.h"
#include "sources/warehouserule.h"
#include "storage/database.h"
#include "warehouse/dbtpackage.h"
#include "warehouse/rulesql.h"

#include <yaml-cpp/yaml.h>

#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include <random>

using namespace wk;

namespace {

const qint64 T0ms = 1767225600000LL; // 2026-01-01 00:00 UTC

struct Logged
{
    QString user;
    QString name;
    qint64 ms;
};

struct Data
{
    QList<Logged> events;
    QList<std::tuple<QString, QString, bool>> users;
    QList<QPair<QString, QString>> teams;
    QList<Customer> customers;
};

QString userId(int u)
{
    if (u % 2)
        return QStringLiteral("u%1").arg(u);
    return QString::number(u == 2 ? -12 : u * 37 + 5);
}

Data generate(quint32 seed, int eventCount)
{
    std::mt19937 rng(seed);
    Data d;
    const int userCount = 20 + static_cast<int>(rng() % 20);
    for (int u = 0; u < userCount; ++u)
        d.users.append({userId(u), QStringLiteral("t%1").arg(rng() % 10), rng() % 10 < 7});
    for (int t = 0; t < 8; ++t)
        d.teams.append({QStringLiteral("t%1").arg(t),
                        rng() % 5 == 0 ? QString() : QStringLiteral("c%1").arg(rng() % 6)});
    const double revenues[] = {0, 50, 50, 500, 120.5};
    for (int c = 0; c < 5; ++c) {
        Customer customer;
        customer.id = QStringLiteral("c%1").arg(c);
        customer.monthlyRevenue = revenues[rng() % 5];
        d.customers.append(customer);
    }
    const char *names[] = {"time out", "page not found", "login"};
    for (int i = 0; i < eventCount; ++i) {
        // A 36 s grid puts many events exactly on the 432 s edge of one another's window.
        qint64 ms = T0ms + qint64(rng() % 100) * 36000;
        if (rng() % 5 == 0)
            ms += rng() % 2000;
        d.events.append({userId(static_cast<int>(rng() % (userCount + 5))),
                         QLatin1String(names[rng() % 3]), ms});
    }
    return d;
}

BurstInputFiles writeFiles(const Data &d, const QTemporaryDir &dir)
{
    auto put = [&](const char *name, const QByteArray &content) {
        QString path = dir.filePath(QLatin1String(name));
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            qFatal("cannot write %s", qPrintable(path));
        f.write(content);
        return path;
    };
    QByteArray events = "user_id,event_name,event_timestamp\n";
    for (const Logged &e : d.events)
        events += e.user.toLatin1() + ',' + e.name.toLatin1() + ',' +
                  QDateTime::fromMSecsSinceEpoch(e.ms, QTimeZone::utc())
                      .toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ"))
                      .toLatin1() +
                  '\n';
    QByteArray users = "user_id,team_id,is_team_owner\n";
    for (const auto &[id, team, owner] : d.users)
        users += id.toLatin1() + ',' + team.toLatin1() + ',' + (owner ? "1" : "0") + '\n';
    QByteArray teams = "team_id,customer_id\n";
    for (const auto &[id, customer] : d.teams)
        teams += id.toLatin1() + ',' + customer.toLatin1() + '\n';
    QByteArray customers = "customer_id,revenue\n";
    for (const Customer &c : d.customers)
        customers += c.id.toLatin1() + ',' + QByteArray::number(c.monthlyRevenue) + '\n';
    return {put("events.csv", events), put("users.csv", users), put("teams.csv", teams),
            put("customers.csv", customers)};
}

Workspace warehouseWorkspace(const QList<Customer> &customers, const QString &table)
{
    Workspace ws;
    DataSource s;
    s.id = QStringLiteral("app-errors");
    s.kind = DataSource::Kind::Sql;
    s.connection = QStringLiteral("postgresql://warehouse/analytics");
    s.table = table;
    s.timeColumn = QStringLiteral("event_timestamp");
    ws.sources.append(s);
    Rule r;
    r.id = QStringLiteral("user-facing-errors");
    r.kind = Rule::Kind::Burst;
    r.source = s.id;
    r.events = {QStringLiteral("time out"), QStringLiteral("page not found")};
    r.users = QStringLiteral("users.csv");
    r.teams = QStringLiteral("teams.csv");
    ws.rules.append(r);
    ws.customers = customers;
    return ws;
}

// A rule of the workspace as PostgreSQL, evaluated at the server's current time.
QString write(const Rule &rule, const Workspace &ws)
{
    QString error;
    const auto q = RuleSql::write(ws, rule, SqlDialect(SqlDialect::Kind::PostgreSql), {}, &error);
    if (!q)
        qWarning() << error;
    return q ? q->sql : QString();
}

QString write(const Workspace &ws, SqlDialect::Kind kind, std::optional<TimestampNs> since = {})
{
    QString error;
    RuleSql::Options options;
    options.since = since;
    const auto q = RuleSql::write(ws, ws.rules.first(), SqlDialect(kind), options, &error);
    if (!q)
        qWarning() << error;
    return q ? q->sql : QString();
}

// What the rule finds over windows ending at or after `since`, counted the slow, obvious
// way: for each SLA event of a team owner at or after it, the events of its (user, name)
// within the 432 s before.
QList<QPair<QString, QString>> peaksSince(const Data &d, qint64 sinceMs,
                                          QHash<QPair<QString, QString>, int> *counts)
{
    QSet<QString> owners;
    for (const auto &[id, team, owner] : d.users) {
        if (owner)
            owners.insert(id);
    }
    for (const Logged &e : d.events) {
        if (e.ms < sinceMs || e.name == QLatin1String("login") || !owners.contains(e.user))
            continue;
        int n = 0;
        for (const Logged &o : d.events)
            n += o.user == e.user && o.name == e.name && o.ms <= e.ms && o.ms >= e.ms - 432000;
        auto &peak = (*counts)[{e.user, e.name}];
        peak = std::max(peak, n);
    }
    QList<QPair<QString, QString>> found;
    for (auto it = counts->cbegin(); it != counts->cend(); ++it) {
        if (it.value() >= 5)
            found.append(it.key());
    }
    return found;
}

} // namespace

class tst_RuleSql : public QObject
{
    Q_OBJECT

    std::unique_ptr<test::PgTestDatabase> m_pg;
    std::unique_ptr<Database> m_db;

    void load(const Data &d, bool ownerAsBoolean)
    {
        QSqlQuery q(m_db->connection());
        const QString owner =
            ownerAsBoolean ? QStringLiteral("BOOLEAN") : QStringLiteral("INTEGER");
        for (const QString &sql :
             {QStringLiteral("DROP SCHEMA IF EXISTS warehouse CASCADE"),
              QStringLiteral("CREATE SCHEMA warehouse"),
              QStringLiteral("SET search_path TO warehouse, public"),
              QStringLiteral("CREATE TABLE events (user_id TEXT, event_name TEXT, "
                             "event_timestamp TIMESTAMPTZ)"),
              QStringLiteral("CREATE TABLE users (user_id TEXT, team_id TEXT, is_team_owner %1)")
                  .arg(owner),
              QStringLiteral("CREATE TABLE teams (team_id TEXT, customer_id TEXT)")})
            QVERIFY2(q.exec(sql), qPrintable(q.lastError().text()));
        QVERIFY(m_db->connection().transaction());
        // Rows go in 500 at a time: one statement per event would take minutes.
        for (qsizetype start = 0; start < d.events.size(); start += 500) {
            QStringList rows;
            for (qsizetype i = start; i < std::min(start + 500, d.events.size()); ++i) {
                const Logged &e = d.events.at(i);
                rows.append(QStringLiteral("('%1', '%2', to_timestamp(%3 / 1000.0))")
                                .arg(e.user, e.name)
                                .arg(e.ms));
            }
            QVERIFY2(
                q.exec(QStringLiteral("INSERT INTO events VALUES ") + rows.join(QLatin1Char(','))),
                qPrintable(q.lastError().text()));
        }
        q.prepare(QStringLiteral("INSERT INTO users VALUES (?, ?, ?)"));
        for (const auto &[id, team, isOwner] : d.users) {
            q.addBindValue(id);
            q.addBindValue(team);
            q.addBindValue(ownerAsBoolean ? QVariant(isOwner) : QVariant(isOwner ? 1 : 0));
            QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
        }
        q.prepare(QStringLiteral("INSERT INTO teams VALUES (?, ?)"));
        for (const auto &[id, customer] : d.teams) {
            q.addBindValue(id);
            q.addBindValue(customer.isEmpty() ? QVariant() : QVariant(customer));
            QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
        }
        QVERIFY(m_db->connection().commit());
    }

    // The data in the warehouse, and what `check burst` finds in the same data as files.
    QList<BurstRow> loadAndCheck(const Data &d, bool ownerAsBoolean)
    {
        load(d, ownerAsBoolean);
        QTemporaryDir dir;
        BurstCheck check({});
        QList<Diagnostic> errors;
        if (!check.load(writeFiles(d, dir), &errors)) {
            qWarning().noquote() << formatDiagnostics(errors);
            return {};
        }
        return check.replay();
    }

    // An empty warehouse.events table, for the rows a test inserts itself.
    void emptyEvents()
    {
        QSqlQuery q(m_db->connection());
        for (const QString &sql :
             {QStringLiteral("DROP SCHEMA IF EXISTS warehouse CASCADE"),
              QStringLiteral("CREATE SCHEMA warehouse"),
              QStringLiteral("CREATE TABLE warehouse.events (user_id TEXT, event_name TEXT, "
                             "event_timestamp TIMESTAMPTZ)")})
            QVERIFY2(q.exec(sql), qPrintable(q.lastError().text()));
    }

    // Connections of their own (the console's) resolve the users and teams tables in the
    // warehouse schema, as the test's own connection does.
    void searchWarehouseFirst()
    {
        QSqlQuery q(m_db->connection());
        QVERIFY2(q.exec(QStringLiteral("DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET "
                                       "search_path TO warehouse, public', current_database()); "
                                       "END $$")),
                 qPrintable(q.lastError().text()));
    }

    // What the console's evaluations of a rule raised, one instant after another, as its
    // alert book would hold them.
    struct Evaluations
    {
        WarehouseRule::State state;
        QSet<QString> open;
        QHash<QString, int> raises; // by dedup key: fires while not open
        QHash<QString, int> peaks;  // by dedup key: the highest count reported
        QHash<QString, AlertCondition> last;
        int alreadyOver = 0;
        QString error;
    };
    static void evaluate(const Workspace &ws, const QList<TimestampNs> &instants, Evaluations &e)
    {
        for (TimestampNs at : instants) {
            const WarehouseRule::Result r =
                WarehouseRule::evaluate(ws, ws.rules.first(), QString(), e.state, at);
            if (!r.error.isEmpty()) {
                e.error = r.error;
                return;
            }
            for (const AlertCondition &c : r.fire) {
                const QString key = c.dedupKey();
                if (qEnvironmentVariableIsSet("WK_DEBUG_KEY") &&
                    key.contains(qEnvironmentVariable("WK_DEBUG_KEY")))
                    qDebug() << formatTimestamp(at).c_str() << "fire" << c.count << c.evidence
                             << r.clear.contains(key) << e.state.reported.value(key);
                if (!e.open.contains(key))
                    ++e.raises[key];
                e.open.insert(key);
                e.peaks[key] = std::max(e.peaks.value(key), c.count);
                e.last.insert(key, c);
                e.alreadyOver += c.evidence.endsWith(QLatin1String("already over"));
            }
            for (const QString &key : r.clear)
                e.open.remove(key);
            e.state = r.state;
        }
    }

    QList<BurstRow> run(const QString &sql)
    {
        QSqlQuery q(m_db->connection());
        if (!q.exec(sql))
            qWarning().noquote() << q.lastError().text() << sql;
        QList<BurstRow> rows;
        while (q.next())
            rows.append({q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                         q.value(3).toInt()});
        return rows;
    }

private slots:
    void eachDialectWritesWhatItsReferenceRequires_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QStringList>("required");
        const QString regex = QStringLiteral("^[+-]?[0-9]{1,18}$");
        QTest::newRow("postgresql")
            << int(SqlDialect::Kind::PostgreSql)
            << QStringList{
                   // An interval offset on the timestamp itself (PostgreSQL 11 and later).
                   QStringLiteral("ORDER BY event_time RANGE BETWEEN INTERVAL '432 seconds' "
                                  "PRECEDING AND CURRENT ROW"),
                   QStringLiteral("FROM analytics.\"App Events\""),
                   QStringLiteral("CAST(\"User Id\" AS TEXT) AS user_id"),
                   QStringLiteral("\"order\" AS event_name"),
                   QStringLiteral("'it''s \\ late'"),
                   QStringLiteral("p.user_id ~ '%1'").arg(regex),
                   QStringLiteral("CAST(p.user_id AS BIGINT)"),
                   QStringLiteral("p.user_id COLLATE \"C\""),
                   QStringLiteral("SELECT * FROM (VALUES\n    ('acme', 500.0),"),
                   QStringLiteral(") AS c (customer_id, revenue)"),
                   QStringLiteral("event_timestamp >= (TIMESTAMPTZ '2026-12-01 08:00:00.250000+00' "
                                  "- INTERVAL '432 seconds')"),
                   QStringLiteral(
                       "WHERE event_time >= TIMESTAMPTZ '2026-12-01 08:00:00.250000+00'"),
               };
        QTest::newRow("bigquery")
            << int(SqlDialect::Kind::BigQuery)
            << QStringList{
                   // A RANGE frame with an offset needs a numeric order: UNIX_MICROS.
                   QStringLiteral("ORDER BY UNIX_MICROS(event_time) RANGE BETWEEN 432000000 "
                                  "PRECEDING AND CURRENT ROW"),
                   QStringLiteral("FROM analytics.`App Events`"),
                   QStringLiteral("CAST(`User Id` AS STRING) AS user_id"),
                   QStringLiteral("`order` AS event_name"),
                   QStringLiteral("'it\\'s \\\\ late'"),
                   QStringLiteral("REGEXP_CONTAINS(p.user_id, r'%1')").arg(regex),
                   QStringLiteral("CAST(p.user_id AS INT64)"),
                   QStringLiteral("SELECT * FROM UNNEST([\n    STRUCT('acme' AS customer_id, "
                                  "500.0 AS revenue),"),
                   QStringLiteral("event_timestamp >= TIMESTAMP_SUB(TIMESTAMP '2026-12-01 "
                                  "08:00:00.250000+00', INTERVAL 432 SECOND)"),
               };
        QTest::newRow("snowflake")
            << int(SqlDialect::Kind::Snowflake)
            << QStringList{
                   QStringLiteral("ORDER BY DATE_PART(EPOCH_MICROSECOND, event_time) RANGE "
                                  "BETWEEN 432000000 PRECEDING AND CURRENT ROW"),
                   QStringLiteral("FROM analytics.\"App Events\""),
                   QStringLiteral("CAST(\"User Id\" AS VARCHAR) AS user_id"),
                   // A reserved word quoted as Snowflake stored it when created bare.
                   QStringLiteral("\"ORDER\" AS event_name"),
                   QStringLiteral("'it''s \\\\ late'"),
                   QStringLiteral("REGEXP_LIKE(p.user_id, '%1')").arg(regex),
                   QStringLiteral("CAST(p.user_id AS NUMBER(19, 0))"),
                   QStringLiteral("SELECT * FROM (VALUES\n    ('acme', 500.0),"),
                   QStringLiteral("event_timestamp >= DATEADD(second, -432, TO_TIMESTAMP_TZ("
                                  "'2026-12-01 08:00:00.250000 +0000', 'YYYY-MM-DD "
                                  "HH24:MI:SS.FF6 TZHTZM'))"),
               };
        QTest::newRow("sparksql")
            << int(SqlDialect::Kind::SparkSql)
            << QStringList{
                   QStringLiteral("ORDER BY unix_micros(event_time) RANGE BETWEEN 432000000 "
                                  "PRECEDING AND CURRENT ROW"),
                   QStringLiteral("FROM analytics.`App Events`"),
                   QStringLiteral("CAST(`User Id` AS STRING) AS user_id"),
                   QStringLiteral("'it\\'s \\\\ late'"),
                   QStringLiteral("p.user_id RLIKE '%1'").arg(regex),
                   QStringLiteral("CAST(p.user_id AS BIGINT)"),
                   QStringLiteral("SELECT * FROM VALUES\n    ('acme', 500.0),"),
                   QStringLiteral("AS c (customer_id, revenue)"),
                   QStringLiteral("event_timestamp >= (TIMESTAMP '2026-12-01 08:00:00.250000Z' - "
                                  "INTERVAL 432 SECONDS)"),
               };
    }

    void eachDialectWritesWhatItsReferenceRequires()
    {
        QFETCH(int, kind);
        QFETCH(QStringList, required);
        Customer acme{QStringLiteral("acme"), QStringLiteral("Acme"), QStringLiteral("enterprise"),
                      500, false};
        Customer dog{QStringLiteral("dog"), QStringLiteral("Dog"), QStringLiteral("medium"), 49.5,
                     false};
        Workspace ws = warehouseWorkspace({acme, dog}, QStringLiteral("analytics.App Events"));
        ws.sources[0].subjectColumn = QStringLiteral("User Id");
        ws.sources[0].nameColumn = QStringLiteral("order");
        ws.rules[0].events.append(QStringLiteral("it's \\ late"));
        const TimestampNs since =
            QDateTime(QDate(2026, 12, 1), QTime(8, 0, 0, 250), QTimeZone::utc())
                .toMSecsSinceEpoch() *
            1'000'000;
        const QString sql = write(ws, static_cast<SqlDialect::Kind>(kind), since);
        for (const QString &r : required)
            QVERIFY2(sql.contains(r), qPrintable(QStringLiteral("missing: %1\n%2").arg(r, sql)));
        QVERIFY(sql.contains(QStringLiteral("HAVING MAX(event_count) >= 5")));
        QVERIFY(sql.contains(QStringLiteral("o.customer_rank ASC NULLS LAST")));
        QVERIFY(sql.contains(QStringLiteral("RANK() OVER (ORDER BY revenue DESC)")));
    }

    void volumeAndFreshnessInEachDialect_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QStringList>("required");
        QTest::newRow("postgresql")
            << int(SqlDialect::Kind::PostgreSql)
            << QStringList{
                   QStringLiteral("generate_series(1, 24) AS o (k)"),
                   QStringLiteral("PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY n)"),
                   QStringLiteral("FLOOR(EXTRACT(EPOCH FROM event_timestamp) / 3600)"),
                   QStringLiteral("TO_TIMESTAMP((last_period + 1) * 3600)"),
                   QStringLiteral("FLOOR(EXTRACT(EPOCH FROM (CURRENT_TIMESTAMP - newest)))")};
        QTest::newRow("bigquery")
            << int(SqlDialect::Kind::BigQuery)
            << QStringList{
                   QStringLiteral("UNNEST(GENERATE_ARRAY(1, 24)) AS k"),
                   // PERCENTILE_CONT is an analytic function only in BigQuery.
                   QStringLiteral("PERCENTILE_CONT(n, 0.5) OVER ()"),
                   QStringLiteral("DIV(UNIX_SECONDS(event_timestamp), 3600)"),
                   QStringLiteral("TIMESTAMP_SECONDS(CAST((last_period + 1) * 3600 AS INT64))"),
                   QStringLiteral("TIMESTAMP_DIFF(CURRENT_TIMESTAMP(), newest, SECOND)")};
        QTest::newRow("snowflake")
            << int(SqlDialect::Kind::Snowflake)
            << QStringList{
                   QStringLiteral("ROW_NUMBER() OVER (ORDER BY SEQ4()) AS k FROM "
                                  "TABLE(GENERATOR(ROWCOUNT => 24))"),
                   QStringLiteral("MEDIAN(n)"),
                   QStringLiteral("FLOOR(DATE_PART(EPOCH_SECOND, event_timestamp) / 3600)"),
                   QStringLiteral("FLOOR(DATEDIFF(microsecond, newest, CURRENT_TIMESTAMP()) "
                                  "/ 1000000)")};
        QTest::newRow("sparksql")
            << int(SqlDialect::Kind::SparkSql)
            << QStringList{QStringLiteral("(SELECT explode(sequence(1, 24)) AS k) AS o"),
                           QStringLiteral("percentile(n, 0.5)"),
                           QStringLiteral("FLOOR(unix_seconds(event_timestamp) / 3600)"),
                           QStringLiteral("timestamp_seconds((last_period + 1) * 3600)"),
                           QStringLiteral("FLOOR((unix_micros(current_timestamp()) - "
                                          "unix_micros(newest)) / 1000000)")};
    }

    void volumeAndFreshnessInEachDialect()
    {
        QFETCH(int, kind);
        QFETCH(QStringList, required);
        Workspace ws = warehouseWorkspace({}, QStringLiteral("events"));
        Rule volume = ws.rules.first();
        volume.kind = Rule::Kind::Volume;
        Rule fresh = ws.rules.first();
        fresh.kind = Rule::Kind::Freshness;
        fresh.warnAfterSeconds = 3600;
        QString error, sql;
        for (const Rule &r : {volume, fresh}) {
            const auto q =
                RuleSql::write(ws, r, SqlDialect(static_cast<SqlDialect::Kind>(kind)), {}, &error);
            QVERIFY2(q, qPrintable(error));
            sql += q->sql;
        }
        for (const QString &r : required)
            QVERIFY2(sql.contains(r), qPrintable(QStringLiteral("missing: %1\n%2").arg(r, sql)));
    }

    void otherKindsAndMissingSourcesAreRefused()
    {
        Workspace ws = warehouseWorkspace({}, QStringLiteral("events"));
        QString error;
        Rule sequence = ws.rules.first();
        sequence.kind = Rule::Kind::Sequence;
        QVERIFY(
            !RuleSql::write(ws, sequence, SqlDialect(SqlDialect::Kind::PostgreSql), {}, &error));
        QVERIFY2(error.contains(QStringLiteral("sequence")), qPrintable(error));
        Rule lost = ws.rules.first();
        lost.source = QStringLiteral("nowhere");
        QVERIFY(!RuleSql::write(ws, lost, SqlDialect(SqlDialect::Kind::PostgreSql), {}, &error));
        QVERIFY2(error.contains(QStringLiteral("'nowhere'")), qPrintable(error));
        QVERIFY(!SqlDialect::fromName(QStringLiteral("mysql")));
        QCOMPARE(SqlDialect::fromName(QStringLiteral("BigQuery"))->kind(),
                 SqlDialect::Kind::BigQuery);
    }

    void initTestCase()
    {
        m_pg = std::make_unique<test::PgTestDatabase>();
        QVERIFY2(m_pg->isValid(), qPrintable(m_pg->error()));
        QString error;
        m_db = Database::open(m_pg->url(), &error);
        QVERIFY2(m_db, qPrintable(error));
    }

    void postgresFindsWhatCheckBurstFinds_data()
    {
        QTest::addColumn<quint32>("seed");
        for (quint32 seed = 1; seed <= 8; ++seed)
            QTest::addRow("seed %u", seed) << seed;
    }

    void postgresFindsWhatCheckBurstFinds()
    {
        QFETCH(quint32, seed);
        const Data d = generate(seed, 800 + static_cast<int>(seed) * 150);
        const QList<BurstRow> expected = loadAndCheck(d, seed % 2 == 0);
        QVERIFY(!expected.isEmpty());

        const Workspace ws = warehouseWorkspace(d.customers, QStringLiteral("warehouse.events"));
        QCOMPARE(run(write(ws, SqlDialect::Kind::PostgreSql)), expected);

        // Incremental: only windows ending at or after an instant in the middle of the day.
        const qint64 sinceMs = T0ms + 50 * 36000;
        QHash<QPair<QString, QString>, int> counts;
        const auto found = peaksSince(d, sinceMs, &counts);
        const QList<BurstRow> recent =
            run(write(ws, SqlDialect::Kind::PostgreSql, sinceMs * 1'000'000));
        QCOMPARE(recent.size(), found.size());
        // The order is the whole query's ORDER BY, checked above; here what is found.
        for (const BurstRow &r : recent)
            QCOMPARE(r.eventCount, counts.value({r.userId, r.eventName}));
        QVERIFY(recent.size() < expected.size());
    }

    void theConsoleFindsWhatCheckBurstFinds_data()
    {
        QTest::addColumn<quint32>("seed");
        for (quint32 seed = 1; seed <= 4; ++seed)
            QTest::addRow("seed %u", seed) << seed;
    }

    // The console evaluates the rule in the warehouse one watermark after another: over the
    // whole day its alerts are `check burst`'s rows, with their peaks, teams and revenue,
    // and none is left open. A lookback reads windows again but reports nothing twice, and
    // evaluations further apart than the window raise the bursts that began and ended
    // between them as already over.
    void theConsoleFindsWhatCheckBurstFinds()
    {
        QFETCH(quint32, seed);
        const Data d = generate(seed, 800 + static_cast<int>(seed) * 150);
        const QList<BurstRow> expected = loadAndCheck(d, seed % 2 == 0);
        QVERIFY(!expected.isEmpty());
        searchWarehouseFirst();

        Workspace ws = warehouseWorkspace(d.customers, QStringLiteral("warehouse.events"));
        ws.sources[0].connection = m_pg->url();
        QHash<QString, double> revenueOfTeam;
        for (const auto &[team, customer] : d.teams) {
            for (const Customer &c : d.customers) {
                if (c.id == customer)
                    revenueOfTeam.insert(team, c.monthlyRevenue);
            }
        }
        QHash<QString, int> want;
        for (const BurstRow &row : expected)
            want.insert(ws.rules[0].id + QLatin1Char('/') + row.userId + QLatin1Char('/') +
                            row.eventName,
                        row.eventCount);

        const auto instants = [](qint64 stepSeconds) {
            QList<TimestampNs> out;
            // From the first event to past the last one's window, on a step that falls on
            // no grid of the data.
            for (qint64 s = stepSeconds; s < 3600 + 2 * 432 + stepSeconds; s += stepSeconds)
                out.append((T0ms + s * 1000) * 1'000'000);
            return out;
        };
        QHash<QString, int> raisesWithoutLookback;
        for (const auto &[lookback, step] :
             {std::pair<qint64, qint64>{0, 137}, {900, 137}, {0, 1001}}) {
            ws.sources[0].lookbackSeconds = lookback;
            Evaluations e;
            e.state.watermark = T0ms * 1'000'000;
            evaluate(ws, instants(step), e);
            const QString variant =
                QStringLiteral("lookback %1 s, every %2 s").arg(lookback).arg(step);
            QVERIFY2(e.error.isEmpty(), qPrintable(e.error));
            QVERIFY2(e.peaks == want, qPrintable(variant));
            QVERIFY2(e.open.isEmpty() && e.state.active.isEmpty(), qPrintable(variant));
            for (const BurstRow &row : expected) {
                const AlertCondition c =
                    e.last.value(ws.rules[0].id + QLatin1Char('/') + row.userId + QLatin1Char('/') +
                                 row.eventName);
                QVERIFY2(c.evidence.startsWith(QStringLiteral("team %1\n").arg(row.teamId)),
                         qPrintable(c.evidence));
                QCOMPARE(c.revenue, revenueOfTeam.value(row.teamId));
                QCOMPARE(c.severity, ws.rules[0].severity);
            }
            if (lookback == 0 && step == 137)
                raisesWithoutLookback = e.raises;
            else if (step == 137) {
                for (const QString &key : want.keys())
                    QVERIFY2(e.raises.value(key) == raisesWithoutLookback.value(key),
                             qPrintable(QStringLiteral("%1: raised %2 times, %3 without the "
                                                       "lookback")
                                            .arg(key)
                                            .arg(e.raises.value(key))
                                            .arg(raisesWithoutLookback.value(key))));
            } else // a burst shorter than the step is over by the time it is seen
                QVERIFY2(e.alreadyOver > 0, qPrintable(variant));
        }
    }

    // Rows loaded late are found when they fall within the lookback, once; a burst that
    // holds stays open until its window passes; a restart reads on from the stored state.
    void lateRowsWithinTheLookback()
    {
        emptyEvents();
        QSqlQuery q(m_db->connection());
        const auto insertBurst = [&](const QString &user, qint64 fromMs, int n) {
            for (int i = 0; i < n; ++i)
                QVERIFY2(q.exec(QStringLiteral("INSERT INTO warehouse.events VALUES ('%1', 'time "
                                               "out', to_timestamp(%2 / 1000.0))")
                                    .arg(user)
                                    .arg(fromMs + i * 10000)),
                         qPrintable(q.lastError().text()));
        };
        Workspace ws = warehouseWorkspace({}, QStringLiteral("warehouse.events"));
        ws.rules[0].users.clear();
        ws.rules[0].teams.clear();
        ws.sources[0].connection = m_pg->url();
        ws.sources[0].lookbackSeconds = 600;
        const qint64 X = T0ms + 2 * 3600 * 1000;
        const auto at = [&](qint64 ms) { return TimestampNs(ms) * 1'000'000; };
        const QString late = ws.rules[0].id + QStringLiteral("/late/time out");
        const QString tooLate = ws.rules[0].id + QStringLiteral("/too-late/time out");

        Evaluations e;
        e.state.watermark = at(X - 60000);
        evaluate(ws, {at(X)}, e);
        QVERIFY2(e.error.isEmpty(), qPrintable(e.error));
        QVERIFY(e.raises.isEmpty());
        // Loaded after the evaluation at X: one burst within the lookback, one before it.
        insertBurst(QStringLiteral("late"), X - 400000, 6);
        insertBurst(QStringLiteral("too-late"), X - 2000000, 6);
        evaluate(ws, {at(X + 60000)}, e);
        QCOMPARE(e.raises.value(late), 1);
        QCOMPARE(e.peaks.value(late), 6);
        QVERIFY(!e.open.contains(late));
        QVERIFY2(e.last.value(late).evidence.endsWith(QLatin1String("already over")),
                 qPrintable(e.last.value(late).evidence));
        QVERIFY(!e.raises.contains(tooLate)); // older than the lookback: not read again
        // Read again within the lookback, it is not reported again; nor after a restart.
        evaluate(ws, {at(X + 120000)}, e);
        const auto restored = WarehouseRule::State::fromJson(e.state.toJson());
        QVERIFY(restored);
        QCOMPARE(*restored, e.state);
        Evaluations after;
        after.state = *restored;
        evaluate(ws, {at(X + 180000)}, after);
        QVERIFY(after.raises.isEmpty());
        QCOMPARE(e.raises.value(late), 1);

        // A burst that holds at the evaluation stays open until its window has passed.
        insertBurst(QStringLiteral("now"), X + 190000, 5);
        evaluate(ws, {at(X + 240000)}, after);
        const QString now = ws.rules[0].id + QStringLiteral("/now/time out");
        QVERIFY(after.open.contains(now));
        QVERIFY(after.state.active.contains(now));
        evaluate(ws, {at(X + 400000)}, after);
        QVERIFY(after.open.contains(now)); // its first event is still within 432 s
        evaluate(ws, {at(X + 190000 + 433000)}, after);
        QVERIFY(!after.open.contains(now));
        QCOMPARE(after.raises.value(now), 1);
    }

    // The console raises what the warehouse finds, shows the rule among its sources, and
    // after a restart reports nothing again.
    void theConsoleRaisesWhatTheWarehouseFinds()
    {
        emptyEvents();
        QSqlQuery q(m_db->connection());
        ManualClock clock(SystemClock().now());
        const qint64 nowMs = clock.now() / 1'000'000;
        for (int i = 0; i < 6; ++i)
            QVERIFY2(q.exec(QStringLiteral("INSERT INTO warehouse.events VALUES ('1508', 'time "
                                           "out', to_timestamp(%1 / 1000.0))")
                                .arg(nowMs - 120000 + i * 10000)),
                     qPrintable(q.lastError().text()));

        Workspace ws = test::demoWorkspace();
        const Workspace warehouse = warehouseWorkspace({}, QStringLiteral("warehouse.events"));
        DataSource source = warehouse.sources.first();
        source.connection = m_pg->url();
        source.intervalSeconds = 60;
        source.id = QStringLiteral("warehouse-events"); // the demo has its own app-errors
        ws.sources.append(source);
        Rule rule = warehouse.rules.first();
        rule.id = QStringLiteral("warehouse-bursts");
        rule.source = source.id;
        rule.users.clear();
        rule.teams.clear();
        rule.pipeline = ws.pipelines.first().id;
        rule.severity = Severity::Critical;
        ws.rules.append(rule);
        const QString key = rule.id + QStringLiteral("/1508/time out");
        qint64 firstId = 0;
        QTemporaryDir dir;
        const QString store = dir.filePath(QStringLiteral("store.sqlite"));
        const auto alertOf = [&](QSignalSpy &spy) {
            std::optional<Alert> found;
            for (const QList<QVariant> &args : spy) {
                for (const Alert &a : args.first().value<QList<Alert>>()) {
                    if (a.dedupKey == key)
                        found = a;
                }
            }
            return found;
        };
        {
            test::RunningWorker r(ws, store, &clock);
            QSignalSpy changed(r.worker, &EngineWorker::alertsChanged);
            SourceHealth health;
            QObject context; // destroyed before health: no queued status reaches it after
            connect(
                r.worker, &EngineWorker::statusChanged, &context,
                [&health, &rule](const EngineStatus &s) {
                    for (const SourceHealth &h : s.sources) {
                        if (h.id == rule.id)
                            health = h;
                    }
                },
                Qt::QueuedConnection);
            QMetaObject::invokeMethod(r.worker, &EngineWorker::start);
            const bool raised = QTest::qWaitFor(
                [&] {
                    const auto a = alertOf(changed);
                    return a && a->isOpen();
                },
                20000);
            QVERIFY2(raised, qPrintable(health.id + QLatin1Char(' ') + health.error +
                                        QLatin1Char(' ') + health.note));
            QCOMPARE(alertOf(changed)->eventCount, 6);
            firstId = alertOf(changed)->id;
            QCOMPARE(alertOf(changed)->severity, Severity::Critical);
            QVERIFY(QTest::qWaitFor([&] { return !health.note.isEmpty(); }, 20000));
            QCOMPARE(health.kind, QStringLiteral("sql rule"));
            QVERIFY2(health.note.startsWith(QStringLiteral("evaluated in")),
                     qPrintable(health.note));
            QVERIFY(!health.failing());
            // Past the window and the source's interval: the next evaluation resolves it.
            clock.advance(qint64(600) * 1'000'000'000);
            QVERIFY(QTest::qWaitFor(
                [&] {
                    const auto a = alertOf(changed);
                    return a && !a->isOpen();
                },
                20000));
        }
        test::RunningWorker again(ws, store, &clock);
        QSignalSpy changed(again.worker, &EngineWorker::alertsChanged);
        SourceHealth health;
        QObject context;
        connect(
            again.worker, &EngineWorker::statusChanged, &context,
            [&health, &rule](const EngineStatus &s) {
                for (const SourceHealth &h : s.sources) {
                    if (h.id == rule.id)
                        health = h;
                }
            },
            Qt::QueuedConnection);
        QMetaObject::invokeMethod(again.worker, &EngineWorker::start);
        // Its first evaluation reads the burst again (within the lookback) and knows it.
        QVERIFY(QTest::qWaitFor(
            [&] { return health.note.startsWith(QLatin1String("evaluated in")); }, 20000));
        QTest::qWait(300);
        for (const QList<QVariant> &args : changed) {
            for (const Alert &a : args.first().value<QList<Alert>>())
                QVERIFY2(a.dedupKey != key || a.id == firstId, "raised again after a restart");
        }
    }

    // The dbt package: every YAML file parses; the models, their Jinja rendered to plain
    // names, run on PostgreSQL as views in the order they depend on one another, and the
    // alert list is `check burst`'s; the column tests schema.yml declares, run as dbt would
    // run them, and the singular test, find nothing.
    void dbtPackageRunsOnPostgres()
    {
        Data d = generate(5, 1500);
        // The relationships tests hold the data to its keys: every user's team exists.
        for (auto &user : d.users)
            std::get<1>(user) = QStringLiteral("t%1").arg(std::get<0>(user).size() % 8);
        const QList<BurstRow> expected = loadAndCheck(d, false);
        QVERIFY(!expected.isEmpty());

        Workspace ws = warehouseWorkspace(d.customers, QStringLiteral("warehouse.events"));
        Pipeline p;
        p.id = QStringLiteral("engagement");
        p.source = ws.sources[0].id;
        p.slaPolicy = QStringLiteral("daily");
        ws.pipelines.append(p);
        SlaPolicy policy;
        policy.id = QStringLiteral("daily");
        policy.freshnessMaxAgeSeconds = 36 * 3600;
        ws.slaPolicies.append(policy);
        Rule volume;
        volume.id = QStringLiteral("event-volume");
        volume.kind = Rule::Kind::Volume;
        volume.source = ws.sources[0].id;
        volume.periodSeconds = 600;
        volume.baselinePeriods = 12;
        Rule copies = volume;
        copies.id = QStringLiteral("event-copies");
        copies.kind = Rule::Kind::Duplicates;
        copies.windowSeconds = 900;
        ws.rules << volume << copies;
        QString error;
        const auto files = DbtPackage::write(ws, SqlDialect(SqlDialect::Kind::PostgreSql), &error);
        QVERIFY2(files, qPrintable(error));

        QHash<QString, QString> byPath;
        for (const DbtPackage::File &f : *files)
            byPath.insert(f.path, f.text);
        for (const DbtPackage::File &f : *files) {
            if (!f.path.endsWith(QLatin1String(".yml")))
                continue;
            try {
                YAML::Load(f.text.toStdString());
            } catch (const YAML::Exception &e) {
                QFAIL(qPrintable(
                    QStringLiteral("%1: %2").arg(f.path, QString::fromStdString(e.what()))));
            }
        }
        const YAML::Node sources =
            YAML::Load(byPath.value(QStringLiteral("models/sources.yml")).toStdString());
        const YAML::Node events = sources["sources"][0]["tables"][0];
        QCOMPARE(QString::fromStdString(events["name"].as<std::string>()),
                 QStringLiteral("events"));
        QCOMPARE(events["loaded_at_field"].as<std::string>(), std::string("event_timestamp"));
        QCOMPARE(events["freshness"]["error_after"]["count"].as<int>(), 36);
        QCOMPARE(events["freshness"]["error_after"]["period"].as<std::string>(),
                 std::string("hour"));

        // Jinja as dbt renders it here: refs to the views below, sources to the tables.
        const auto render = [](QString sql) {
            static const QRegularExpression ref(
                QStringLiteral("\\{\\{ ref\\('([a-z0-9_]+)'\\) \\}\\}"));
            static const QRegularExpression source(
                QStringLiteral("\\{\\{ source\\('watchkeeper', '([a-z0-9_]+)'\\) \\}\\}"));
            sql.replace(ref, QStringLiteral("dbt.\\1"));
            sql.replace(source, QStringLiteral("warehouse.\\1"));
            return sql;
        };
        QSqlQuery q(m_db->connection());
        QVERIFY(q.exec(QStringLiteral("DROP SCHEMA IF EXISTS dbt CASCADE")));
        QVERIFY(q.exec(QStringLiteral("CREATE SCHEMA dbt")));
        // The seed, as `dbt seed` would load it.
        QVERIFY(q.exec(QStringLiteral("CREATE TABLE dbt.wk_customers (customer_id TEXT, name TEXT, "
                                      "plan TEXT, revenue NUMERIC, churned BOOLEAN)")));
        const QStringList seed = byPath.value(QStringLiteral("seeds/wk_customers.csv"))
                                     .trimmed()
                                     .split(QLatin1Char('\n'));
        QCOMPARE(seed.size(), d.customers.size() + 1);
        for (const QString &line : seed.mid(1)) {
            const QStringList f = line.split(QLatin1Char(','));
            QVERIFY(q.exec(
                QStringLiteral("INSERT INTO dbt.wk_customers VALUES ('%1', '%2', '%3', %4, %5)")
                    .arg(f.value(0), f.value(1), f.value(2), f.value(3), f.value(4))));
        }
        const QString prefix = QStringLiteral("user_facing_errors");
        for (const QString &part :
             {QStringLiteral("sla_event_names"), QStringLiteral("ranked_customers"),
              QStringLiteral("team_owners"), QStringLiteral("sla_events"),
              QStringLiteral("window_counts"), QStringLiteral("peaks"), QStringLiteral("alerts")}) {
            const QString path = QStringLiteral("models/%1/%1__%2.sql").arg(prefix, part);
            QVERIFY2(byPath.contains(path), qPrintable(path));
            const QString sql = render(byPath.value(path));
            QVERIFY2(q.exec(QStringLiteral("CREATE VIEW dbt.%1__%2 AS %3").arg(prefix, part, sql)),
                     qPrintable(q.lastError().text() + sql));
        }
        QCOMPARE(run(QStringLiteral("SELECT * FROM dbt.%1__alerts").arg(prefix)), expected);

        // Volume and duplicates rules: one model each, judged when the view is read, with
        // the rows `watchkeeper sql` gives. Copies of a login a minute ago (no SLA event, so
        // the burst rows stand) give the duplicates model a row.
        QVERIFY(q.exec(QStringLiteral("INSERT INTO warehouse.events SELECT 'u1', 'login', now() - "
                                      "INTERVAL '1 minute' FROM generate_series(1, 3)")));
        for (const Rule &rule : {volume, copies}) {
            const QString model = DbtPackage::modelPrefix(rule.id) + QStringLiteral("__alerts");
            const QString path =
                QStringLiteral("models/%1/%2.sql").arg(DbtPackage::modelPrefix(rule.id), model);
            QVERIFY2(byPath.contains(path), qPrintable(path));
            const QString sql = render(byPath.value(path));
            QVERIFY2(q.exec(QStringLiteral("CREATE VIEW dbt.%1 AS %2").arg(model, sql)),
                     qPrintable(q.lastError().text() + sql));
            QVERIFY(q.exec(QStringLiteral("SELECT * FROM dbt.%1").arg(model)));
            QStringList viewed;
            while (q.next())
                viewed << q.value(0).toString() + QLatin1Char('/') + q.value(1).toString();
            QVERIFY(q.exec(write(ws.rules.at(ws.rules.indexOf(rule)), ws)));
            QStringList direct;
            while (q.next())
                direct << q.value(0).toString() + QLatin1Char('/') + q.value(1).toString();
            QCOMPARE(viewed, direct);
            if (rule.kind == Rule::Kind::Duplicates)
                QCOMPARE(viewed, QStringList{QStringLiteral("app-errors/2")});
        }

        const auto nothingFound = [&](const QString &sql) {
            QSqlQuery t(m_db->connection());
            return t.exec(sql) && t.next() && t.value(0).toInt() == 0;
        };
        QVERIFY(nothingFound(
            QStringLiteral("SELECT COUNT(*) FROM (%1) AS t")
                .arg(render(byPath.value(
                    QStringLiteral("tests/%1__event_count_positive.sql").arg(prefix))))));
        const YAML::Node schema =
            YAML::Load(byPath.value(QStringLiteral("models/schema.yml")).toStdString());
        int checked = 0;
        for (const YAML::Node &model : schema["models"]) {
            const QString name = QString::fromStdString(model["name"].as<std::string>());
            for (const YAML::Node &column : model["columns"]) {
                const QString col = QString::fromStdString(column["name"].as<std::string>());
                for (const YAML::Node &test : column["tests"]) {
                    QString sql;
                    if (test.IsScalar() && test.as<std::string>() == "not_null") {
                        sql = QStringLiteral("SELECT COUNT(*) FROM dbt.%1 WHERE %2 IS NULL")
                                  .arg(name, col);
                    } else if (test["accepted_values"]) {
                        QStringList values;
                        for (const YAML::Node &v : test["accepted_values"]["values"])
                            values << QStringLiteral("'%1'").arg(
                                QString::fromStdString(v.as<std::string>()));
                        sql = QStringLiteral("SELECT COUNT(*) FROM dbt.%1 WHERE %2 NOT IN (%3)")
                                  .arg(name, col, values.join(QLatin1Char(',')));
                    } else if (test["relationships"]) {
                        const QString to =
                            render(QStringLiteral("{{ %1 }}")
                                       .arg(QString::fromStdString(
                                           test["relationships"]["to"].as<std::string>())));
                        const QString field = QString::fromStdString(
                            test["relationships"]["field"].as<std::string>());
                        sql = QStringLiteral(
                                  "SELECT COUNT(*) FROM dbt.%1 WHERE %2 NOT IN (SELECT %3 FROM %4)")
                                  .arg(name, col, field, to);
                    }
                    QVERIFY2(!sql.isEmpty(), qPrintable(name + QLatin1Char('.') + col));
                    QVERIFY2(nothingFound(sql), qPrintable(sql));
                    ++checked;
                }
            }
        }
        // The burst alerts: not_null on all four, relationships on two, accepted values; the
        // volume and duplicates models: not_null on two each.
        QCOMPARE(checked, 11);

        // A workspace without a burst rule has nothing to export, and says so.
        Workspace none = ws;
        none.rules.clear();
        QVERIFY(!DbtPackage::write(none, SqlDialect(SqlDialect::Kind::PostgreSql), &error));
        QVERIFY2(error.contains(QStringLiteral("no burst, volume or duplicates rule")),
                 qPrintable(error));
    }

    // Freshness, volume and duplicates queries against the console's own evaluators, on a
    // stream with quiet spells, dropped periods and copies, asked at many instants.
    void postgresAgreesWithTheEvaluators_data()
    {
        QTest::addColumn<quint32>("seed");
        for (quint32 seed = 1; seed <= 4; ++seed)
            QTest::addRow("seed %u", seed) << seed;
    }

    void postgresAgreesWithTheEvaluators()
    {
        QFETCH(quint32, seed);
        std::mt19937 rng(seed);
        // Eight hours in ten-minute periods: busy ones, quiet ones, a few nearly dead.
        QList<Event> events;
        int nextId = 0;
        for (int period = 0; period < 48; ++period) {
            const int roll = static_cast<int>(rng() % 10);
            const int n =
                roll == 0 ? static_cast<int>(rng() % 3) : 8 + static_cast<int>(rng() % 12);
            for (int i = 0; i < n; ++i) {
                Event e;
                e.source = QStringLiteral("stream");
                e.subject = QStringLiteral("u%1").arg(rng() % 7);
                e.name = QStringLiteral("login");
                e.time = (T0ms + period * 600000LL + qint64(rng() % 600000)) * 1'000'000;
                e.id = QStringLiteral("e%1").arg(nextId++);
                events.append(e);
                if (rng() % 9 == 0) { // a copy, delivered within five minutes
                    Event copy = e;
                    copy.time += qint64(rng() % 300000) * 1'000'000;
                    events.append(copy);
                }
            }
        }
        std::sort(events.begin(), events.end(),
                  [](const Event &a, const Event &b) { return a.time < b.time; });

        QSqlQuery q(m_db->connection());
        for (const QString &sql :
             {QStringLiteral("DROP SCHEMA IF EXISTS warehouse CASCADE"),
              QStringLiteral("CREATE SCHEMA warehouse"),
              QStringLiteral("CREATE TABLE warehouse.stream (user_id TEXT, event_name TEXT, "
                             "event_timestamp TIMESTAMPTZ, event_id TEXT)")})
            QVERIFY2(q.exec(sql), qPrintable(q.lastError().text()));
        QStringList rows;
        for (const Event &e : events)
            rows.append(QStringLiteral("('%1', '%2', to_timestamp(%3 / 1000000.0), '%4')")
                            .arg(e.subject, e.name)
                            .arg(e.time / 1000)
                            .arg(e.id));
        QVERIFY2(q.exec(QStringLiteral("INSERT INTO warehouse.stream VALUES ") +
                        rows.join(QLatin1Char(','))),
                 qPrintable(q.lastError().text()));

        Workspace ws = warehouseWorkspace({}, QStringLiteral("warehouse.stream"));
        ws.sources[0].idColumn = QStringLiteral("event_id");
        Rule fresh;
        fresh.id = QStringLiteral("fresh");
        fresh.kind = Rule::Kind::Freshness;
        fresh.source = ws.sources[0].id;
        fresh.warnAfterSeconds = 900;
        fresh.errorAfterSeconds = 1800;
        Rule volume = fresh;
        volume.id = QStringLiteral("volume");
        volume.kind = Rule::Kind::Volume;
        volume.periodSeconds = 600;
        volume.baselinePeriods = 12;
        volume.dropRatio = 0.5;
        Rule copies = fresh;
        copies.id = QStringLiteral("copies");
        copies.kind = Rule::Kind::Duplicates;
        copies.windowSeconds = 900;

        QHash<QString, int> fired, quiet;
        for (int k = 0; k < 40; ++k) {
            // Instants over the day and past its end (for freshness), some on period edges.
            const TimestampNs at =
                (T0ms + qint64(rng() % 600) * 60000 + (k % 3 ? qint64(rng() % 60000) : 0)) *
                1'000'000;
            for (const Rule &rule : {fresh, volume, copies}) {
                QList<Diagnostic> errors;
                auto evaluator = RuleEvaluator::create(rule, ws, QString(), errors);
                QVERIFY(evaluator);
                for (const Event &e : events) {
                    if (e.time > at)
                        break;
                    if (rule.kind == Rule::Kind::Duplicates)
                        static_cast<DuplicatesEvaluator &>(*evaluator).accept(e);
                    else
                        evaluator->add(e);
                }
                RuleOutcome outcome;
                evaluator->evaluate(at, outcome);
                QString error;
                RuleSql::Options options;
                options.at = at;
                const auto sql = RuleSql::write(ws, rule, SqlDialect(SqlDialect::Kind::PostgreSql),
                                                options, &error);
                QVERIFY2(sql, qPrintable(error));
                QVERIFY2(q.exec(sql->sql), qPrintable(q.lastError().text() + sql->sql));
                const bool found = q.next();
                const QString where =
                    QStringLiteral("%1 at %2")
                        .arg(rule.id, QString::fromStdString(formatTimestamp(at)));
                QVERIFY2(found == !outcome.fire.isEmpty(), qPrintable(where));
                if (rule.kind != Rule::Kind::Freshness) {
                    // As the console runs it: the same alert as the engine's evaluator.
                    Workspace live = ws;
                    live.sources[0].connection = m_pg->url();
                    const WarehouseRule::Result r =
                        WarehouseRule::evaluate(live, rule, QString(), {}, at);
                    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
                    QCOMPARE(r.fire.size(), outcome.fire.size());
                    if (found) {
                        QCOMPARE(r.fire.first().title, outcome.fire.first().title);
                        QCOMPARE(r.fire.first().dedupKey(), outcome.fire.first().dedupKey());
                        QCOMPARE(r.fire.first().count, outcome.fire.first().count);
                    }
                }
                if (!found) {
                    ++quiet[rule.id];
                    continue;
                }
                ++fired[rule.id];
                const AlertCondition &c = outcome.fire.first();
                if (rule.kind == Rule::Kind::Freshness)
                    QCOMPARE(q.value(3).toString() == QLatin1String("error"),
                             c.severity == rule.severity);
                else if (rule.kind == Rule::Kind::Volume)
                    QCOMPARE(q.value(2).toInt(), c.count);
                else
                    QCOMPARE(q.value(1).toInt(), c.count);
            }
        }
        // Each rule both fired and held its peace at some of the instants.
        for (const Rule &rule : {fresh, volume, copies}) {
            QVERIFY2(fired.value(rule.id) > 0, qPrintable(rule.id));
            QVERIFY2(quiet.value(rule.id) > 0, qPrintable(rule.id));
        }
    }
};

QTEST_GUILESS_MAIN(tst_RuleSql)
#include "tst_rulesql.moc"
