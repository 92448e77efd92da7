// Customers read from where they live: a billing database laid out as DogDB's
// (customer_accounts, customer_pricing_plans with free $0 / medium $50 / enterprise $500,
// customer_licenses whose license_data JSON was pasted with typographic quotes), on a real
// PostgreSQL server. What can be read is; the rest is reported with its row and reason.

#include "cli.h"
#include "commands/commands.h"
#include "domain/clock.h"
#include "domain/enginestatus.h"
#include "engine/engineworker.h"
#include "sources/customerqueryreader.h"
#include "storage/database.h"
#include "workspace/workspacereader.h"
#include "workspace/workspacewriter.h"

#include "pgtestdatabase.h"
#include "runningworker.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace wk;

namespace {

// What the accounts' licenses say, as the source document wrote them: curly quotes.
const char *const dogDb = R"SQL(
DROP SCHEMA IF EXISTS billing CASCADE;
CREATE SCHEMA billing;
CREATE TABLE billing.customer_pricing_plans (id INTEGER PRIMARY KEY, name TEXT NOT NULL,
                                             monthly_price NUMERIC(10, 2) NOT NULL);
INSERT INTO billing.customer_pricing_plans VALUES (1, 'free', 0), (2, 'medium', 50),
                                                  (3, 'enterprise', 500);
CREATE TABLE billing.customer_accounts (id TEXT PRIMARY KEY, name TEXT NOT NULL,
                                        churned_at TIMESTAMPTZ);
INSERT INTO billing.customer_accounts VALUES
  ('c-001', 'Northwind Traders', NULL),
  ('c-002', 'Globex', NULL),
  ('c-003', 'Initech', '2026-10-01 00:00+00'),
  ('c-004', 'Umbrella', NULL),
  ('c-005', 'Hooli', NULL),
  ('c-006', 'Vandelay Industries', NULL);
CREATE TABLE billing.customer_licenses (account_id TEXT NOT NULL, plan_id INTEGER,
                                        license_data TEXT);
INSERT INTO billing.customer_licenses VALUES
  ('c-001', 3, '{“seats”: 40, “status”: “active”, “owner”: “Ann O’Neil”}'),
  ('c-002', 3, '{"seats": 25, "status": "active"}'),
  ('c-003', 2, '{“seats”: 5, “status”: “cancelled”}'),
  ('c-004', 2, '{“seats”: 8, “status”: active}'),
  ('c-005', 1, NULL),
  ('c-006', NULL, '{“plan”: “medium”, “price”: 50, “status”: “churned”}');
)SQL";

QString demoText()
{
    QFile f(QStringLiteral(WK_SOURCE_DIR "/resources/demo/workspace.yaml"));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("no demo workspace");
    return QString::fromUtf8(f.readAll());
}

// The demo workspace, beside copies of the files it names, with its customers list
// replaced by the given block: its path.
QString writeWithCustomers(const QString &block, const QTemporaryDir &dir, const QString &name)
{
    QString text = demoText();
    const QRegularExpression list(QStringLiteral("^customers:\\n(  - .*\\n)+"),
                                  QRegularExpression::MultilineOption);
    text.replace(list, block);
    const QDir demo(QStringLiteral(WK_SOURCE_DIR "/resources/demo"));
    for (const QString &f : demo.entryList(QDir::Files))
        QFile::copy(demo.filePath(f), dir.filePath(f));
    QFile out(dir.filePath(name));
    if (!out.open(QIODevice::WriteOnly))
        qFatal("cannot write the workspace");
    out.write(text.toUtf8());
    return out.fileName();
}

WorkspaceLoadResult withCustomers(const QString &block, const QString &name)
{
    QTemporaryDir dir;
    return WorkspaceReader::readFile(writeWithCustomers(block, dir, name));
}

} // namespace

class tst_CustomerQuery : public QObject
{
    Q_OBJECT

    std::unique_ptr<test::PgTestDatabase> m_pg;
    std::unique_ptr<Database> m_db;

    CustomerQuery query(const QString &sql) const
    {
        CustomerQuery q;
        q.connection = m_pg->url();
        q.query = sql;
        q.timeoutSeconds = 5;
        return q;
    }

private slots:
    void initTestCase()
    {
        m_pg = std::make_unique<test::PgTestDatabase>();
        QVERIFY2(m_pg->isValid(), qPrintable(m_pg->error()));
        QString error;
        m_db = Database::open(m_pg->url(), &error);
        QVERIFY2(m_db, qPrintable(error));
        QSqlQuery q(m_db->connection());
        for (const QString &statement : QString::fromUtf8(dogDb).split(QLatin1Char(';'))) {
            if (!statement.trimmed().isEmpty())
                QVERIFY2(q.exec(statement), qPrintable(q.lastError().text() + statement));
        }
    }

