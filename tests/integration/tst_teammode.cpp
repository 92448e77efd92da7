#include "demoworkspace.h"
#include "domain/clock.h"
#include "engine/engineworker.h"
#include "pgtestdatabase.h"
#include "runningworker.h"
#include "storage/database.h"
#include "waitfor.h"

#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>
#include <QtTest>

#include <memory>

#include <signal.h>

using namespace wk;

namespace {

const TimestampNs t0 = 1767225600LL * nanosPerSecond;

Workspace workspace()
{
    return test::demoWorkspaceWithRules(
        "  - {id: errs, kind: burst, pipeline: engagement-aggregate, severity: critical, "
        "source: app-errors, threshold: 5}\n");
}

// What one console announced, recorded on the test's thread: queued, unlike a
// QSignalSpy, so reading it never races the worker's thread.
struct Record
{
    QObject context;
    bool started = false;
    QList<Alert> changes;
    QList<EngineStatus> statuses;
    QList<std::pair<qint64, QString>> failures;

    // The newest state of an alert among the changes.
    std::optional<Alert> latest(qint64 id) const
    {
        std::optional<Alert> out;
        for (const Alert &a : changes) {
            if (a.id == id)
                out = a;
        }
        return out;
    }
    EngineStatus status() const { return statuses.isEmpty() ? EngineStatus() : statuses.last(); }
};

// One console of a team, started on the shared store.
struct Console
{
    std::unique_ptr<test::RunningWorker> running;
    std::unique_ptr<Record> seen = std::make_unique<Record>();

    EngineWorker *worker() const { return running->worker; }
    bool following() const { return seen->status().following; }
};

Console startConsole(const QString &store, const Clock *clock)
{
    Console c;
    c.running = std::make_unique<test::RunningWorker>(workspace(), store, clock);
    Record *r = c.seen.get();
    QObject::connect(
        c.worker(), &EngineWorker::started, &r->context, [r] { r->started = true; },
        Qt::QueuedConnection);
    QObject::connect(
        c.worker(), &EngineWorker::alertsChanged, &r->context,
        [r](const QList<Alert> &changed) { r->changes += changed; }, Qt::QueuedConnection);
    QObject::connect(
        c.worker(), &EngineWorker::statusChanged, &r->context,
        [r](const EngineStatus &s) { r->statuses.append(s); }, Qt::QueuedConnection);
    QObject::connect(
        c.worker(), &EngineWorker::actionFailed, &r->context,
        [r](qint64 id, const QString &why) {
            r->failures.append({id, why});
        },
        Qt::QueuedConnection);
    QMetaObject::invokeMethod(c.worker(), &EngineWorker::start);
    if (!test::waitFor([&] { return r->started && !r->statuses.isEmpty(); }, 5000))
        c.running.reset();
    return c;
}

void ingest(const Console &c, const QList<Event> &events)
{
    QMetaObject::invokeMethod(c.worker(), [=, w = c.worker()] { w->ingest(events); });
}

void acknowledge(const Console &c, qint64 id, const QString &who)
{
    QMetaObject::invokeMethod(c.worker(), [=, w = c.worker()] { w->acknowledge(id, who); });
}

bool acknowledgedBy(const Console &c, qint64 id, const QString &who)
{
    return test::waitFor(
        [&] {
            const auto a = c.seen->latest(id);
            return a && a->state == AlertState::Acknowledged && a->timeline.last().actor == who;
        },
        5000);
}

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
        test::PgTestDatabase db;
        QVERIFY2(db.isValid(), qPrintable(db.error()));
        ManualClock clock(t0 + 10 * nanosPerSecond);
        Console leader = startConsole(db.url(), &clock);
        QVERIFY(leader.running);
        QVERIFY(!leader.following());
        Console follower = startConsole(db.url(), &clock);
        QVERIFY(follower.running);
        QVERIFY(follower.following());
        QVERIFY(follower.seen->status().leader.startsWith(QStringLiteral("watchkeeper on")));
        // The leader's sources, as it shared them.
        QVERIFY(test::waitFor(
            [&] {
                const QList<SourceHealth> sources = follower.seen->status().sources;
                return std::any_of(sources.begin(), sources.end(), [](const SourceHealth &h) {
                    return h.id == QLatin1String("app-errors");
                });
            },
            5000));

