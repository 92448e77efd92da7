#include "pgtestdatabase.h"

#include "storage/database.h"
#include "storage/rowstatement.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <limits>

using namespace wk;

// The statements the store's hottest writes run through: the same values in and out on
// SQLite (through SQLite's own interface) and PostgreSQL (through Qt), inside the
// connection's transaction, and errors that say what went wrong.
class tst_RowStatement : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<test::PgTestDatabase> m_pg;
    std::unique_ptr<Database> m_db;

    static constexpr const char *insertSql =
        "INSERT INTO probe (id, big, ratio, label, maybe) VALUES (?, ?, ?, ?, ?)";

    QVariantList row(qint64 id)
    {
        QSqlQuery q(m_db->connection());
        q.prepare(QStringLiteral("SELECT big, ratio, label, maybe FROM probe WHERE id = ?"));
        q.addBindValue(id);
        if (!q.exec() || !q.next())
            return {};
        return {q.value(0), q.value(1), q.value(2), q.value(3)};
    }

    qint64 rows()
    {
        QSqlQuery q(m_db->connection());
        return q.exec(QStringLiteral("SELECT COUNT(*) FROM probe")) && q.next()
                   ? q.value(0).toLongLong()
                   : -1;
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
        QString where;
        if (backend == QLatin1String("sqlite")) {
            where = m_dir.filePath(QStringLiteral("%1.sqlite").arg(QTest::currentTestFunction()));
        } else {
            m_pg = std::make_unique<test::PgTestDatabase>();
            QVERIFY2(m_pg->isValid(), qPrintable(m_pg->error()));
            where = m_pg->url();
        }
        QString error;
        m_db = Database::open(where, &error);
        QVERIFY2(m_db, qPrintable(error));
        QSqlQuery q(m_db->connection());
        QVERIFY(q.exec(QStringLiteral("CREATE TABLE probe (id BIGINT PRIMARY KEY, big BIGINT NOT "
                                      "NULL, ratio DOUBLE PRECISION NOT NULL, label TEXT NOT "
                                      "NULL, maybe BIGINT)")));
        QVERIFY(q.exec(QStringLiteral("CREATE TABLE named (name TEXT NOT NULL)")));
    }

    void cleanup()
    {
        m_db.reset();
        m_pg.reset();
    }

    void valuesRoundTrip()
    {
        QString error;
        RowStatement *insert = m_db->statement(QLatin1String(insertSql), &error);
        QVERIFY2(insert, qPrintable(error));
        QCOMPARE(insert->isNative(), m_db->backend() == Database::Backend::Sqlite);
        const QString text = QStringLiteral("Zoë's \"quote\" \U0001F4DF, 5%, a\ttab; DROP TABLE x");
        insert->bind(0, qint64(1));
        insert->bind(1, std::numeric_limits<qint64>::max());
        insert->bind(2, 1234.5);
        insert->bind(3, text);
        insert->bind(4, std::optional<qint64>(std::numeric_limits<qint64>::min()));
        QVERIFY2(insert->exec(), qPrintable(insert->error()));
        // Run again with other values: nothing of the first run's is left bound.
        insert->bind(0, qint64(2));
        insert->bind(1, -7);
        insert->bind(2, 0.0);
        insert->bind(3, QString()); // null: stored as '', the store's columns are NOT NULL
        insert->bind(4, std::optional<qint64>());
        QVERIFY2(insert->exec(), qPrintable(insert->error()));

        const QVariantList first = row(1);
        QCOMPARE(first.size(), 4);
        QCOMPARE(first.at(0).toLongLong(), std::numeric_limits<qint64>::max());
        QCOMPARE(first.at(1).toDouble(), 1234.5);
        QCOMPARE(first.at(2).toString(), text);
        QCOMPARE(first.at(3).toLongLong(), std::numeric_limits<qint64>::min());
        const QVariantList second = row(2);
        QCOMPARE(second.size(), 4);
        QCOMPARE(second.at(0).toLongLong(), -7);
        QCOMPARE(second.at(2).toString(), QString(QLatin1String("")));
        QVERIFY(!second.at(2).isNull());
        QVERIFY(second.at(3).isNull());
    }

    void oneStatementPerTextUntilReconnect()
    {
        QString error;
        RowStatement *a = m_db->statement(QLatin1String(insertSql), &error);
        QVERIFY2(a, qPrintable(error));
        QCOMPARE(m_db->statement(QLatin1String(insertSql), &error), a);
        QVERIFY(m_db->statement(QStringLiteral("SELECT 1"), &error) != a);
        // A reconnect finalizes them first; the next one is prepared on the new connection.
        QVERIFY2(m_db->reconnect(&error), qPrintable(error));
        RowStatement *b = m_db->statement(QLatin1String(insertSql), &error);
        QVERIFY2(b, qPrintable(error));
        b->bind(0, qint64(3));
        b->bind(1, 3);
        b->bind(2, 3.0);
        b->bind(3, QStringLiteral("after"));
        b->bindNull(4);
        QVERIFY2(b->exec(), qPrintable(b->error()));
        QCOMPARE(row(3).value(2).toString(), QStringLiteral("after"));
    }

    void joinsTheConnectionsTransaction()
    {
        QString error;
        RowStatement *insert = m_db->statement(QLatin1String(insertSql), &error);
        QVERIFY2(insert, qPrintable(error));
        QSqlDatabase db = m_db->connection();
        QVERIFY(db.transaction());
        insert->bind(0, qint64(1));
        insert->bind(1, 1);
        insert->bind(2, 1.0);
        insert->bind(3, QStringLiteral("rolled back"));
        insert->bindNull(4);
        QVERIFY2(insert->exec(), qPrintable(insert->error()));
        QCOMPARE(rows(), 1); // seen inside the transaction: the same connection
        QVERIFY(db.rollback());
        QCOMPARE(rows(), 0);
    }

    void refusalsSayWhy()
    {
        QString error;
        QVERIFY(!m_db->statement(QStringLiteral("INSERT INTO nowhere (id) VALUES (?)"), &error));
        QVERIFY2(error.contains(QLatin1String("nowhere")), qPrintable(error));

        RowStatement *insert = m_db->statement(QLatin1String(insertSql), &error);
        QVERIFY2(insert, qPrintable(error));
        for (int attempt = 0; attempt < 2; ++attempt) {
            insert->bind(0, qint64(9));
            insert->bind(1, 1);
            insert->bind(2, 1.0);
            insert->bind(3, QStringLiteral("once"));
            insert->bindNull(4);
            const bool ok = insert->exec();
            QCOMPARE(ok, attempt == 0);
        }
        // The key already there: both backends name the constraint's kind.
        QVERIFY2(insert->error().contains(QLatin1String("unique"), Qt::CaseInsensitive) ||
                     insert->error().contains(QLatin1String("duplicate"), Qt::CaseInsensitive),
                 qPrintable(insert->error()));
        // A key never becomes '' by accident: a null one is NULL, which the column refuses.
        RowStatement *keyed =
            m_db->statement(QStringLiteral("INSERT INTO named (name) VALUES (?)"), &error);
        QVERIFY2(keyed, qPrintable(error));
        keyed->bindKey(0, QString());
        QVERIFY(!keyed->exec());
        QVERIFY(!keyed->error().isEmpty());
        // And the statement still works after the refusal.
        insert->bind(0, qint64(10));
        insert->bind(1, 1);
        insert->bind(2, 1.0);
        insert->bind(3, QStringLiteral("twice"));
        insert->bindNull(4);
        QVERIFY2(insert->exec(), qPrintable(insert->error()));
        QCOMPARE(rows(), 2);
    }
};

QTEST_GUILESS_MAIN(tst_RowStatement)
#include "tst_rowstatement.moc"
