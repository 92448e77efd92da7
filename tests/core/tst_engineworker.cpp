#include "demoworkspace.h"
#include "domain/clock.h"
#include "engine/engineworker.h"
#include "runningworker.h"
#include "schedule/oncallschedule.h"
#include "storage/alertstore.h"
#include "storage/database.h"
#include "workspace/workspacereader.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QThread>
#include <QTimeZone>
#include <QtTest>

using namespace wk;
using test::arrived;

namespace {

const TimestampNs t0 = 1767225600LL * nanosPerSecond;

Workspace workspace()
{
    return test::demoWorkspaceWithRules(
        "  - {id: errs, kind: burst, pipeline: engagement-aggregate, severity: critical, "
        "source: app-errors, threshold: 5}\n"
        "  - {id: flow, kind: sequence, pipeline: engagement-aggregate, severity: critical, "
        "source: app-errors, steps: [signup, verify]}\n");
}

// The worker on its own thread, as the console runs it.
struct Running : test::RunningWorker
{
    Running(const QString &store, const Clock *clock) : RunningWorker(workspace(), store, clock) {}
};

} // namespace

class tst_EngineWorker : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { EngineWorker::registerTypes(); }

    // The leader reminds people of their shifts on its own clock: an hour before, by each
    // method that carries medium news (Bruno's phone takes only critical and high), with
    // the message written, stored and sent (the demo's methods are dry runs).
    void remindsPeopleBeforeTheirShifts()
    {
        const Workspace ws = test::demoWorkspace();
        const OnCallSchedule schedule(ws);
        const QDateTime from(QDate(2026, 12, 3), QTime(12, 0), QTimeZone::utc());
        Shift next;
        for (const Shift &s :
             schedule.shifts(QStringLiteral("investor-reporting"), from, from.addDays(60))) {
            if (next.person.isEmpty() && s.start > from && s.person == QLatin1String("bruno"))
                next = s;
        }
        QVERIFY(!next.person.isEmpty());
        QTemporaryDir dir;
        const QString store = dir.filePath(QStringLiteral("store.sqlite"));
        const TimestampNs start = toTimestamp(next.start);
        ManualClock clock(start - 3600 * nanosPerSecond - 120 * nanosPerSecond);
        test::RunningWorker r(ws, store, &clock);
        QSignalSpy started(r.worker, &EngineWorker::started);
        QMetaObject::invokeMethod(r.worker, &EngineWorker::start);
        QVERIFY(arrived(started, 1));
        const auto db = Database::open(store, nullptr);
        QVERIFY(db);
        auto reminders = [&] {
            QStringList out;
            QSqlQuery q(db->connection());
            if (!q.exec(QStringLiteral("SELECT person, kind, status, subject, alert_id FROM "
                                       "deliveries WHERE step LIKE 'reminder %' ORDER BY kind")))
                return QStringList{q.lastError().text()};
            while (q.next())
                out << QStringLiteral("%1 %2 %3 %4 %5")
                           .arg(q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                                q.value(3).toString(), q.value(4).toString());
            return out;
        };
        // Not yet: two minutes early.
        QTest::qWait(1500);
        QVERIFY2(reminders().isEmpty(), qPrintable(reminders().join(QLatin1Char('\n'))));
        clock.advance(121 * nanosPerSecond);
        // Bruno by email (his phone takes critical and high only), in his own zone; Amara,
        // due at the same moment for the other rotation, by email and Slack.
        auto allSent = [&] {
            const QStringList rows = reminders();
            return rows.size() == 3 && std::all_of(rows.begin(), rows.end(), [](const QString &r) {
                       return r.contains(QStringLiteral(" sent "));
                   });
        };
        QTRY_VERIFY2_WITH_TIMEOUT(allSent(), qPrintable(reminders().join(QLatin1Char('\n'))),
                                  10000);
        const QStringList rows = reminders();
        const QString bruno = QStringLiteral("bruno email sent On call from %1: Investor "
                                             "reporting, primary seat 0")
                                  .arg(next.start.toTimeZone(QTimeZone("Europe/Berlin"))
                                           .toString(QStringLiteral("ddd d MMM yyyy, HH:mm")) +
                                       QStringLiteral(" CET"));
        QVERIFY2(rows.contains(bruno), qPrintable(rows.join(QLatin1Char('\n'))));
        QCOMPARE(rows.filter(QStringLiteral("amara ")).size(), 2);
        QCOMPARE(rows.filter(QStringLiteral("amara slack sent")).size(), 1);
        // Once: later ticks do not remind again.
        clock.advance(60 * nanosPerSecond);
        QTest::qWait(1500);
        QCOMPARE(reminders().size(), 3);
    }

    // An override made in the console tells the person taking the seat and the person
    // covered, by their methods, stored and sent like pages.
    // A saved workspace that adds time off re-plans the rotation; the leader tells the people
    // whose coming shifts moved (Bruno by email here: his phone takes only critical and high).
    void aRePlanTellsWhoseShiftsMoved()
    {
        const Workspace ws = test::demoWorkspace();
        const OnCallSchedule schedule(ws);
        const QDateTime now(QDate(2026, 11, 2), QTime(12, 0), QTimeZone::utc());
        Shift turn;
        for (const Shift &s :
             schedule.shifts(QStringLiteral("investor-reporting"), now.addDays(7), now.addDays(56)))
            if (turn.person.isEmpty() && s.person == QLatin1String("bruno") &&
                s.layer == RotationLayer::Primary)
                turn = s;
        QVERIFY(!turn.person.isEmpty());
        QTemporaryDir dir;
        const QString store = dir.filePath(QStringLiteral("store.sqlite"));
        ManualClock clock(toTimestamp(now));
        test::RunningWorker r(ws, store, &clock);
        QSignalSpy started(r.worker, &EngineWorker::started);
        QMetaObject::invokeMethod(r.worker, &EngineWorker::start);
        QVERIFY(arrived(started, 1));
        Workspace away = ws;
        away.timeOff << TimeOff{QStringLiteral("bruno"), turn.start.addDays(-1),
                                turn.end.addDays(1), QStringLiteral("Surgery"), QString()};
        const QString base = r.base.path();
        QMetaObject::invokeMethod(r.worker, [=, w = r.worker] { w->applyWorkspace(away, base); });
        const auto db = Database::open(store, nullptr);
        QVERIFY(db);
        auto told = [&] {
            QStringList out;
            QSqlQuery q(db->connection());
            q.exec(QStringLiteral("SELECT person, kind, subject FROM deliveries WHERE step LIKE "
                                  "'replan %' ORDER BY person, kind"));
            while (q.next())
                out << QStringLiteral("%1 %2: %3")
                           .arg(q.value(0).toString(), q.value(1).toString(),
                                q.value(2).toString());
            return out;
        };
        QTRY_VERIFY_WITH_TIMEOUT(!told().filter(QStringLiteral("bruno email")).isEmpty(), 10000);
        QVERIFY2(told().filter(QStringLiteral("bruno email: Your shifts changed between 2 Nov and"))
                         .size() == 1,
                 qPrintable(told().join(QLatin1Char('\n'))));
        QVERIFY(told().filter(QStringLiteral("bruno ntfy")).isEmpty());
    }

    void anOverrideTellsBothSides()
    {
        const Workspace ws = test::demoWorkspace();
        const OnCallSchedule schedule(ws);
        // A Wednesday noon when Amara holds the investor primary seat and Bruno no seat.
        QDateTime when(QDate(2026, 12, 9), QTime(12, 0), QTimeZone::utc());
        for (int week = 0; week < 20; ++week, when = when.addDays(7)) {
            const OnCallAnswer a = schedule.onCallFor(QStringLiteral("investor-reporting"), when);
            if (a.primary == QLatin1String("amara") && a.secondary != QLatin1String("bruno"))
                break;
        }
        QCOMPARE(schedule.onCallFor(QStringLiteral("investor-reporting"), when).primary,
                 QStringLiteral("amara"));
        QTemporaryDir dir;
        const QString store = dir.filePath(QStringLiteral("store.sqlite"));
        ManualClock clock(toTimestamp(when.addDays(-2)));
        test::RunningWorker r(ws, store, &clock);
        QSignalSpy started(r.worker, &EngineWorker::started);
        QMetaObject::invokeMethod(r.worker, &EngineWorker::start);
        QVERIFY(arrived(started, 1));
        ScheduleOverride o;
        o.id = QStringLiteral("cover-1");
        o.rotation = QStringLiteral("investor-reporting");
        o.person = QStringLiteral("bruno");
        o.start = when;
        o.end = when.addSecs(4 * 3600);
        o.reason = QStringLiteral("school play");
        o.createdBy = QStringLiteral("amara");
        o.createdAt = when.addDays(-2);
        QMetaObject::invokeMethod(r.worker, [&, w = r.worker] { w->addOverrides({o}); });
        const auto db = Database::open(store, nullptr);
        QVERIFY(db);
        auto told = [&] {
            QStringList out;
            QSqlQuery q(db->connection());
            q.exec(QStringLiteral("SELECT person, kind, subject FROM deliveries WHERE step = "
                                  "'change cover-1' ORDER BY person, kind"));
            while (q.next())
                out << QStringLiteral("%1 %2: %3")
                           .arg(q.value(0).toString(), q.value(1).toString(),
                                q.value(2).toString());
            return out;
        };
        QTRY_COMPARE_WITH_TIMEOUT(told().size(), 3, 10000);
        const QStringList rows = told();
        QVERIFY2(rows[0].startsWith(QStringLiteral("amara email: Shift change: Bruno Lehmann "
                                                   "takes your primary seat")),
                 qPrintable(rows.join(QLatin1Char('\n'))));
        QVERIFY(rows[1].startsWith(QStringLiteral("amara slack: Shift change: Bruno Lehmann")));
        QVERIFY2(rows[2].startsWith(QStringLiteral("bruno email: Shift change: you take the "
                                                   "primary seat of Investor reporting")),
                 qPrintable(rows.join(QLatin1Char('\n'))));
    }

    void alertsFlowFromTheThreadAndSurviveARestart()
    {
        QTemporaryDir dir;
        const QString store = dir.filePath(QStringLiteral("store.sqlite"));
        ManualClock clock(t0 + 10 * nanosPerSecond);
        qint64 id = 0;
        {
            Running r(store, &clock);
            QSignalSpy started(r.worker, &EngineWorker::started);
            QSignalSpy changed(r.worker, &EngineWorker::alertsChanged);
            QMetaObject::invokeMethod(r.worker, &EngineWorker::start);
            QVERIFY(arrived(started, 1));
            QVERIFY(started.first().first().value<QList<Alert>>().isEmpty());

            // Ten small deliveries, as a feed would send them, arrive as one batch of changes.
            for (int i = 0; i < 10; ++i)
                QMetaObject::invokeMethod(
                    r.worker, "ingest",
                    Q_ARG(QList<wk::Event>, test::errorBurst(QStringLiteral("u%1").arg(i % 2),
                                                             t0 + i * nanosPerSecond, 1)));
            QVERIFY(arrived(changed, 1));
            QList<Alert> alerts = changed.takeFirst().first().value<QList<Alert>>();
            QCOMPARE(alerts.size(), 2); // u0 and u1, five events each
            QCOMPARE(alerts.first().eventCount, 5);
            id = alerts.first().id;
            // The worker's thread, not ours, did the work.
            QVERIFY(r.worker->thread() != QThread::currentThread());

            QSignalSpy failed(r.worker, &EngineWorker::actionFailed);
            QMetaObject::invokeMethod(
                r.worker, [=, w = r.worker] { w->acknowledge(id, QStringLiteral("chen")); });
            QVERIFY(arrived(changed, 1));
            alerts = changed.takeFirst().first().value<QList<Alert>>();
            QCOMPARE(alerts.size(), 1);
            QCOMPARE(alerts.first().state, AlertState::Acknowledged);
            QCOMPARE(alerts.first().timeline.last().actor, QStringLiteral("chen"));

            // A silence on the pipeline mutes the other alert, stored and announced.
            const Silence quiet{
                QStringLiteral("deploy"),
                {{QStringLiteral("pipeline"), QStringLiteral("engagement-aggregate")}},
                clock.now() - nanosPerSecond,
                clock.now() + 3600 * nanosPerSecond,
                QStringLiteral("chen"),
                QStringLiteral("deploying a fix")};
            QMetaObject::invokeMethod(r.worker, [=, w = r.worker] { w->addSilence(quiet); });
            QVERIFY(arrived(changed, 1));
            const QList<Alert> silenced = changed.takeFirst().first().value<QList<Alert>>();
            QVERIFY(!silenced.isEmpty());
            for (const Alert &a : silenced)
                QCOMPARE(a.silencedBy, QStringLiteral("deploy"));

            // Acknowledging twice is refused, with the reason.
            QMetaObject::invokeMethod(
                r.worker, [=, w = r.worker] { w->acknowledge(id, QStringLiteral("chen")); });
            QVERIFY(arrived(failed, 1));
            QVERIFY(failed.first().at(1).toString().contains(QStringLiteral("acknowledged")));
        }
        // What the worker announced is in the store, read from this thread.
        {
            QString error;
            auto db = Database::open(store, &error);
            QVERIFY2(db, qPrintable(error));
            const auto stored = AlertStore(*db).load(&error);
            QCOMPARE(stored->size(), 2);
            QCOMPARE(stored->first().state, AlertState::Acknowledged);
        }
        // A new worker on the same store starts where the last one stopped.
        Running again(store, &clock);
        QSignalSpy started(again.worker, &EngineWorker::started);
        QMetaObject::invokeMethod(again.worker, &EngineWorker::start);
        QVERIFY(arrived(started, 1));
        const QList<Alert> restored = started.first().first().value<QList<Alert>>();
        QCOMPARE(restored.size(), 2);
        QCOMPARE(restored.first().id, id);
        QCOMPARE(restored.first().state, AlertState::Acknowledged);
        QCOMPARE(restored.first().silencedBy, QStringLiteral("deploy"));
    }

    void appliesASavedWorkspaceInPlace()
    {
        QTemporaryDir dir;
        ManualClock clock(t0 + 10 * nanosPerSecond);
        Running r(dir.filePath(QStringLiteral("store.sqlite")), &clock);
        QSignalSpy started(r.worker, &EngineWorker::started);
        QSignalSpy changed(r.worker, &EngineWorker::alertsChanged);
        QMetaObject::invokeMethod(r.worker, &EngineWorker::start);
        QVERIFY(arrived(started, 1));
        QMetaObject::invokeMethod(
            r.worker, "ingest",
            Q_ARG(QList<wk::Event>, test::errorBurst(QStringLiteral("u0"), t0, 5)));
        QVERIFY(arrived(changed, 1));
        const qint64 before = changed.takeFirst().first().value<QList<Alert>>().first().id;

        // Three errors are not a burst under the threshold of five...
        QMetaObject::invokeMethod(
            r.worker, "ingest",
            Q_ARG(QList<wk::Event>,
                  test::errorBurst(QStringLiteral("u1"), t0 + nanosPerSecond, 3)));
        QMetaObject::invokeMethod(r.worker, &EngineWorker::evaluateNow,
                                  Qt::BlockingQueuedConnection);
        QCOMPARE(changed.count(), 0);

        // ...and are once the saved workspace lowers it to three.
        const Workspace edited = test::demoWorkspaceWithRules(
            "  - {id: errs, kind: burst, pipeline: engagement-aggregate, severity: critical, "
            "source: app-errors, threshold: 3}\n");
        QMetaObject::invokeMethod(
            r.worker, [=, w = r.worker, b = r.base.path()] { w->applyWorkspace(edited, b); });
        QMetaObject::invokeMethod(
            r.worker, "ingest",
            Q_ARG(QList<wk::Event>,
                  test::errorBurst(QStringLiteral("u2"), t0 + 2 * nanosPerSecond, 3)));
        QVERIFY(arrived(changed, 1));
        const QList<Alert> raised = changed.takeFirst().first().value<QList<Alert>>();
        QCOMPARE(raised.size(), 1);
        QVERIFY(raised.first().subject.startsWith(QLatin1String("u2")));
        QCOMPARE(raised.first().eventCount, 3);

        // The alert raised before the change carries on: it can still be acknowledged.
        QSignalSpy failed(r.worker, &EngineWorker::actionFailed);
        QMetaObject::invokeMethod(
            r.worker, [=, w = r.worker] { w->acknowledge(before, QStringLiteral("chen")); });
        QVERIFY(arrived(changed, 1));
        const QList<Alert> acked = changed.takeFirst().first().value<QList<Alert>>();
        QCOMPARE(acked.first().id, before);
        QCOMPARE(acked.first().state, AlertState::Acknowledged);
        QCOMPARE(failed.count(), 0);
    }

    void dbtLoadsTellHowFreshItsPipelinesAre()
    {
        QTemporaryDir dir;
        ManualClock clock(t0);
        test::RunningWorker r(test::demoWorkspace(), dir.filePath(QStringLiteral("store.sqlite")),
                              &clock);
        QVERIFY(QFile::copy(QStringLiteral(WK_SOURCE_DIR "/resources/demo/sources.json"),
                            r.base.filePath(QStringLiteral("sources.json"))));
        // The bundled results of a dbt run, in place of the quiet ones.
        QVERIFY(QFile::remove(r.base.filePath(QStringLiteral("run_results.json"))));
        QVERIFY(QFile::copy(QStringLiteral(WK_SOURCE_DIR "/resources/demo/run_results.json"),
                            r.base.filePath(QStringLiteral("run_results.json"))));
        QSignalSpy status(r.worker, &EngineWorker::statusChanged);
        QSignalSpy changes(r.worker, &EngineWorker::changesSeen);
        QMetaObject::invokeMethod(r.worker, &EngineWorker::start);
        // The newest max_loaded_at of the bundled artifacts: 2026-11-23 05:55 UTC.
        const TimestampNs loaded =
            toTimestamp(QDateTime(QDate(2026, 11, 23), QTime(5, 55), QTimeZone::utc()));
        QElapsedTimer waited;
        waited.start();
        TimestampNs seen = 0;
        while (seen == 0 && waited.elapsed() < 5000) {
            QTest::qWait(20);
            for (const QList<QVariant> &args : std::as_const(status))
                seen = args.first().value<EngineStatus>().newestBySource.value(
                    QStringLiteral("warehouse-dbt"));
        }
        QCOMPARE(seen, loaded);
        // The run the results came from is a change the actionable score measures from.
        const qint64 ran =
            toTimestamp(QDateTime(QDate(2026, 11, 23), QTime(6, 12, 40), QTimeZone::utc()));
        QTRY_VERIFY(!changes.isEmpty() &&
                    changes.last().first().value<QList<qint64>>().contains(ran));
    }

    void escalatesOnItsOwnClock()
    {
        QTemporaryDir dir;
        ManualClock clock(t0 + 10 * nanosPerSecond);
        Running r(dir.filePath(QStringLiteral("s.sqlite")), &clock);
        QSignalSpy changed(r.worker, &EngineWorker::alertsChanged);
        QSignalSpy status(r.worker, &EngineWorker::statusChanged);
        QMetaObject::invokeMethod(r.worker, &EngineWorker::start);
        // A sequence violation stays until a person acts; a burst would have ended by itself.
        const QList<Event> skipped = {{QStringLiteral("app-errors"), t0, QStringLiteral("acct"),
                                       QStringLiteral("verify"), QStringLiteral("e1")}};
        QMetaObject::invokeMethod(r.worker, [=, w = r.worker] { w->ingest(skipped); });
        QVERIFY(arrived(changed, 1));
        QVERIFY(!changed.first().first().value<QList<Alert>>().first().escalated);
        // Critical: 30 minutes to acknowledge. Nobody does; the worker's own tick escalates.
        clock.advance(31 * 60 * nanosPerSecond);
        auto escalated = [&] {
            for (const QList<QVariant> &args : std::as_const(changed)) {
                for (const Alert &a : args.first().value<QList<Alert>>()) {
                    if (a.escalated)
                        return a;
                }
            }
            return Alert();
        };
        QTRY_VERIFY_WITH_TIMEOUT(escalated().escalated, 5000);
        QCOMPARE(escalated().assignee,
                 QStringLiteral("amara")); // engagement-aggregate's secondary owner
        QVERIFY(!status.isEmpty());
        QVERIFY(status.last().first().value<EngineStatus>().running);
    }

    // The workspace's own sources, read by the worker: an event file it follows from a
    // stored checkpoint, and a dbt target folder.
    void followsItsSourcesAcrossARestart()
    {
        QTemporaryDir dir;
        const QString store = dir.filePath(QStringLiteral("store.sqlite"));
        QFile events(dir.filePath(QStringLiteral("events.csv")));
        QVERIFY(events.open(QIODevice::WriteOnly));
        auto rows = [](const QString &user, TimestampNs from) {
            QByteArray out;
            for (int i = 0; i < 5; ++i)
                out += QStringLiteral("%1,%2,time out\n")
                           .arg(QString::fromStdString(formatTimestamp(from + i * nanosPerSecond)),
                                user)
                           .toUtf8();
            return out;
        };
        events.write("event_timestamp,user_id,event_name\n" + rows(QStringLiteral("u1"), t0));
        events.close();
        // The demo's dbt source reads the workspace's own folder.
        QFile runs(dir.filePath(QStringLiteral("run_results.json")));
        QVERIFY(runs.open(QIODevice::WriteOnly));
        runs.write("{\"metadata\": {\"dbt_schema_version\": "
                   "\"https://schemas.getdbt.com/dbt/run-results/v6.json\"}, "
                   "\"results\": [{\"unique_id\": \"model.shop.profit_unit\", "
                   "\"status\": \"error\", \"message\": \"Runtime Error\"}]}");
        runs.close();
        const Workspace ws = workspace();

        ManualClock clock(t0 + 10 * nanosPerSecond);
        auto run = [&](const std::function<void(EngineWorker *, EngineStatus &)> &check) {
            QThread thread;
            auto *worker = new EngineWorker(ws, dir.path(), store, &clock);
            worker->moveToThread(&thread);
            connect(&thread, &QThread::finished, worker, &QObject::deleteLater);
            QSignalSpy status(worker, &EngineWorker::statusChanged);
            thread.start();
            QMetaObject::invokeMethod(worker, &EngineWorker::start);
            QVERIFY(arrived(status, 1));
            EngineStatus last = status.last().first().value<EngineStatus>();
            check(worker, last);
            QMetaObject::invokeMethod(worker, &EngineWorker::stop, Qt::BlockingQueuedConnection);
            thread.quit();
            thread.wait();
        };
        run([&](EngineWorker *, EngineStatus &status) {
            QCOMPARE(status.eventsTotal, 5);
            QCOMPARE(status.sources.size(), 2);
            for (const SourceHealth &h : status.sources)
                QVERIFY2(!h.failing(), qPrintable(h.error));
        });
        {
            QString error;
            auto db = Database::open(store, &error);
            QVERIFY(db);
            const auto alerts = AlertStore(*db).load(&error);
            QVERIFY(alerts);
            QStringList keys;
            for (const Alert &a : *alerts)
                keys << a.dedupKey;
            keys.sort();
            QCOMPARE(keys, (QStringList{QStringLiteral("dbt:warehouse-dbt/model.shop.profit_unit"),
                                        QStringLiteral("errs/u1/time out")}));
        }
        // Written while the console was closed: read once, and only that.
        QVERIFY(events.open(QIODevice::Append));
        events.write(rows(QStringLiteral("u2"), t0 + 2 * nanosPerSecond));
        events.close();
        run([&](EngineWorker *, EngineStatus &status) { QCOMPARE(status.eventsTotal, 5); });
        {
            QString error;
            auto db = Database::open(store, &error);
            const auto alerts = AlertStore(*db).load(&error);
            QVERIFY(alerts);
            QCOMPARE(alerts->size(), 3); // u2's burst joins; nothing is raised twice
        }
    }

    void unreachableStoreIsReported()
    {
        Running r(QStringLiteral("postgresql://nobody@127.0.0.1:1/none"), nullptr);
        QSignalSpy failed(r.worker, &EngineWorker::failedToStart);
        QMetaObject::invokeMethod(r.worker, &EngineWorker::start);
        QVERIFY(arrived(failed, 1, 20000));
        QVERIFY(failed.first().first().toString().contains(QStringLiteral("cannot connect")));
    }

    void servesHandoffNotesAndRunbookChanges()
    {
        QTemporaryDir dir;
        const QString store = dir.filePath(QStringLiteral("h.sqlite"));
        ManualClock clock(
            toTimestamp(QDateTime(QDate(2026, 11, 17), QTime(9, 0), QTimeZone::utc())));
        Running r(store, &clock);
        QSignalSpy started(r.worker, &EngineWorker::started);
        QSignalSpy ready(r.worker, &EngineWorker::handoffDataReady);
        QSignalSpy saved(r.worker, &EngineWorker::handoffNoteSaved);
        QMetaObject::invokeMethod(r.worker, &EngineWorker::start);
        QVERIFY(arrived(started, 1));
        const QDate week(2026, 11, 16);
        const QDateTime from(week, QTime(0, 0), QTimeZone::utc());
        QMetaObject::invokeMethod(
            r.worker, [=, w = r.worker] { w->requestHandoffData(week, from, from.addDays(7)); });
        QVERIFY(arrived(ready, 1));
        // A fresh store takes the workspace's runbooks as its baseline: nothing to report.
        QVERIFY(ready.first().at(1).value<QList<RunbookRevision>>().isEmpty());
        QVERIFY(ready.first().first().value<HandoffNote>().body.isEmpty());

        const HandoffNote note{week, QStringLiteral("chen"), QStringLiteral("Loader flaky"),
                               QDateTime(QDate(2026, 11, 22), QTime(17, 0), QTimeZone::utc())};
        QMetaObject::invokeMethod(r.worker, [=, w = r.worker] { w->saveHandoffNote(note); });
        QVERIFY(arrived(saved, 1));
        QCOMPARE(saved.first().first().value<HandoffNote>(), note);
        QMetaObject::invokeMethod(
            r.worker, [=, w = r.worker] { w->requestHandoffData(week, from, from.addDays(7)); });
        QVERIFY(arrived(ready, 2));
        QCOMPARE(ready.at(1).first().value<HandoffNote>().body, QStringLiteral("Loader flaky"));
        // Another week: its own (empty) note and no runbook changes.
        QMetaObject::invokeMethod(r.worker, [=, w = r.worker] {
            w->requestHandoffData(week.addDays(7), from.addDays(7), from.addDays(14));
        });
        QVERIFY(arrived(ready, 3));
        QVERIFY(ready.at(2).first().value<HandoffNote>().body.isEmpty());
        QVERIFY(ready.at(2).at(1).value<QList<RunbookRevision>>().isEmpty());
    }
};

QTEST_GUILESS_MAIN(tst_EngineWorker)
#include "tst_engineworker.moc"
