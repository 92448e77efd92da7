#include "demoworkspace.h"
#include "domain/clock.h"
#include "engine/engine.h"
#include "workspace/workspacereader.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace wk;

namespace {

const TimestampNs t0 = 1767225600LL * nanosPerSecond;
const qint64 second = nanosPerSecond;
const qint64 minute = 60 * second;
const qint64 hour = 60 * minute;

// A workspace of the demo's people and pipelines with the given rules and one source.
Workspace workspaceWith(const QString &rulesYaml)
{
    return test::demoWorkspaceWithRules(rulesYaml);
}

Event ev(TimestampNs t, const QString &subject, const QString &name, const QString &id = {})
{
    return {QStringLiteral("app-errors"), t, subject, name,
            id.isEmpty() ? QString::number(t) + subject + name : id};
}

QList<Alert> openAlerts(const Engine &engine)
{
    QList<Alert> out;
    for (const Alert &a : engine.book().alerts()) {
        if (a.isOpen())
            out << a;
    }
    return out;
}

} // namespace

class tst_Engine : public QObject
{
    Q_OBJECT
private slots:
    void burstRaisesGrowsAndResolves()
    {
        ManualClock clock(t0);
        Engine engine(
            workspaceWith(QStringLiteral(
                "  - {id: errs, kind: burst, pipeline: engagement-aggregate, severity: high, "
                "source: app-errors, threshold: 5, window: 432s}\n")),
            QString(), clock);
        QVERIFY(engine.prepare(nullptr));
        for (int i = 0; i < 4; ++i)
            engine.ingest(ev(t0 + i * minute, QStringLiteral("u1"), QStringLiteral("time out")));
        engine.ingest(ev(t0, QStringLiteral("u1"), QStringLiteral("login")));
        clock.set(t0 + 3 * minute);
        engine.evaluate();
        QVERIFY(openAlerts(engine).isEmpty()); // four events so far

        clock.set(t0 + 4 * minute);
        engine.ingest(ev(t0 + 4 * minute, QStringLiteral("u1"), QStringLiteral("time out")));
        engine.evaluate();
        QCOMPARE(openAlerts(engine).size(), 1);
        const Alert first = openAlerts(engine).first();
        QCOMPARE(first.eventCount, 5);
        QCOMPARE(first.severity, Severity::High);
        QCOMPARE(first.triggeredAt, t0 + 4 * minute);
        QCOMPARE(first.ackBy, t0 + 4 * minute + 2 * hour);

        engine.ingest(ev(t0 + 5 * minute, QStringLiteral("u1"), QStringLiteral("time out")));
        clock.set(t0 + 5 * minute);
        engine.evaluate();
        QCOMPARE(engine.book().alert(first.id)->eventCount, 6);

        // At t0 + 432 s + 1 ns the first event leaves the window: still five.
        clock.set(t0 + 432 * second + 1);
        engine.evaluate();
        QCOMPARE(engine.book().alert(first.id)->eventCount, 5);
        QVERIFY(engine.book().alert(first.id)->isOpen());
        // A minute later only four are left: resolved by the engine.
        clock.set(t0 + 432 * second + minute + 1);
        engine.evaluate();
        QCOMPARE(engine.book().alert(first.id)->state, AlertState::Resolved);
        QCOMPARE(engine.book().alert(first.id)->timeline.last().detail,
                 QStringLiteral("the condition cleared"));
    }

