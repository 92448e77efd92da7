#include "sources/heartbeatmonitor.h"

#include <QtTest>

using namespace wk;

namespace {

constexpr TimestampNs t0 = 1'780'000'000 * nanosPerSecond;
constexpr qint64 minute = 60 * nanosPerSecond;

Heartbeat nightly()
{
    Heartbeat h;
    h.id = QStringLiteral("nightly-export");
    h.pipeline = QStringLiteral("exports");
    h.intervalSeconds = 15 * 60;
    h.graceSeconds = 5 * 60;
    h.severity = Severity::Critical;
    return h;
}

Heartbeat hourly()
{
    Heartbeat h;
    h.id = QStringLiteral("hourly");
    h.pipeline = QStringLiteral("billing");
    h.intervalSeconds = 60 * 60;
    return h;
}

} // namespace

class tst_HeartbeatMonitor : public QObject
{
    Q_OBJECT
private slots:
    // Never seen since watching began: waiting for one interval, late through the grace,
    // then missing, with one alert however often it is asked.
    void neverSeenWaitsThenGoesMissing()
    {
        HeartbeatMonitor m({nightly(), hourly()}, t0);
        QCOMPARE(m.state(QStringLiteral("nightly-export"), t0), HeartbeatMonitor::State::Waiting);
        QVERIFY(m.evaluate(t0 + 15 * minute).isEmpty());
        QCOMPARE(m.state(QStringLiteral("nightly-export"), t0 + 15 * minute),
                 HeartbeatMonitor::State::Waiting);
        QCOMPARE(m.state(QStringLiteral("nightly-export"), t0 + 15 * minute + 1),
                 HeartbeatMonitor::State::Late);
        QVERIFY(m.evaluate(t0 + 20 * minute).isEmpty());
        const QList<ExternalEvent> raised = m.evaluate(t0 + 20 * minute + 1);
        QCOMPARE(raised.size(), 1);
        const ExternalEvent &e = raised.first();
        QCOMPARE(e.origin, QStringLiteral("heartbeat"));
        QCOMPARE(e.key, QStringLiteral("nightly-export"));
        QCOMPARE(e.action, ExternalEvent::Action::Trigger);
        QCOMPARE(e.severity, Severity::Critical);
        QCOMPARE(e.pipelineHints, QStringList{QStringLiteral("exports")});
        QVERIFY2(e.evidence.contains(QStringLiteral("no check-in since watching began")),
                 qPrintable(e.evidence));
        QCOMPARE(m.state(QStringLiteral("nightly-export"), t0 + 21 * minute),
                 HeartbeatMonitor::State::Missing);
        QVERIFY(m.evaluate(t0 + 30 * minute).isEmpty());
        // The hourly one, with no grace, goes missing right after its interval.
        QCOMPARE(m.state(QStringLiteral("hourly"), t0 + 60 * minute),
                 HeartbeatMonitor::State::Waiting);
        const QList<ExternalEvent> hourlyRaised = m.evaluate(t0 + 60 * minute + 1);
        QCOMPARE(hourlyRaised.size(), 1);
        QCOMPARE(hourlyRaised.first().key, QStringLiteral("hourly"));
        QCOMPARE(hourlyRaised.first().severity, Severity::High);
    }

    // On time, late within the grace (no alert), then silent past it; the next check-in
    // resolves the alert, once, with what the job said.
    void lateMissingAndRecovering()
    {
        HeartbeatMonitor m({nightly()}, t0);
        const QString id = QStringLiteral("nightly-export");
        QVERIFY(!m.checkIn(id, t0 + minute, QStringLiteral("rows: 12")));
        QCOMPARE(m.state(id, t0 + 2 * minute), HeartbeatMonitor::State::Ok);
        QCOMPARE(m.dueBy(id), t0 + 16 * minute);
        QCOMPARE(m.state(id, t0 + 17 * minute), HeartbeatMonitor::State::Late);
        QVERIFY(m.evaluate(t0 + 17 * minute).isEmpty());
        // Checking in while late is simply on time again.
        QVERIFY(!m.checkIn(id, t0 + 18 * minute, {}));
        QCOMPARE(m.state(id, t0 + 18 * minute), HeartbeatMonitor::State::Ok);
        QVERIFY(m.evaluate(t0 + 38 * minute).isEmpty());
        const QList<ExternalEvent> raised = m.evaluate(t0 + 38 * minute + 1);
        QCOMPARE(raised.size(), 1);
        QVERIFY2(raised.first().evidence.contains(QStringLiteral("last check-in at")),
                 qPrintable(raised.first().evidence));
        QVERIFY2(raised.first().title.contains(QStringLiteral("for 20m 00s")),
                 qPrintable(raised.first().title));
        const auto resolve = m.checkIn(id, t0 + 50 * minute, QStringLiteral("back, 40 rows"));
        QVERIFY(resolve);
        QCOMPARE(resolve->action, ExternalEvent::Action::Resolve);
        QCOMPARE(resolve->key, id);
        QVERIFY2(resolve->note.contains(QStringLiteral("back, 40 rows")),
                 qPrintable(resolve->note));
        QCOMPARE(m.state(id, t0 + 50 * minute), HeartbeatMonitor::State::Ok);
        // A second check-in has nothing left to resolve.
        QVERIFY(!m.checkIn(id, t0 + 51 * minute, {}));
        // And the next silence raises a new alert.
        QCOMPARE(m.evaluate(t0 + 71 * minute + 1).size(), 1);
    }

