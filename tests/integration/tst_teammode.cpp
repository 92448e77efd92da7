#include "demoworkspace.h"
#include "engine/clock.h"
#include "engine/engineworker.h"
#include "pgtestdatabase.h"
#include "runningworker.h"
#include "waitfor.h"

#include <QSignalSpy>
#include <QtTest>

#include <memory>

using namespace wk;
using test::arrived;

namespace {

const TimestampNs t0 = 1767225600LL * nanosPerSecond;

Workspace workspace()
{
    return test::demoWorkspaceWithRules(
        "  - {id: errs, kind: burst, pipeline: engagement-aggregate, severity: critical, "
        "source: app-errors, threshold: 5}\n");
}

// The newest state of an alert among everything a spy on alertsChanged recorded.
std::optional<Alert> latest(const QSignalSpy &spy, qint64 id)
{
    std::optional<Alert> out;
    for (const QList<QVariant> &args : spy) {
        for (const Alert &a : args.first().value<QList<Alert>>()) {
            if (a.id == id)
                out = a;
        }
    }
    return out;
}

EngineStatus lastStatus(const QSignalSpy &spy)
{
    return spy.isEmpty() ? EngineStatus() : spy.last().first().value<EngineStatus>();
}

// Two consoles on one shared PostgreSQL store.
struct TwoConsoles
{
    test::PgTestDatabase db;
    ManualClock clock{t0 + 10 * nanosPerSecond};
    std::unique_ptr<test::RunningWorker> first;
    std::unique_ptr<test::RunningWorker> second;
};

} // namespace