    // A restart empties the rule's window: an alert that was open must be seen again within
    // the window, or it resolves saying why; one seen again carries on and clears as usual.
    void openBurstsAfterARestartResolveOrCarryOn()
    {
        const Workspace ws = workspaceWith(QStringLiteral(
            "  - {id: errs, kind: burst, pipeline: engagement-aggregate, severity: high, "
            "source: app-errors, threshold: 5, window: 30s}\n"));
        ManualClock clock(t0);
        QList<Alert> stored;
        {
            Engine before(ws, QString(), clock);
            QVERIFY(before.prepare(nullptr));
            for (const QString user : {"u1", "u2"})
                for (int i = 0; i < 5; ++i)
                    before.ingest(ev(t0 + i * second, user, QStringLiteral("time out")));
            clock.set(t0 + 5 * second);
            before.evaluate();
            QCOMPARE(openAlerts(before).size(), 2);
            stored = before.book().alerts();
        } // the console stops here

        Engine after(ws, QString(), clock);
        QVERIFY(after.prepare(nullptr));
        after.book().restore(stored);
        after.expectOpenAlertsAgain();
        // u2's burst goes on after the restart; u1's is never seen again.
        for (int i = 0; i < 5; ++i)
            after.ingest(
                ev(t0 + (10 + i) * second, QStringLiteral("u2"), QStringLiteral("time out")));
        clock.set(t0 + 15 * second);
        after.evaluate();
        QCOMPARE(openAlerts(after).size(), 2); // within the window: no verdict yet
        clock.set(t0 + 36 * second);
        after.evaluate();
        const QList<Alert> open = openAlerts(after);
        QCOMPARE(open.size(), 1);
        QVERIFY(open.first().subject.startsWith(QLatin1String("u2/")));
        for (const Alert &a : after.book().alerts()) {
            if (a.subject.startsWith(QLatin1String("u1/"))) {
                QCOMPARE(a.state, AlertState::Resolved);
                QVERIFY(a.timeline.last().detail.startsWith(
                    QStringLiteral("no longer observed since the console restarted")));
            }
        }
        // u2's burst ends as any does.
        clock.set(t0 + 50 * second);
        after.evaluate();
        QVERIFY(openAlerts(after).isEmpty());
    }

    void lateBurstIsRecorded()
    {
        ManualClock clock(t0 + hour);
        Engine engine(
            workspaceWith(QStringLiteral(
                "  - {id: errs, kind: burst, pipeline: engagement-aggregate, severity: high, "
                "source: app-errors, threshold: 5, window: 432s}\n")),
            QString(), clock);
        QVERIFY(engine.prepare(nullptr));
        engine.evaluate();
        // Five events from half an hour ago arrive only now.
        for (int i = 0; i < 5; ++i)
            engine.ingest(ev(t0 + 30 * minute + i * second, QStringLiteral("u7"),
                             QStringLiteral("page not found")));
        engine.evaluate();
        const QList<Alert> all = engine.book().alerts();
        QCOMPARE(all.size(), 1);
        QCOMPARE(all.first().eventCount, 5);
        QCOMPARE(all.first().state, AlertState::Resolved);
        QVERIFY(all.first().evidence.contains(QStringLiteral("late events")));
    }

    // A console restarted at t0 + 1h reads on from its checkpoint: the file gained events
    // while it was down. A burst among them is on record (raised, already over), even one
    // that came long after the first unread event; a fresh start reads history quietly.
    void burstWhileTheConsoleWasDownIsRecordedOnResume()
    {
        const QString rules = QStringLiteral(
            "  - {id: errs, kind: burst, pipeline: engagement-aggregate, severity: high, "
            "source: app-errors, threshold: 5, window: 432s}\n");
        for (const bool resumed : {true, false}) {
            ManualClock clock(t0 + hour);
            Engine engine(workspaceWith(rules), QString(), clock);
            QVERIFY(engine.prepare(nullptr));
            if (resumed)
                engine.resume();
            // One stray event at t0 + 5 min, the burst twenty minutes later.
            engine.ingest(ev(t0 + 5 * minute, QStringLiteral("u7"), QStringLiteral("time out")));
            for (int i = 0; i < 6; ++i)
                engine.ingest(ev(t0 + 25 * minute + i * second, QStringLiteral("u7"),
                                 QStringLiteral("time out")));
            engine.evaluate();
            const QList<Alert> all = engine.book().alerts();
            if (!resumed) {
                QVERIFY(all.isEmpty());
                continue;
            }
            QCOMPARE(all.size(), 1);
            QCOMPARE(all.first().eventCount, 6);
            QCOMPARE(all.first().state, AlertState::Resolved);
            QVERIFY(all.first().evidence.contains(QStringLiteral("already over")));
            // Live from here: an event now is not late, and the next evaluation is quiet.
            engine.ingest(ev(t0 + hour, QStringLiteral("u7"), QStringLiteral("time out")));
            clock.set(t0 + hour + minute);
            engine.evaluate();
            QCOMPARE(engine.book().alerts().size(), 1);
        }
    }