    // The columns say plan, price and whether the account churned; license_data is read for
    // what they leave open, and a license that is not JSON even with its quotes made
    // straight is reported, its row still read from the columns.
    void readsWhatItCanAndReportsTheRest()
    {
        const auto r = CustomerQueryReader::run(query(QStringLiteral(R"(
            SELECT a.id, a.name, p.name AS plan, p.monthly_price AS monthly_revenue,
                   a.churned_at IS NOT NULL AS churned, l.license_data
            FROM billing.customer_accounts a
            JOIN billing.customer_licenses l ON l.account_id = a.id
            LEFT JOIN billing.customer_pricing_plans p ON p.id = l.plan_id
            ORDER BY a.id)")),
                                                QString());
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QCOMPARE(r.customers.size(), 6);
        const Customer &northwind = r.customers.at(0);
        QCOMPARE(northwind.id, QStringLiteral("c-001"));
        QCOMPARE(northwind.name, QStringLiteral("Northwind Traders"));
        QCOMPARE(northwind.plan, QStringLiteral("enterprise"));
        QCOMPARE(northwind.monthlyRevenue, 500.0);
        QVERIFY(!northwind.churned);
        QVERIFY(r.customers.at(2).churned); // Initech: churned_at is set
        QCOMPARE(r.customers.at(4).plan, QStringLiteral("free"));
        QCOMPARE(r.customers.at(4).monthlyRevenue, 0.0);
        // Vandelay has no plan row: its license gives plan and price.
        QCOMPARE(r.customers.at(5).plan, QStringLiteral("medium"));
        QCOMPARE(r.customers.at(5).monthlyRevenue, 50.0);
        QVERIFY(!r.customers.at(5).churned); // the churned column said no

        QCOMPARE(r.problems.size(), 1);
        const Diagnostic &p = r.problems.first();
        QCOMPARE(p.file, QStringLiteral("customers query"));
        QCOMPARE(p.line, 4);
        QVERIFY2(p.message.contains(QStringLiteral("customer 'c-004'")) &&
                     p.message.contains(QStringLiteral("license_data is not JSON")),
                 qPrintable(p.message));
        QCOMPARE(r.customers.at(3).plan, QStringLiteral("medium"));
    }

    // Without the columns, the license decides: its status says who churned.
    void theLicenseFillsWhatTheColumnsDoNotGive()
    {
        const auto r = CustomerQueryReader::run(query(QStringLiteral(R"(
            SELECT a.id AS customer_id, a.name, l.license_data
            FROM billing.customer_accounts a
            JOIN billing.customer_licenses l ON l.account_id = a.id
            ORDER BY a.id)")),
                                                QString());
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QCOMPARE(r.customers.size(), 6);
        QVERIFY(!r.customers.at(0).churned);
        QVERIFY(r.customers.at(2).churned); // "cancelled"
        QVERIFY(r.customers.at(5).churned); // "churned"
        QCOMPARE(r.customers.at(5).monthlyRevenue, 50.0);
    }

    void badRowsAreLeftOutWithTheirReason()
    {
        const auto r = CustomerQueryReader::run(query(QStringLiteral(R"(
            SELECT * FROM (VALUES ('c-1', 'One', 'medium', '50'),
                                  (NULL, 'Nobody', 'free', '0'),
                                  ('c-2', 'Two', 'enterprise', 'five hundred'),
                                  ('c-1', 'One again', 'free', '0'),
                                  ('c-3', 'Three', 'free', '-4'))
                     AS t (id, name, plan, monthly_revenue))")),
                                                QString());
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QCOMPARE(r.customers.size(), 1);
        QCOMPARE(r.customers.first().name, QStringLiteral("One"));
        QStringList seen;
        for (const Diagnostic &d : r.problems)
            seen << QStringLiteral("%1: %2").arg(d.line).arg(d.message);
        QCOMPARE(seen.size(), 4);
        QVERIFY2(seen.at(0).startsWith(QStringLiteral("2: no id")), qPrintable(seen.at(0)));
        QVERIFY2(seen.at(1).startsWith(QStringLiteral("3: customer 'c-2': monthly revenue 'five "
                                                      "hundred' is not an amount")),
                 qPrintable(seen.at(1)));
        QVERIFY2(seen.at(2).contains(QStringLiteral("given again (first in row 1)")),
                 qPrintable(seen.at(2)));
        QVERIFY2(seen.at(3).startsWith(QStringLiteral("5: customer 'c-3'")),
                 qPrintable(seen.at(3)));
    }

    // A query that cannot run reads nothing, and says why without the password.
    void failuresReadNothing()
    {
        auto r = CustomerQueryReader::run(
            query(QStringLiteral("SELECT name FROM billing.customer_accounts")), QString());
        QVERIFY(r.customers.isEmpty());
        QVERIFY2(r.error.contains(QStringLiteral("no 'id' or 'customer_id' column (it returns: "
                                                 "name)")),
                 qPrintable(r.error));

        r = CustomerQueryReader::run(query(QStringLiteral("SELECT id FROM billing.nowhere")),
                                     QString());
        QVERIFY2(r.error.contains(QStringLiteral("the customers query failed")),
                 qPrintable(r.error));

        CustomerQuery slow = query(QStringLiteral("SELECT 'c' AS id, pg_sleep(5)"));
        slow.timeoutSeconds = 1;
        r = CustomerQueryReader::run(slow, QString());
        QVERIFY2(r.error.contains(QStringLiteral("statement timeout")), qPrintable(r.error));

        CustomerQuery closed = query(QStringLiteral("SELECT 'c' AS id"));
        closed.connection = QStringLiteral("postgresql://billing@127.0.0.1:1/billing");
        r = CustomerQueryReader::run(closed, QStringLiteral("s3cret"));
        QVERIFY2(r.error.startsWith(QStringLiteral("cannot connect to postgresql://billing@")),
                 qPrintable(r.error));
        QVERIFY(!r.error.contains(QStringLiteral("s3cret")));
    }

    // From the command line: the customers listed from the query, the unreadable row said
    // on standard error (exit 1), and the burst rule's SQL ranking by the billing revenue.
    void theCommandsReadTheQuery()
    {
        QTemporaryDir dir;
        const QString path = writeWithCustomers(
            QStringLiteral("customers:\n"
                           "  connection: %1\n"
                           "  timeout: 5s\n"
                           "  query: >-\n"
                           "    SELECT a.id, a.name, p.name AS plan, p.monthly_price AS "
                           "monthly_revenue, l.license_data\n"
                           "    FROM billing.customer_accounts a JOIN billing.customer_licenses l "
                           "ON l.account_id = a.id\n"
                           "    LEFT JOIN billing.customer_pricing_plans p ON p.id = l.plan_id "
                           "ORDER BY a.id\n")
                .arg(m_pg->url()),
            dir, QStringLiteral("billing.yaml"));
        const QString csv = dir.filePath(QStringLiteral("customers.csv"));
        QCOMPARE(cli::customers({QStringLiteral("watchkeeper customers"),
                                 QStringLiteral("--workspace"), path, QStringLiteral("--format"),
                                 QStringLiteral("csv"), QStringLiteral("-o"), csv}),
                 int(cli::Findings));
        QFile f(csv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(f.readAll()).trimmed().split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 7);
        QCOMPARE(lines.at(1), QStringLiteral("c-001,Northwind Traders,enterprise,500,false"));
        QCOMPARE(lines.at(6), QStringLiteral("c-006,Vandelay Industries,medium,50,true"));

        const QString sql = dir.filePath(QStringLiteral("burst.sql"));
        QCOMPARE(cli::sql({QStringLiteral("watchkeeper sql"), QStringLiteral("--workspace"), path,
                           QStringLiteral("--rule"), QStringLiteral("user-facing-errors"),
                           QStringLiteral("-o"), sql}),
                 int(cli::Ok));
        QFile s(sql);
        QVERIFY(s.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(s.readAll());
        QVERIFY2(text.contains(QStringLiteral("('c-001', 500.0)")), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("the workspace's 6")));
    }

    // The leading console reads them on start, hands them to the list and shows the query
    // among its sources, with the row it could not read in full.
    void theConsoleReadsThemAsASource()
    {
        Workspace ws = test::demoWorkspace();
        ws.customers.clear();
        ws.customerQuery = query(QStringLiteral(
            "SELECT a.id, a.name, p.name AS plan, p.monthly_price AS monthly_revenue, "
            "l.license_data FROM billing.customer_accounts a JOIN billing.customer_licenses l "
            "ON l.account_id = a.id LEFT JOIN billing.customer_pricing_plans p ON p.id = "
            "l.plan_id ORDER BY a.id"));
        QTemporaryDir dir;
        ManualClock clock(SystemClock().now());
        test::RunningWorker r(ws, dir.filePath(QStringLiteral("store.sqlite")), &clock);
        QSignalSpy changed(r.worker, &EngineWorker::customersChanged);
        // Taken on this thread: a spy fills on the worker's, and its list may not be read
        // while it grows.
        SourceHealth health;
        connect(
            r.worker, &EngineWorker::statusChanged, this,
            [&health](const EngineStatus &s) {
                for (const SourceHealth &h : s.sources) {
                    if (h.id == QLatin1String("customers") && h.delivered == 6)
                        health = h;
                }
            },
            Qt::QueuedConnection);
        QMetaObject::invokeMethod(r.worker, &EngineWorker::start);
        QVERIFY(test::arrived(changed, 1, 20000));
        const auto customers = changed.first().first().value<QList<Customer>>();
        QCOMPARE(customers.size(), 6);
        QCOMPARE(customers.at(5).monthlyRevenue, 50.0);
        QVERIFY(QTest::qWaitFor([&] { return health.delivered == 6; }, 20000));
        QVERIFY(!health.failing());
        QVERIFY2(health.note.contains(QStringLiteral("1 row(s) not read in full, the first row 4")),
                 qPrintable(health.note));
        QVERIFY2(health.where.startsWith(QStringLiteral("customers from postgresql://")),
                 qPrintable(health.where));
    }

    void straightQuotes()
    {
        QCOMPARE(CustomerQueryReader::straightQuotes(QStringLiteral("{“a”: „b‟, “c”: “O’Neil”}")),
                 QStringLiteral("{\"a\": \"b\", \"c\": \"O’Neil\"}"));
    }

    // customers: as a query in the workspace file, written back the same, its mistakes
    // located.
    void theWorkspaceNamesTheQuery()
    {
        const auto read =
            withCustomers(QStringLiteral("customers:\n"
                                         "  connection: postgresql://billing@db.internal/billing\n"
                                         "  credential: keychain\n"
                                         "  interval: 30m\n"
                                         "  query: |\n"
                                         "    SELECT id, name FROM customer_accounts\n"),
                          QStringLiteral("w.yaml"));
        QVERIFY2(read.ok(), qPrintable(formatDiagnostics(read.diagnostics)));
        const CustomerQuery &q = read.workspace->customerQuery;
        QCOMPARE(q.connection, QStringLiteral("postgresql://billing@db.internal/billing"));
        QCOMPARE(q.query, QStringLiteral("SELECT id, name FROM customer_accounts"));
        QCOMPARE(q.intervalSeconds, 1800);
        QCOMPARE(q.timeoutSeconds, 30);
        QCOMPARE(q.credential, QStringLiteral("keychain"));
        QVERIFY(read.workspace->customers.isEmpty());
        const auto again = WorkspaceReader::readText(WorkspaceWriter::toYaml(*read.workspace),
                                                     QStringLiteral("again.yaml"));
        QVERIFY2(again.ok(), qPrintable(formatDiagnostics(again.diagnostics)));
        QCOMPARE(again.workspace->customerQuery, q);

        const auto bad =
            withCustomers(QStringLiteral("customers:\n"
                                         "  connection: postgresql://billing:hunter2@db/billing\n"
                                         "  credential: vault\n"
                                         "  interval: 10s\n"
                                         "  query: SELECT 1\n"),
                          QStringLiteral("bad.yaml"));
        QVERIFY(!bad.ok());
        const QString all = formatDiagnostics(bad.diagnostics);
        QVERIFY2(all.contains(QStringLiteral("bad.yaml:86:15: error: the connection of the "
                                             "customers query contains a password")),
                 qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("bad.yaml:87:15: error: 'credential' of the customers "
                                             "query can only be 'keychain', not 'vault'")),
                 qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("bad.yaml:88:13: error: 'interval' of the customers "
                                             "query must be at least 1m")),
                 qPrintable(all));
    }
};

QTEST_GUILESS_MAIN(tst_CustomerQuery)
#include "tst_customerquery.moc"
