#include "demoworkspace.h"
#include "domain/clock.h"
#include "engine/engineworker.h"
#include "engine/rules/sqlassertionevaluator.h"
#include "keychain/credentialstore.h"
#include "keychainsession.h"
#include "pgtestdatabase.h"
#include "runningworker.h"
#include "sources/sqlfreshnessprobe.h"
#include "storage/database.h"
#include "waitfor.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QUrl>
#include <QtTest>

#include <memory>

using namespace wk;
using wk::test::waitFor;

namespace {

const QString probePassword = QStringLiteral("correct horse 'battery\" staple");

} // namespace

class tst_SqlProbe : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<test::KeychainSession> m_keychain;
    std::unique_ptr<test::PgTestDatabase> m_pg;
    QString m_probeUrl; // the warehouse as the probe's own login, without its password
    TimestampNs m_newest = 0;

    DataSource source(const QString &table, const QString &column = QStringLiteral("loaded_at"))
    {
        DataSource s;
        s.id = QStringLiteral("warehouse");
        s.kind = DataSource::Kind::Sql;
        s.connection = m_probeUrl;
        s.table = table;
        s.timeColumn = column;
        s.credential = QStringLiteral("keychain");
        return s;
    }

private slots:
    // An sql rule's query runs where it cannot write: a check that deletes rows by mistake
    // fails, and says why, instead of changing the warehouse.
    void sqlRulesCannotWrite()
    {
        test::PgTestDatabase pg;
        QVERIFY2(pg.isValid(), qPrintable(pg.error()));
        Rule rule;
        rule.id = QStringLiteral("careless");
        rule.kind = Rule::Kind::Sql;
        rule.connection = pg.url();
        rule.query = QStringLiteral("CREATE TABLE scratch (x int)");
        SqlAssertionEvaluator check(rule);
        RuleOutcome out;
        check.evaluate(1, out);
        QCOMPARE(out.fire.size(), 1);
        QVERIFY2(out.fire.first().evidence.contains(QStringLiteral("read-only")),
                 qPrintable(out.fire.first().evidence));
        QString error;
        auto db = Database::open(pg.url(), &error);
        QVERIFY2(db, qPrintable(error));
        QSqlQuery q(db->connection());
        QVERIFY(q.exec(QStringLiteral("SELECT to_regclass('scratch') IS NULL")) && q.next());
        QVERIFY(q.value(0).toBool()); // nothing was created
    }

    void initTestCase()
    {
        EngineWorker::registerTypes();
        m_keychain = std::make_unique<test::KeychainSession>();
        QVERIFY2(m_keychain->isValid(), qPrintable(m_keychain->error()));
        m_pg = std::make_unique<test::PgTestDatabase>();
        QVERIFY2(m_pg->isValid(), qPrintable(m_pg->error()));
        QString error;
        auto db = Database::open(m_pg->url(), &error);
        QVERIFY2(db, qPrintable(error));
        QSqlQuery q(db->connection());
        // A login that must give its password (see pgcluster.sh), reading one schema.
        QString quoted = probePassword;
        quoted.replace(QLatin1Char('\''), QStringLiteral("''"));
        for (const QString &sql :
             {QStringLiteral("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = "
                             "'wk_probe') THEN CREATE ROLE wk_probe LOGIN; END IF; END $$"),
              QStringLiteral("ALTER ROLE wk_probe PASSWORD '%1'").arg(quoted),
              QStringLiteral("CREATE SCHEMA analytics"),
              QStringLiteral("CREATE TABLE analytics.orders (id int, loaded_at timestamptz)"),
              QStringLiteral("INSERT INTO analytics.orders VALUES (1, '2026-01-01T09:00:00Z'), "
                             "(2, '2026-01-01T10:30:00Z'), (3, NULL)"),
              QStringLiteral("CREATE TABLE analytics.victims (id int)"),
              QStringLiteral("CREATE TABLE analytics.empty (loaded_at timestamptz)"),
              QStringLiteral("CREATE VIEW analytics.slow AS SELECT now() AS loaded_at FROM "
                             "pg_sleep(5)"),
              QStringLiteral("GRANT USAGE ON SCHEMA analytics TO wk_probe"),
              QStringLiteral("GRANT SELECT ON ALL TABLES IN SCHEMA analytics TO wk_probe")}) {
            QVERIFY2(q.exec(sql), qPrintable(sql + QStringLiteral(": ") + q.lastError().text()));
        }
        QUrl url(m_pg->url());
        url.setUserName(QStringLiteral("wk_probe"));
        url.setPassword({});
        m_probeUrl = url.toString();
        m_newest = *parseTimestamp("2026-01-01T10:30:00Z");
    }

    void passwordsLiveInTheKeychain()
    {
        QString text;
        QVERIFY(!CredentialStore::readNow(QStringLiteral("warehouse"), &text));
        QVERIFY(!text.isEmpty()); // the keychain's reason
        QVERIFY2(CredentialStore::writeNow(QStringLiteral("warehouse"), probePassword, &text),
                 qPrintable(text));
        QVERIFY(CredentialStore::readNow(QStringLiteral("warehouse"), &text));
        QCOMPARE(text, probePassword);
    }

    void probesTheNewestRowWithTheKeychainPassword()
    {
        SqlFreshnessProbe::Result r =
            SqlFreshnessProbe::run(source(QStringLiteral("analytics.orders")), probePassword);
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QCOMPARE(r.newest, m_newest);

        r = SqlFreshnessProbe::run(source(QStringLiteral("analytics.empty")), probePassword);
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QVERIFY(!r.newest);

        r = SqlFreshnessProbe::run(source(QStringLiteral("analytics.orders")),
                                   QStringLiteral("wrong"));
        QVERIFY2(r.error.contains(QStringLiteral("password authentication failed")),
                 qPrintable(r.error));
        QVERIFY(!r.error.contains(QStringLiteral("wrong")));

        r = SqlFreshnessProbe::run(
            source(QStringLiteral("analytics.orders"), QStringLiteral("nope")), probePassword);
        QVERIFY2(r.error.contains(QStringLiteral("has no table analytics.orders with a column "
                                                 "nope")),
                 qPrintable(r.error));
    }

    void namesNeverBecomeSql()
    {
        const QString hostile =
            QStringLiteral("analytics.orders\"; DROP TABLE analytics.victims; --");
        SqlFreshnessProbe::Result r = SqlFreshnessProbe::run(source(hostile), probePassword);
        QVERIFY(!r.error.isEmpty());
        r = SqlFreshnessProbe::run(
            source(QStringLiteral("analytics.orders"),
                   QStringLiteral(
                       "loaded_at\") FROM analytics.orders; DROP TABLE analytics.victims; --")),
            probePassword);
        QVERIFY(!r.error.isEmpty());
        QCOMPARE(SqlFreshnessProbe::quoteQualified(QStringLiteral("a.b\"c")),
                 QStringLiteral("\"a\".\"b\"\"c\""));
        // The table the names tried to drop is still there.
        QString error;
        auto db = Database::open(m_pg->url(), &error);
        QSqlQuery q(db->connection());
        QVERIFY2(q.exec(QStringLiteral("SELECT count(*) FROM analytics.victims")),
                 qPrintable(q.lastError().text()));
    }

    void aSlowWarehouseTimesOut()
    {
        DataSource slow = source(QStringLiteral("analytics.slow"));
        slow.timeoutSeconds = 1;
        QElapsedTimer timer;
        timer.start();
        const SqlFreshnessProbe::Result r = SqlFreshnessProbe::run(slow, probePassword);
        QVERIFY2(r.error.contains(QStringLiteral("statement timeout")), qPrintable(r.error));
        QVERIFY(timer.elapsed() < 4000); // the view sleeps 5 s
    }

    // The console: the probe's newest row feeds a freshness rule; a source whose password
    // is missing from the keychain is an alert of its own.
    void theEngineAlertsOnAStaleWarehouseTable()
    {
        QTemporaryDir dir;
        Workspace ws = test::demoWorkspaceWithRules({});
        ws.sources.append(source(QStringLiteral("analytics.orders")));
        Rule fresh;
        fresh.id = QStringLiteral("orders-fresh");
        fresh.kind = Rule::Kind::Freshness;
        fresh.pipeline = QStringLiteral("profit-unit");
        fresh.severity = Severity::High;
        fresh.source = QStringLiteral("warehouse");
        fresh.warnAfterSeconds = 3600;
        fresh.errorAfterSeconds = 7200;
        ws.rules = {fresh};
        DataSource locked = source(QStringLiteral("analytics.orders"));
        locked.id = QStringLiteral("no-password");
        ws.sources.append(locked);
        ManualClock clock(m_newest + 3 * 3600 * nanosPerSecond);
        // Stopped and joined however the test ends.
        test::RunningWorker running(ws, dir.filePath(QStringLiteral("s.sqlite")), &clock);
        EngineWorker *worker = running.worker;
        QHash<QString, Alert> seen;
        connect(worker, &EngineWorker::alertsChanged, this, [&](const QList<Alert> &changed) {
            for (const Alert &a : changed)
                seen.insert(a.dedupKey, a);
        });
        EngineStatus status;
        connect(worker, &EngineWorker::statusChanged, this,
                [&](const EngineStatus &s) { status = s; });
        QMetaObject::invokeMethod(worker, &EngineWorker::start);
        QVERIFY2(waitFor(
                     [&] {
                         return seen.contains(QStringLiteral("orders-fresh/warehouse")) &&
                                seen.contains(QStringLiteral("source/no-password"));
                     },
                     15000),
                 qPrintable(QStringList(seen.keys()).join(QStringLiteral(", "))));
        const Alert stale = seen.value(QStringLiteral("orders-fresh/warehouse"));
        QCOMPARE(stale.severity, Severity::High); // 3 h old: past error_after
        QVERIFY2(seen.value(QStringLiteral("source/no-password"))
                     .evidence.contains(QStringLiteral("watchkeeper credentials set --source "
                                                       "no-password")),
                 qPrintable(seen.value(QStringLiteral("source/no-password")).evidence));
        QVERIFY(waitFor(
            [&] {
                for (const SourceHealth &h : status.sources) {
                    if (h.id == QLatin1String("warehouse"))
                        return h.newestData == m_newest && !h.failing();
                }
                return false;
            },
            5000));
    }

    void theCommandLineStoresAndChecksThePassword()
    {
        QTemporaryDir dir;
        const QString workspace = dir.filePath(QStringLiteral("ws.yaml"));
        QFile f(workspace);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QStringLiteral("version: 1\nname: probe\nsources:\n"
                               "  - {id: dwh, kind: sql, connection: '%1', table: analytics.orders,"
                               " time_column: loaded_at, credential: keychain}\n")
                    .arg(m_probeUrl)
                    .toUtf8());
        f.close();
        auto run = [&](const QStringList &args, const QByteArray &input = {}) {
            QProcess p;
            p.start(QStringLiteral(WK_BINARY), args);
            p.write(input);
            p.closeWriteChannel();
            p.waitForFinished(30000);
            return std::pair{p.exitCode(), QString::fromUtf8(p.readAllStandardOutput() +
                                                             p.readAllStandardError())};
        };
        auto [code, text] =
            run({QStringLiteral("credentials"), QStringLiteral("check"), QStringLiteral("--source"),
                 QStringLiteral("dwh"), QStringLiteral("--workspace"), workspace});
        QCOMPARE(code, 3);
        QVERIFY2(text.contains(QStringLiteral("cannot read the password")), qPrintable(text));
        std::tie(code, text) =
            run({QStringLiteral("credentials"), QStringLiteral("set"), QStringLiteral("--source"),
                 QStringLiteral("dwh"), QStringLiteral("--workspace"), workspace},
                probePassword.toUtf8() + '\n');
        QCOMPARE(code, 0);
        std::tie(code, text) =
            run({QStringLiteral("credentials"), QStringLiteral("check"), QStringLiteral("--source"),
                 QStringLiteral("dwh"), QStringLiteral("--workspace"), workspace});
        QVERIFY2(code == 0, qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("newest loaded_at in analytics.orders is "
                                              "2026-01-01T10:30:00Z")),
                 qPrintable(text));
        std::tie(code, text) =
            run({QStringLiteral("credentials"), QStringLiteral("set"), QStringLiteral("--source"),
                 QStringLiteral("nosuch"), QStringLiteral("--workspace"), workspace},
                "x\n");
        QCOMPARE(code, 2);
        QVERIFY(text.contains(QStringLiteral("has no sql source 'nosuch'")));
        // The workspace file never saw the password.
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(!f.readAll().contains("horse"));
    }

    void cleanupTestCase()
    {
        m_pg.reset();
        m_keychain.reset();
    }
};

QTEST_GUILESS_MAIN(tst_SqlProbe)
#include "tst_sqlprobe.moc"