    void burstCountsOwnersOnlyAndCarriesRevenue()
    {
        QTemporaryDir dir;
        QFile users(dir.filePath(QStringLiteral("users.csv")));
        QVERIFY(users.open(QIODevice::WriteOnly));
        users.write("user_id,team_id,is_team_owner\nowner,t1,1\nmember,t1,0\nco-owner,t1,Yes\n");
        users.close();
        QFile teams(dir.filePath(QStringLiteral("teams.csv")));
        QVERIFY(teams.open(QIODevice::WriteOnly));
        teams.write("team_id,customer_id\nt1,c-globex\n");
        teams.close();
        ManualClock clock(t0 + minute);
        Engine engine(
            workspaceWith(QStringLiteral(
                "  - {id: errs, kind: burst, pipeline: engagement-aggregate, severity: high, "
                "source: app-errors, users: users.csv, teams: teams.csv}\n")),
            dir.path(), clock);
        QList<Diagnostic> errors;
        QVERIFY2(engine.prepare(&errors), qPrintable(formatDiagnostics(errors)));
        for (int i = 0; i < 5; ++i) {
            engine.ingest(ev(t0 + i * second, QStringLiteral("owner"), QStringLiteral("time out")));
            engine.ingest(
                ev(t0 + i * second, QStringLiteral("member"), QStringLiteral("time out")));
        }
        engine.evaluate();
        const QList<Alert> open = openAlerts(engine);
        QCOMPARE(open.size(), 1);
        QCOMPARE(open.first().subject, QStringLiteral("owner/time out"));
        QCOMPARE(open.first().customerId, QStringLiteral("c-globex"));
        QCOMPARE(open.first().revenue, 500.0);

        // Owner flags mean what they mean to `check burst`; a flag that is neither is bad input.
        for (int i = 0; i < 5; ++i)
            engine.ingest(
                ev(t0 + i * second, QStringLiteral("co-owner"), QStringLiteral("page not found")));
        engine.evaluate();
        QCOMPARE(openAlerts(engine).size(), 2);

        // The customers read again from their query: an alert raised afterwards carries the
        // new revenue; one raised before keeps what it was raised with.
        QList<Customer> customers = engine.workspace().customers;
        for (Customer &c : customers) {
            if (c.id == QLatin1String("c-globex"))
                c.monthlyRevenue = 1200;
        }
        engine.setCustomers(customers);
        for (int i = 0; i < 5; ++i)
            engine.ingest(
                ev(t0 + i * second, QStringLiteral("owner"), QStringLiteral("page not found")));
        engine.evaluate();
        bool seen = false;
        for (const Alert &a : openAlerts(engine)) {
            if (a.subject == QLatin1String("owner/page not found")) {
                QCOMPARE(a.revenue, 1200.0);
                seen = true;
            }
            if (a.subject == QLatin1String("owner/time out"))
                QCOMPARE(a.revenue, 500.0); // raised before: as it was raised
        }
        QVERIFY(seen);
        QCOMPARE(engine.workspace().customers, customers);
        QVERIFY(users.open(QIODevice::Append));
        users.write("odd,t1,maybe\n");
        users.close();
        Engine strict(engine.workspace(), dir.path(), clock);
        errors.clear();
        QVERIFY(!strict.prepare(&errors));
        QVERIFY2(formatDiagnostics(errors).contains(
                     QStringLiteral("users.csv:5: error: is_team_owner 'maybe'")),
                 qPrintable(formatDiagnostics(errors)));
    }

    void freshnessWarnsThenErrs()
    {
        ManualClock clock(t0);
        Engine engine(workspaceWith(QStringLiteral(
                          "  - {id: fresh, kind: freshness, pipeline: engagement-aggregate, "
                          "severity: critical, "
                          "source: app-errors, warn_after: 24h, error_after: 48h}\n")),
                      QString(), clock);
        QVERIFY(engine.prepare(nullptr));
        engine.ingest(ev(t0, QStringLiteral("u1"), QStringLiteral("login")));
        clock.set(t0 + 24 * hour);
        engine.evaluate();
        QVERIFY(openAlerts(engine).isEmpty()); // exactly 24 h is not older than 24 h
        clock.set(t0 + 25 * hour);
        engine.evaluate();
        QCOMPARE(openAlerts(engine).size(), 1);
        const qint64 id = openAlerts(engine).first().id;
        QCOMPARE(engine.book().alert(id)->severity, Severity::High); // the warn level
        clock.set(t0 + 49 * hour);
        engine.evaluate();
        QCOMPARE(engine.book().alert(id)->severity, Severity::Critical);
        // The warning's own ack-by time (25 h + 2 h) had already passed and stays: a raised
        // severity never extends a deadline, it can only bring it forward.
        QCOMPARE(engine.book().alert(id)->ackBy, t0 + 27 * hour);
        QVERIFY(engine.book().alert(id)->escalated);
        QVERIFY(engine.book().alert(id)->title.contains(QStringLiteral("newest data is 49h old")));
        // Fresh data arrives: resolved.
        engine.ingest(ev(t0 + 49 * hour, QStringLiteral("u1"), QStringLiteral("login")));
        engine.evaluate();
        QCOMPARE(engine.book().alert(id)->state, AlertState::Resolved);
    }