class tst_TeamMode : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { EngineWorker::registerTypes(); }

    // One console leads; the other shows what it stores, sends its people's actions to
    // it, hears the answers, and takes the lead when the first console stops.
    void consolesShareOneStateLive()
    {
        TwoConsoles team;
        QVERIFY2(team.db.isValid(), qPrintable(team.db.error()));
        team.first = std::make_unique<test::RunningWorker>(workspace(), team.db.url(), &team.clock);
        EngineWorker *leader = team.first->worker;
        QSignalSpy leaderStarted(leader, &EngineWorker::started);
        QSignalSpy leaderChanged(leader, &EngineWorker::alertsChanged);
        QSignalSpy leaderStatus(leader, &EngineWorker::statusChanged);
        QMetaObject::invokeMethod(leader, &EngineWorker::start);
        QVERIFY(arrived(leaderStarted, 1));
        QVERIFY(arrived(leaderStatus, 1));
        QVERIFY(!lastStatus(leaderStatus).following);

        team.second =
            std::make_unique<test::RunningWorker>(workspace(), team.db.url(), &team.clock);
        EngineWorker *follower = team.second->worker;
        QSignalSpy followerStarted(follower, &EngineWorker::started);
        QSignalSpy followerChanged(follower, &EngineWorker::alertsChanged);
        QSignalSpy followerStatus(follower, &EngineWorker::statusChanged);
        QSignalSpy followerFailed(follower, &EngineWorker::actionFailed);
        QMetaObject::invokeMethod(follower, &EngineWorker::start);
        QVERIFY(arrived(followerStarted, 1));
        QVERIFY(arrived(followerStatus, 1));
        QVERIFY(lastStatus(followerStatus).following);
        QVERIFY(lastStatus(followerStatus).leader.startsWith(QStringLiteral("watchkeeper on")));
        // The leader's sources, as it shared them.
        QVERIFY(test::waitFor(
            [&] {
                const QList<SourceHealth> sources = lastStatus(followerStatus).sources;
                return std::any_of(sources.begin(), sources.end(), [](const SourceHealth &h) {
                    return h.id == QLatin1String("app-errors");
                });
            },
            5000));

        // An alert the leader raises reaches the follower.
        QMetaObject::invokeMethod(
            leader, "ingest", Q_ARG(QList<wk::Event>, test::errorBurst(QStringLiteral("u1"), t0)));
        QVERIFY(arrived(leaderChanged, 1));
        const qint64 id = leaderChanged.first().first().value<QList<Alert>>().first().id;
        QVERIFY(test::waitFor([&] { return latest(followerChanged, id).has_value(); }, 5000));
        QCOMPARE(latest(followerChanged, id)->eventCount, 5);

        // Events given to a follower are not counted twice: only the leader reads sources.
        QMetaObject::invokeMethod(
            follower, "ingest",
            Q_ARG(QList<wk::Event>, test::errorBurst(QStringLiteral("u2"), t0)));

        // The follower's acknowledgement is the leader's to apply and store; both show it.
        QMetaObject::invokeMethod(follower, "acknowledge", Q_ARG(qint64, id),
                                  Q_ARG(QString, QStringLiteral("dana")));
        for (const QSignalSpy *changed : {&leaderChanged, &followerChanged}) {
            QVERIFY(test::waitFor(
                [&] {
                    const auto a = latest(*changed, id);
                    return a && a->state == AlertState::Acknowledged;
                },
                5000));
            QCOMPARE(latest(*changed, id)->timeline.last().actor, QStringLiteral("dana"));
        }
        QVERIFY(followerFailed.isEmpty());

        // An action the leader refuses comes back to the console that asked, with the reason.
        QMetaObject::invokeMethod(follower, "acknowledge", Q_ARG(qint64, id),
                                  Q_ARG(QString, QStringLiteral("dana")));
        QVERIFY(arrived(followerFailed, 1));
        QCOMPARE(followerFailed.first().at(0).toLongLong(), id);
        QVERIFY(followerFailed.first().at(1).toString().contains(QStringLiteral("acknowledged")));

        // A silence made on the follower is applied by the leader.
        const Silence quiet{QStringLiteral("deploy"),
                            {{QStringLiteral("pipeline"), QStringLiteral("engagement-aggregate")}},
                            team.clock.now() - nanosPerSecond,
                            team.clock.now() + 3600 * nanosPerSecond,
                            QStringLiteral("dana"),
                            QStringLiteral("deploying a fix")};
        QMetaObject::invokeMethod(follower, "addSilence", Q_ARG(wk::Silence, quiet));
        QVERIFY(test::waitFor(
            [&] {
                const auto a = latest(followerChanged, id);
                return a && a->silencedBy == QLatin1String("deploy");
            },
            5000));
        // Only the leader's burst made an alert.
        QCOMPARE(lastStatus(leaderStatus).openAlerts, 1);
        QCOMPARE(lastStatus(followerStatus).openAlerts, 1);
        for (const QList<QVariant> &args : std::as_const(followerChanged)) {
            for (const Alert &a : args.first().value<QList<Alert>>())
                QCOMPARE(a.id, id);
        }

        // The leader stops; the follower takes the lead and raises alerts of its own, with
        // ids after the ones the first console gave.
        team.first.reset();
        QVERIFY(test::waitFor([&] { return !lastStatus(followerStatus).following; }, 5000));
        followerChanged.clear();
        QMetaObject::invokeMethod(
            follower, "ingest",
            Q_ARG(QList<wk::Event>, test::errorBurst(QStringLiteral("u3"), t0)));
        QVERIFY(test::waitFor(
            [&] {
                for (const QList<QVariant> &args : std::as_const(followerChanged)) {
                    for (const Alert &a : args.first().value<QList<Alert>>()) {
                        if (a.subject.startsWith(QLatin1String("u3/")))
                            return a.id > id;
                    }
                }
                return false;
            },
            5000));
        // The acknowledgement made through the first leader stands under the second.
        QMetaObject::invokeMethod(follower, "acknowledge", Q_ARG(qint64, id),
                                  Q_ARG(QString, QStringLiteral("dana")));
        QVERIFY(arrived(followerFailed, 2));
        QVERIFY(followerFailed.last().at(1).toString().contains(QStringLiteral("acknowledged")));
    }
};

QTEST_GUILESS_MAIN(tst_TeamMode)
#include "tst_teammode.moc"