        // An alert the leader raises reaches the follower.
        ingest(leader, test::errorBurst(QStringLiteral("u1"), t0));
        QVERIFY(test::waitFor([&] { return !leader.seen->changes.isEmpty(); }, 5000));
        const qint64 id = leader.seen->changes.first().id;
        QVERIFY(test::waitFor([&] { return follower.seen->latest(id).has_value(); }, 5000));
        QCOMPARE(follower.seen->latest(id)->eventCount, 5);

        // Events given to a follower are not counted twice: only the leader reads sources.
        ingest(follower, test::errorBurst(QStringLiteral("u2"), t0));

        // The follower's acknowledgement is the leader's to apply and store; both show it.
        acknowledge(follower, id, QStringLiteral("dana"));
        QVERIFY(acknowledgedBy(leader, id, QStringLiteral("dana")));
        QVERIFY(acknowledgedBy(follower, id, QStringLiteral("dana")));
        QVERIFY(follower.seen->failures.isEmpty());

        // An action the leader refuses comes back to the console that asked, with the reason.
        acknowledge(follower, id, QStringLiteral("dana"));
        QVERIFY(test::waitFor([&] { return follower.seen->failures.size() == 1; }, 5000));
        QCOMPARE(follower.seen->failures.first().first, id);
        QVERIFY(follower.seen->failures.first().second.contains(QStringLiteral("acknowledged")));

        // A silence made on the follower is applied by the leader.
        const Silence quiet{QStringLiteral("deploy"),
                            {{QStringLiteral("pipeline"), QStringLiteral("engagement-aggregate")}},
                            clock.now() - nanosPerSecond,
                            clock.now() + 3600 * nanosPerSecond,
                            QStringLiteral("dana"),
                            QStringLiteral("deploying a fix")};
        QMetaObject::invokeMethod(follower.worker(),
                                  [=, w = follower.worker()] { w->addSilence(quiet); });
        QVERIFY(test::waitFor(
            [&] {
                const auto a = follower.seen->latest(id);
                return a && a->silencedBy == QLatin1String("deploy");
            },
            5000));
        // Only the leader's burst made an alert.
        QCOMPARE(leader.seen->status().openAlerts, 1);
        QCOMPARE(follower.seen->status().openAlerts, 1);
        for (const Alert &a : std::as_const(follower.seen->changes))
            QCOMPARE(a.id, id);

        // How it ended is marked through the leader too: refused while it cannot be so,
        // then marked as noise, which ends it on both consoles with who said so.
        auto mark = [&](AlertOutcome::Kind kind) {
            AlertOutcome o;
            o.kind = kind;
            o.reason = AlertOutcome::Reason::Flapping;
            QMetaObject::invokeMethod(follower.worker(), [=, w = follower.worker()] {
                w->markOutcome(id, o, QStringLiteral("dana"));
            });
        };
        mark(AlertOutcome::Kind::ResolvedByItself);
        QVERIFY(test::waitFor([&] { return follower.seen->failures.size() == 2; }, 5000));
        QVERIFY2(follower.seen->failures.last().second.contains(QStringLiteral("resolved itself")),
                 qPrintable(follower.seen->failures.last().second));
        mark(AlertOutcome::Kind::Noise);
        for (const Console *c : {&leader, &follower})
            QVERIFY(test::waitFor(
                [&] {
                    const auto a = c->seen->latest(id);
                    return a && a->state == AlertState::Resolved &&
                           a->outcome.kind == AlertOutcome::Kind::Noise &&
                           a->outcome.reason == AlertOutcome::Reason::Flapping &&
                           a->outcome.by == QLatin1String("dana");
                },
                5000));