    void volumeDropAgainstMedianBaseline()
    {
        ManualClock clock(t0);
        Engine engine(workspaceWith(QStringLiteral(
                          "  - {id: vol, kind: volume, pipeline: growth-daily, severity: high, "
                          "source: app-errors, period: 1h, baseline: 6, drop: 0.5}\n")),
                      QString(), clock);
        QVERIFY(engine.prepare(nullptr));
        // Six hours of about 20 events, one spike hour of 200 that the median ignores.
        for (int h = 0; h < 6; ++h) {
            const int n = h == 2 ? 200 : 20;
            for (int i = 0; i < n; ++i)
                engine.ingest(
                    ev(t0 + h * hour + i * second, QStringLiteral("u1"), QStringLiteral("login")));
        }
        clock.set(t0 + 6 * hour + minute);
        engine.evaluate();
        QVERIFY(openAlerts(engine).isEmpty());
        // Hour 6 brings 10 events: half the median, at the limit, so it alerts.
        for (int i = 0; i < 10; ++i)
            engine.ingest(
                ev(t0 + 6 * hour + i * second, QStringLiteral("u1"), QStringLiteral("login")));
        clock.set(t0 + 7 * hour + minute);
        engine.evaluate();
        QCOMPARE(openAlerts(engine).size(), 1);
        QCOMPARE(openAlerts(engine).first().eventCount, 10);
        // Hour 7 is back to normal: resolved.
        for (int i = 0; i < 20; ++i)
            engine.ingest(
                ev(t0 + 7 * hour + i * second, QStringLiteral("u1"), QStringLiteral("login")));
        clock.set(t0 + 8 * hour + minute);
        engine.evaluate();
        QVERIFY(openAlerts(engine).isEmpty());
        // A dead queue: nothing at all in hour 8.
        clock.set(t0 + 9 * hour + minute);
        engine.evaluate();
        QCOMPARE(openAlerts(engine).size(), 1);
        QCOMPARE(openAlerts(engine).first().eventCount, 0);
    }

    void duplicatesAreDroppedBeforeOtherRulesCount()
    {
        ManualClock clock(t0 + minute);
        Engine engine(
            workspaceWith(QStringLiteral(
                "  - {id: dups, kind: duplicates, pipeline: growth-daily, severity: medium, "
                "source: app-errors, window: 1h}\n"
                "  - {id: errs, kind: burst, pipeline: engagement-aggregate, severity: high, "
                "source: app-errors, threshold: 5}\n")),
            QString(), clock);
        QVERIFY(engine.prepare(nullptr));
        for (int i = 0; i < 4; ++i)
            engine.ingest(ev(t0 + i * second, QStringLiteral("u1"), QStringLiteral("time out"),
                             QStringLiteral("e%1").arg(i)));
        // The same event (same id) delivered twice more: the burst must still see four.
        engine.ingest(ev(t0 + 3 * second, QStringLiteral("u1"), QStringLiteral("time out"),
                         QStringLiteral("e3")));
        engine.ingest(ev(t0 + 3 * second, QStringLiteral("u1"), QStringLiteral("time out"),
                         QStringLiteral("e3")));
        engine.evaluate();
        QCOMPARE(engine.duplicatesDropped(), 2);
        const QList<Alert> open = openAlerts(engine);
        QCOMPARE(open.size(), 1);
        QCOMPARE(open.first().ruleId, QStringLiteral("dups"));
        QCOMPARE(open.first().eventCount, 2);
        // An hour later the duplicates are out of the window: resolved.
        clock.set(t0 + 2 * hour);
        engine.evaluate();
        QVERIFY(openAlerts(engine).isEmpty());
        // Ids are remembered for twice the window: a copy two hours late is still dropped.
        engine.ingest(
            ev(t0, QStringLiteral("u1"), QStringLiteral("time out"), QStringLiteral("e0")));
        QCOMPARE(engine.duplicatesDropped(), 3);
        // Past two and a half windows they are forgotten: a copy counts as new, once.
        clock.set(t0 + 2 * hour + 31 * minute);
        engine.evaluate();
        engine.ingest(
            ev(t0, QStringLiteral("u1"), QStringLiteral("time out"), QStringLiteral("e0")));
        QCOMPARE(engine.duplicatesDropped(), 3);
        engine.ingest(
            ev(t0, QStringLiteral("u1"), QStringLiteral("time out"), QStringLiteral("e0")));
        QCOMPARE(engine.duplicatesDropped(), 4);
    }

