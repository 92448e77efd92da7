#include "pgtestdatabase.h"
#include "storage/database.h"
#include "storage/workspacestore.h"
#include "workspace/workspacereader.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace wk;

namespace {
Workspace demo()
{
    auto result =
        WorkspaceReader::readFile(QStringLiteral(WK_SOURCE_DIR "/resources/demo/workspace.yaml"));
    Q_ASSERT(result.ok());
    return *result.workspace;
}
} // namespace

// Every case runs on both backends: the same schema and behaviour on SQLite and PostgreSQL.
class tst_Storage : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::unique_ptr<test::PgTestDatabase> m_pg;

    QString location()
    {
        QFETCH_GLOBAL(QString, backend);
        if (backend == QLatin1String("sqlite"))
            return m_dir.filePath(QStringLiteral("%1.sqlite").arg(QTest::currentTestFunction()));
        m_pg = std::make_unique<test::PgTestDatabase>();
        return m_pg->url();
    }

private slots:
    void initTestCase_data()
    {
        QTest::addColumn<QString>("backend");
        QTest::newRow("sqlite") << QStringLiteral("sqlite");
        QTest::newRow("postgres") << QStringLiteral("postgres");
    }

    void init()
    {
        QFETCH_GLOBAL(QString, backend);
        if (backend == QLatin1String("postgres")) {
            test::PgTestDatabase probe;
            QVERIFY2(probe.isValid(), qPrintable(probe.error()));
        }
    }

    void cleanup() { m_pg.reset(); }

    void migratesAtOpen()
    {
        const QString where = location();
        QString error;
        {
            auto db = Database::open(where, &error);
            QVERIFY2(db, qPrintable(error));
            QCOMPARE(db->schemaVersion(), Database::latestSchemaVersion());
        }
        // Opening again finds the schema current and changes nothing.
        auto db = Database::open(where, &error);
        QVERIFY2(db, qPrintable(error));
        QSqlQuery q(db->connection());
        QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM schema_migrations")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), Database::latestSchemaVersion());
    }

    void refusesNewerSchema()
    {
        const QString where = location();
        QString error;
        {
            auto db = Database::open(where, &error);
            QVERIFY2(db, qPrintable(error));
            QSqlQuery q(db->connection());
            QVERIFY(q.exec(QStringLiteral("INSERT INTO schema_migrations VALUES (999, 'x')")));
        }
        QVERIFY(!Database::open(where, &error));
        QVERIFY2(error.contains(QStringLiteral("schema version 999")), qPrintable(error));
    }

    void importExportRoundTrip()
    {
        QString error;
        auto db = Database::open(location(), &error);
        QVERIFY2(db, qPrintable(error));
        WorkspaceStore store(*db);
        QVERIFY(!store.exportWorkspace(&error));
        QVERIFY2(error.isEmpty(), qPrintable(error));

        const Workspace original = demo();
        QVERIFY2(store.importWorkspace(original, &error), qPrintable(error));
        const auto exported = store.exportWorkspace(&error);
        QVERIFY2(exported, qPrintable(error));
        QCOMPARE(*exported, original);

        // A second import replaces the first completely.
        Workspace smaller = original;
        smaller.name = QStringLiteral("Renamed");
        smaller.runbooks.removeLast();
        smaller.customers.removeFirst();
        smaller.pipelines[1].upstream.clear();
        QVERIFY2(store.importWorkspace(smaller, &error), qPrintable(error));
        QCOMPARE(*store.exportWorkspace(&error), smaller);
    }

    void failedImportChangesNothing()
    {
        QString error;
        auto db = Database::open(location(), &error);
        QVERIFY2(db, qPrintable(error));
        WorkspaceStore store(*db);
        const Workspace original = demo();
        QVERIFY2(store.importWorkspace(original, &error), qPrintable(error));

        // The reader would reject this; the store must not rely on that and still refuses it
        // (a dangling owner breaks a foreign key half-way through the import).
        Workspace broken = original;
        broken.name = QStringLiteral("Half imported");
        broken.pipelines.last().primaryOwner = QStringLiteral("nobody");
        QVERIFY(!store.importWorkspace(broken, &error));
        QVERIFY(!error.isEmpty());
        QCOMPARE(*store.exportWorkspace(&error), original);
    }

    void twoConnectionsShareState()
    {
        const QString where = location();
        QString error;
        auto first = Database::open(where, &error);
        auto second = Database::open(where, &error);
        QVERIFY2(first && second, qPrintable(error));
        QVERIFY2(WorkspaceStore(*first).importWorkspace(demo(), &error), qPrintable(error));
        QCOMPARE(*WorkspaceStore(*second).exportWorkspace(&error), demo());
    }

    void badLocations()
    {
        QFETCH_GLOBAL(QString, backend);
        QString error;
        if (backend == QLatin1String("sqlite")) {
            QVERIFY(!Database::open(QStringLiteral("/proc/no/such/dir/x.sqlite"), &error));
        } else {
            // Nothing listens on port 1.
            QVERIFY(
                !Database::open(QStringLiteral("postgresql://u:secret@127.0.0.1:1/db"), &error));
            QVERIFY2(error.contains(QStringLiteral("cannot connect")), qPrintable(error));
            QVERIFY2(!error.contains(QStringLiteral("secret")), qPrintable(error));
        }
        QVERIFY(!error.isEmpty());
    }
};

QTEST_GUILESS_MAIN(tst_Storage)
#include "tst_storage.moc"