        // The leader stops; the follower takes the lead and raises alerts of its own, with
        // ids after the ones the first console gave.
        const TimestampNs newest =
            leader.seen->status().newestBySource.value(QStringLiteral("app-errors"));
        QVERIFY(newest > 0);
        // The leader shares it once a second.
        QVERIFY(test::waitFor(
            [&] {
                return follower.seen->status().newestBySource.value(QStringLiteral("app-errors")) ==
                       newest;
            },
            5000));
        leader.running.reset();
        QVERIFY(test::waitFor([&] { return !follower.following(); }, 5000));
        // The new leader knows how fresh the sources were before any new data arrives.
        QCOMPARE(follower.seen->status().newestBySource.value(QStringLiteral("app-errors")),
                 newest);
        follower.seen->changes.clear();
        ingest(follower, test::errorBurst(QStringLiteral("u3"), t0));
        QVERIFY(test::waitFor(
            [&] {
                for (const Alert &a : std::as_const(follower.seen->changes)) {
                    if (a.subject.startsWith(QLatin1String("u3/")))
                        return a.id > id;
                }
                return false;
            },
            5000));
        // The acknowledgement made through the first leader stands under the second.
        acknowledge(follower, id, QStringLiteral("dana"));
        QVERIFY(test::waitFor([&] { return follower.seen->failures.size() == 3; }, 5000));
        QVERIFY(follower.seen->failures.last().second.contains(QStringLiteral("acknowledged")));
    }

    // The leader's connection is cut (a network drop, a server restart) and another
    // session takes the lock meanwhile: the old leader reconnects, sees it lost the lead,
    // and follows; the team goes on with exactly one leader.
    void aLeaderCutOffFollowsWhoeverLeadsNow()
    {
        test::PgTestDatabase db;
        QVERIFY2(db.isValid(), qPrintable(db.error()));
        ManualClock clock(t0 + 10 * nanosPerSecond);
        Console first = startConsole(db.url(), &clock);
        QVERIFY(first.running);
        Console second = startConsole(db.url(), &clock);
        QVERIFY(second.running);
        QVERIFY(!first.following());
        QVERIFY(second.following());
        ingest(first, test::errorBurst(QStringLiteral("u1"), t0));
        QVERIFY(test::waitFor([&] { return !first.seen->changes.isEmpty(); }, 5000));
        const qint64 id = first.seen->changes.first().id;

        bool adminHoldsTheLock = false;
        {
            QSqlDatabase admin =
                QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("cutter"));
            Database::applyPostgresUrl(admin, QUrl(db.url()));
            QVERIFY2(admin.open(), qPrintable(admin.lastError().text()));
            QSqlQuery q(admin);
            QVERIFY2(q.exec(QStringLiteral(
                         "SELECT pg_terminate_backend(l.pid, 5000) FROM pg_locks l JOIN "
                         "pg_database d ON d.oid = l.database WHERE d.datname = "
                         "current_database() AND l.locktype = 'advisory' AND l.objid = 7263512 "
                         "AND l.granted")),
                     qPrintable(q.lastError().text()));
            QVERIFY(q.next() && q.value(0).toBool());
            // Someone else leads now (this session, unless the second console was quicker).
            QVERIFY(q.exec(QStringLiteral("SELECT pg_try_advisory_lock(7263512)")) && q.next());
            adminHoldsTheLock = q.value(0).toBool();
            QVERIFY(test::waitFor([&] { return first.following(); }, 10000));
            if (adminHoldsTheLock)
                QVERIFY(q.exec(QStringLiteral("SELECT pg_advisory_unlock(7263512)")));
            admin.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("cutter"));

        // Exactly one console leads again, and an action on the other reaches it.
        QVERIFY(test::waitFor([&] { return first.following() != second.following(); }, 5000));
        const Console &leading = first.following() ? second : first;
        const Console &following = first.following() ? first : second;
        acknowledge(following, id, QStringLiteral("chen"));
        QVERIFY(acknowledgedBy(leading, id, QStringLiteral("chen")));
        QVERIFY(acknowledgedBy(following, id, QStringLiteral("chen")));
        QVERIFY(first.following() != second.following());
        // A console that stepped down says it follows, not what went wrong while it led.
        QVERIFY2(test::waitFor([&] { return following.seen->status().error.isEmpty(); }, 5000),
                 qPrintable(following.seen->status().error));
    }

    // The leading console freezes (SIGSTOP: a laptop lid, a debugger, a stuck disk). Its
    // session stays up and holds the lock, so nothing else would ever notice: the follower
    // says the leader is silent, shows its own action as waiting, then ends the frozen
    // session and leads. Woken (SIGCONT), the old console finds its lock gone and follows.
    void aFrozenLeaderIsReplaced()
    {
        test::PgTestDatabase db;
        QVERIFY2(db.isValid(), qPrintable(db.error()));
        QProcess import;
        import.start(QStringLiteral(WK_BINARY), {QStringLiteral("import"), test::demoPath(),
                                                 QStringLiteral("--database"), db.url()});
        QVERIFY(import.waitForFinished(30000) && import.exitCode() == 0);

        // The leader: a real console, in a process of its own.
        QProcess leader;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        leader.setProcessEnvironment(env);
        leader.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        leader.start(QStringLiteral(WK_BINARY), {QStringLiteral("--workspace"), db.url()});
        QVERIFY(leader.waitForStarted(10000));
        auto stopLeader = qScopeGuard([&] {
            ::kill(pid_t(leader.processId()), SIGCONT);
            leader.terminate();
            if (!leader.waitForFinished(10000))
                leader.kill();
        });
        QSqlDatabase admin =
            QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("frozen-admin"));
        auto dropAdmin = qScopeGuard([&] {
            admin.close();
            admin = QSqlDatabase();
            QSqlDatabase::removeDatabase(QStringLiteral("frozen-admin"));
        });
        Database::applyPostgresUrl(admin, QUrl(db.url()));
        QVERIFY2(admin.open(), qPrintable(admin.lastError().text()));
        // Who holds the leader's lock: the application name of its session.
        auto lockHolder = [&] {
            QSqlQuery q(admin);
            q.exec(QStringLiteral(
                "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = "
                "l.pid WHERE l.locktype = 'advisory' AND l.objid = 7263512 AND l.granted"));
            return q.next() ? q.value(0).toString() : QString();
        };
        const QString leaderName = QStringLiteral("(pid %1)").arg(leader.processId());
        QVERIFY2(test::waitFor([&] { return lockHolder().contains(leaderName); }, 20000),
                 qPrintable(lockHolder()));

        SystemClock clock;
        Console follower = startConsole(db.url(), &clock);
        QVERIFY(follower.running);
        QVERIFY(follower.following());
        // While the leader beats, nobody calls it silent.
        QTest::qWait(2500);
        QCOMPARE(follower.seen->status().leaderSilentMs, 0);

        QCOMPARE(::kill(pid_t(leader.processId()), SIGSTOP), 0);
        QVERIFY(
            test::waitFor([&] { return follower.seen->status().leaderSilentMs >= 3000; }, 10000));
        QVERIFY(follower.following());
        acknowledge(follower, 1, QStringLiteral("dana"));
        QVERIFY(test::waitFor([&] { return follower.seen->status().pendingRequests == 1; }, 5000));

        // Past the longer limit the follower ends the frozen session and leads.
        QVERIFY(test::waitFor([&] { return !follower.following(); }, 20000));
        QVERIFY2(!lockHolder().contains(leaderName), qPrintable(lockHolder()));
        // Its own waiting action was answered by itself (alert 1 may not exist: refused).
        QVERIFY(test::waitFor([&] { return follower.seen->status().pendingRequests == 0; }, 5000));

        // Woken, the old leader reconnects and follows; the lock stays with the new leader.
        QCOMPARE(::kill(pid_t(leader.processId()), SIGCONT), 0);
        auto oldLeaderBack = [&] {
            QSqlQuery q(admin);
            q.exec(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE "
                                  "application_name LIKE '%%1'")
                       .arg(leaderName));
            return q.next() && q.value(0).toInt() > 0;
        };
        QVERIFY(test::waitFor(oldLeaderBack, 15000));
        QTest::qWait(3000);
        QVERIFY(!follower.following());
        QVERIFY2(!lockHolder().contains(leaderName), qPrintable(lockHolder()));
        QCOMPARE(leader.state(), QProcess::Running);
    }
};

QTEST_GUILESS_MAIN(tst_TeamMode)
#include "tst_teammode.moc"