    void missingSequenceStep()
    {
        ManualClock clock(t0 + hour);
        Engine engine(
            workspaceWith(QStringLiteral(
                "  - {id: flow, kind: sequence, pipeline: growth-daily, severity: medium, "
                "source: app-errors, steps: [registered, verified, activated]}\n")),
            QString(), clock);
        QVERIFY(engine.prepare(nullptr));
        engine.ingest(ev(t0, QStringLiteral("acct-1"), QStringLiteral("registered")));
        engine.ingest(ev(t0 + minute, QStringLiteral("acct-1"), QStringLiteral("activated")));
        engine.ingest(ev(t0, QStringLiteral("acct-2"), QStringLiteral("registered")));
        engine.ingest(ev(t0 + 2 * minute, QStringLiteral("acct-2"), QStringLiteral("activated")));
        // acct-2's verification arrives late but happened in between: no violation.
        engine.ingest(ev(t0 + minute, QStringLiteral("acct-2"), QStringLiteral("verified")));
        engine.evaluate();
        const QList<Alert> open = openAlerts(engine);
        QCOMPARE(open.size(), 1);
        QCOMPARE(open.first().title,
                 QStringLiteral("acct-1 went registered → activated without verified"));
        // Reported once, not again at the next evaluation.
        engine.evaluate();
        QCOMPARE(engine.book().size(), 1);
    }

    void sqlAssertion()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("warehouse.sqlite"));
        {
            QSqlDatabase db =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("setup"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("CREATE TABLE orders (id INTEGER, fee REAL)")));
            QVERIFY(
                q.exec(QStringLiteral("INSERT INTO orders VALUES (1, 0.3), (2, NULL), (3, NULL)")));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("setup"));
        ManualClock clock(t0);
        Engine engine(
            workspaceWith(
                QStringLiteral(
                    "  - id: fees\n    kind: sql\n    pipeline: profit-unit\n    severity: high\n"
                    "    connection: \"sqlite://%1\"\n    query: SELECT id FROM orders WHERE fee "
                    "IS NULL\n"
                    "    interval: 15m\n"
                    "  - {id: broken, kind: sql, pipeline: profit-unit, severity: medium, "
                    "connection: \"sqlite://%1\", query: SELECT nope FROM nowhere}\n")
                    .arg(path)),
            QString(), clock);
        QVERIFY(engine.prepare(nullptr));
        engine.evaluate();
        QList<Alert> open = openAlerts(engine);
        QCOMPARE(open.size(), 2);
        QCOMPARE(open[0].title, QStringLiteral("fees: 2 failing row(s)"));
        QCOMPARE(open[0].evidence, QStringLiteral("2\n3"));
        QCOMPARE(open[1].title, QStringLiteral("broken: the check could not run"));
        QVERIFY(open[1].evidence.contains(QStringLiteral("nowhere")));
        {
            QSqlDatabase db =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("fix"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("UPDATE orders SET fee = 0.1")));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("fix"));
        // Not re-run before its interval; then it passes and resolves.
        clock.advance(10 * minute);
        engine.evaluate();
        QCOMPARE(openAlerts(engine).size(), 2);
        clock.advance(5 * minute);
        engine.evaluate();
        QCOMPARE(openAlerts(engine).size(), 1);
    }
};

QTEST_GUILESS_MAIN(tst_Engine)
#include "tst_engine.moc"