    // A check-in that arrives after a later one never moves the last check-in back.
    void anOlderCheckInDoesNotMoveTheLastOneBack()
    {
        HeartbeatMonitor m({nightly()}, t0);
        const QString id = QStringLiteral("nightly-export");
        m.checkIn(id, t0 + 10 * minute, {});
        m.checkIn(id, t0 + 2 * minute, {});
        QCOMPARE(m.dueBy(id), t0 + 25 * minute);
        QCOMPARE(m.health(id, t0 + 11 * minute).lastSuccess, t0 + 10 * minute);
        QCOMPARE(m.health(id, t0 + 11 * minute).delivered, 2);
    }

    // A new leader carries on from the last check-in an earlier one saw, and from the
    // alert it left open: the next check-in resolves it.
    void carriesOverAnEarlierLeadersView()
    {
        HeartbeatMonitor m({nightly(), hourly()}, t0 + 100 * minute);
        m.carryOver(QStringLiteral("hourly"), t0 + 90 * minute, false);
        m.carryOver(QStringLiteral("nightly-export"), 0, true);
        m.carryOver(QStringLiteral("unknown"), t0, true); // ignored
        QCOMPARE(m.state(QStringLiteral("hourly"), t0 + 100 * minute), HeartbeatMonitor::State::Ok);
        QCOMPARE(m.dueBy(QStringLiteral("hourly")), t0 + 150 * minute);
        QCOMPARE(m.state(QStringLiteral("nightly-export"), t0 + 100 * minute),
                 HeartbeatMonitor::State::Missing);
        // Its alert is open already: nothing new is raised.
        QVERIFY(m.evaluate(t0 + 121 * minute).isEmpty());
        const auto resolve = m.checkIn(QStringLiteral("nightly-export"), t0 + 122 * minute, {});
        QVERIFY(resolve && resolve->action == ExternalEvent::Action::Resolve);
        QVERIFY(!m.knows(QStringLiteral("unknown")));
        QVERIFY(!m.checkIn(QStringLiteral("unknown"), t0, {}));
    }

    // What the Sources pane shows: state, last check-in, count, and when it is due.
    void describesItselfForTheSourcesPane()
    {
        HeartbeatMonitor m({nightly()}, t0);
        const QString id = QStringLiteral("nightly-export");
        SourceHealth h = m.health(id, t0);
        QCOMPARE(h.kind, QStringLiteral("heartbeat"));
        QCOMPARE(h.status, QStringLiteral("Waiting"));
        QVERIFY(!h.alarming);
        QVERIFY(!h.failing()); // its own alert speaks for it, not a "source failing" one
        QCOMPARE(h.lastSuccess, 0);
        QCOMPARE(h.where, QStringLiteral("POST /heartbeat/nightly-export, every 15m + 5m grace"));
        m.checkIn(id, t0 + minute, QStringLiteral("exported 12 files"));
        h = m.health(id, t0 + 2 * minute);
        QCOMPARE(h.status, QStringLiteral("OK"));
        QCOMPARE(h.lastSuccess, t0 + minute);
        QCOMPARE(h.delivered, 1);
        QVERIFY2(
            h.note.contains(
                toDateTime(t0 + 16 * minute).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"))),
            qPrintable(h.note));
        QVERIFY2(h.note.contains(QStringLiteral("exported 12 files")), qPrintable(h.note));
        h = m.health(id, t0 + 17 * minute);
        QCOMPARE(h.status, QStringLiteral("Late"));
        QVERIFY(h.alarming);
        m.evaluate(t0 + 30 * minute);
        h = m.health(id, t0 + 30 * minute);
        QCOMPARE(h.status, QStringLiteral("Missing"));
        QVERIFY(h.alarming);
        QVERIFY(!h.failing());
    }
};

QTEST_GUILESS_MAIN(tst_HeartbeatMonitor)
#include "tst_heartbeatmonitor.moc"
