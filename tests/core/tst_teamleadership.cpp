#include "pgtestdatabase.h"

#include "storage/alertstore.h"
#include "storage/database.h"
#include "storage/teamleadership.h"

#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>

using namespace wk;

// Who leads a team, on a real PostgreSQL server: two consoles' sessions on one store.
class tst_TeamLeadership : public QObject
{
    Q_OBJECT

    std::unique_ptr<test::PgTestDatabase> m_pg;
    std::unique_ptr<Database> m_a;
    std::unique_ptr<Database> m_b;

private slots:
    void init()
    {
        m_pg = std::make_unique<test::PgTestDatabase>();
        QVERIFY2(m_pg->isValid(), qPrintable(m_pg->error()));
        QString error;
        m_a = Database::open(m_pg->url(), &error);
        QVERIFY2(m_a, qPrintable(error));
        m_b = Database::open(m_pg->url(), &error);
        QVERIFY2(m_b, qPrintable(error));
    }

    void cleanup()
    {
        m_a.reset();
        m_b.reset();
        m_pg.reset();
    }

    void oneLeadsUntilItLeaves()
    {
        TeamLeadership a(*m_a), b(*m_b);
        QVERIFY(a.tryToLead());
        QVERIFY(!b.tryToLead());
        QVERIFY(!b.tryToLead());
        a.leave(true);
        QVERIFY(b.tryToLead());
        QVERIFY(!a.tryToLead());
    }

    void joiningNamesTheSession()
    {
        TeamLeadership a(*m_a);
        a.join();
        QSqlQuery q(m_b->connection());
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM pg_stat_activity "
                                      "WHERE application_name = '%1'")
                           .arg(TeamLeadership::consoleName())));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), 1);
        QVERIFY(TeamLeadership::consoleName().contains(
            QString::number(QCoreApplication::applicationPid())));
    }

    // Another console's store wakes this one well before its once-a-second look.
    void anotherConsolesStoreWakesALook()
    {
        TeamLeadership a(*m_a);
        a.join();
        QSignalSpy looks(&a, &TeamLeadership::lookAtTeam);
        QString error;
        QVERIFY2(AlertStore(*m_b).notifyTeam(&error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(looks.count() == 1, 500);
        // Its own notifications do not: it knows what it stored.
        looks.clear();
        QVERIFY2(AlertStore(*m_a).notifyTeam(&error), qPrintable(error));
        QTest::qWait(300);
        QCOMPARE(looks.count(), 0);
        // Without notifications, it still looks once a second.
        QTRY_VERIFY_WITH_TIMEOUT(looks.count() >= 1, 1500);
    }

    void aLeaderThatBeatsIsNotSilent()
    {
        TeamLeadership follower(*m_b);
        QString error;
        QVERIFY(follower.watchLeader(&error) < 50);
        QTest::qWait(50);
        QVERIFY(follower.watchLeader(&error) >= 50);
        QVERIFY(follower.watchLeader(&error) < TeamLeadership::silentWarnMs);
        QVERIFY(error.isEmpty());
        follower.forgetLeader();
        QVERIFY(follower.watchLeader(&error) < 50);
    }
};

QTEST_GUILESS_MAIN(tst_TeamLeadership)
#include "tst_teamleadership.moc"
