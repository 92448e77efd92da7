#include "demoworkspace.h"
#include "domain/clock.h"
#include "engine/alertbook.h"
#include "schedule/oncallschedule.h"
#include "workspace/workspacereader.h"

#include <QtTest>

using namespace wk;

namespace {

const TimestampNs start = 1767225600LL * nanosPerSecond;
const qint64 minute = 60 * nanosPerSecond;

Workspace demo()
{
    return test::demoWorkspace();
}

AlertCondition condition(const QString &pipeline, Severity severity, int count = 5,
                         const QString &kind = QStringLiteral("burst"),
                         const QString &subject = QStringLiteral("u1"))
{
    AlertCondition c;
    c.ruleId = kind + QStringLiteral("-") + pipeline;
    c.ruleKind = kind;
    c.pipelineId = pipeline;
    c.subject = subject;
    c.title = QStringLiteral("%1 on %2").arg(kind, pipeline);
    c.severity = severity;
    c.count = count;
    return c;
}

QStringList actions(const Alert &a)
{
    QStringList out;
    for (const TimelineEntry &e : a.timeline)
        out << e.actor + QLatin1Char(':') + e.action;
    return out;
}

} // namespace

class tst_AlertBook : public QObject
{
    Q_OBJECT
private slots:
    void deadlinesFollowTheSeverityTier_data()
    {
        QTest::addColumn<Severity>("severity");
        QTest::addColumn<qint64>("ackMinutes");
        QTest::addColumn<qint64>("resolveMinutes");
        QTest::newRow("critical") << Severity::Critical << qint64(30) << qint64(240);
        QTest::newRow("high") << Severity::High << qint64(120) << qint64(720);
        QTest::newRow("medium") << Severity::Medium << qint64(360) << qint64(1440);
    }

    // An alert of no pipeline (a failing source) goes to whoever is on call first, and
    // where nobody is, the timeline says so instead of naming an empty assignee.
    void anAlertWithoutAPipelineIsNeverAssignedToAnEmptyName()
    {
        // Once the demo's rotations have begun.
        const TimestampNs now = start + 10 * 86400 * nanosPerSecond;
        ManualClock clock(now);
        const Workspace ws = demo();
        AlertBook book(ws, clock);
        const qint64 id = book.fire(condition(
            QString(), Severity::High, 1, QStringLiteral("source"), QStringLiteral("receiver")));
        const OnCallSchedule schedule(ws);
        const QString onCall = schedule.onCallFor(ws.rotations.first().id, toDateTime(now)).primary;
        QVERIFY(!onCall.isEmpty());
        QCOMPARE(book.alert(id)->assignee, onCall);
        QVERIFY2(book.alert(id)->timeline.first().detail.contains(
                     QStringLiteral("no pipeline names an owner")),
                 qPrintable(book.alert(id)->timeline.first().detail));

        Workspace bare = ws;
        bare.rotations.clear();
        AlertBook lonely(bare, clock);
        const qint64 other = lonely.fire(condition(
            QString(), Severity::High, 1, QStringLiteral("source"), QStringLiteral("receiver")));
        const QString detail = lonely.alert(other)->timeline.first().detail;
        QVERIFY2(detail.contains(QStringLiteral("assigned to nobody (unassigned)")),
                 qPrintable(detail));
        QVERIFY(!detail.contains(QStringLiteral("to  (")));
    }

    void deadlinesFollowTheSeverityTier()
    {
        QFETCH(Severity, severity);
        QFETCH(qint64, ackMinutes);
        QFETCH(qint64, resolveMinutes);
        ManualClock clock(start);
        AlertBook book(demo(), clock);
        const qint64 id = book.fire(condition(QStringLiteral("profit-aggregate"), severity));
        const Alert *a = book.alert(id);
        QCOMPARE(a->state, AlertState::Triggered);
        QCOMPARE(a->triggeredAt, start);
        QCOMPARE(a->ackBy, start + ackMinutes * minute);
        QCOMPARE(a->resolveBy, start + resolveMinutes * minute);
        QCOMPARE(a->assignee, QStringLiteral("bruno")); // the primary owner

        // One minute before the ack-by time nothing happens; one past it, the secondary
        // owner gets the alert and the timeline says why.
        clock.set(a->ackBy - minute);
        book.tick();
        QVERIFY(!book.alert(id)->escalated);
        clock.set(a->ackBy + minute);
        book.tick();
        QVERIFY(book.alert(id)->escalated);
        QCOMPARE(book.alert(id)->assignee, QStringLiteral("amara"));
        const TimelineEntry last = book.alert(id)->timeline.last();
        QCOMPARE(last.action, QStringLiteral("escalated"));
        QVERIFY2(last.detail.startsWith(QStringLiteral("not acknowledged within")),
                 qPrintable(last.detail));
        QCOMPARE(last.at, clock.now());
        const qsizetype entries = book.alert(id)->timeline.size();
        clock.advance(60 * minute);
        book.tick();
        QCOMPARE(book.alert(id)->timeline.size(), entries); // escalates once
    }

    void acknowledgedInTimeDoesNotEscalate()
    {
        ManualClock clock(start);
        AlertBook book(demo(), clock);
        const qint64 id =
            book.fire(condition(QStringLiteral("profit-aggregate"), Severity::Critical));
        clock.advance(10 * minute);
        QVERIFY(book.acknowledge(id, QStringLiteral("bruno")));
        QCOMPARE(book.alert(id)->acknowledgedAt.value(), start + 10 * minute);
        QString error;
        QVERIFY(!book.acknowledge(id, QStringLiteral("bruno"), &error));
        QVERIFY(error.contains(QStringLiteral("acknowledged")));
        clock.advance(120 * minute);
        book.tick();
        QVERIFY(!book.alert(id)->escalated);
        QCOMPARE(actions(*book.alert(id)), (QStringList{"engine:triggered", "bruno:acknowledged"}));
    }

    void dedupAndAutoResolve()
    {
        ManualClock clock(start);
        AlertBook book(demo(), clock);
        const auto c = condition(QStringLiteral("engagement-aggregate"), Severity::High, 5);
        const qint64 id = book.fire(c);
        auto more = c;
        more.count = 7;
        clock.advance(minute);
        QCOMPARE(book.fire(more), id);
        QCOMPARE(book.size(), 1);
        QCOMPARE(book.alert(id)->eventCount, 7);
        QCOMPARE(book.alert(id)->timeline.last().detail, QStringLiteral("count 5 → 7"));

        clock.advance(minute);
        book.clear(c.dedupKey());
        QCOMPARE(book.alert(id)->state, AlertState::Resolved);
        QCOMPARE(book.alert(id)->resolvedAt.value(), start + 2 * minute);
        QCOMPARE(book.alert(id)->timeline.last().detail, QStringLiteral("the condition cleared"));

        // The same problem again later is a new incident.
        const qint64 again = book.fire(c);
        QVERIFY(again != id);
        QCOMPARE(book.openAlert(c.dedupKey())->id, again);
    }

    void manualResolveAndWontFix()
    {
        ManualClock clock(start);
        AlertBook book(demo(), clock);
        const auto c = condition(QStringLiteral("growth-daily"), Severity::Medium);
        const qint64 id = book.fire(c);
        QVERIFY(book.resolve(id, QStringLiteral("chen")));
        QString error;
        QVERIFY(!book.resolve(id, QStringLiteral("chen"), &error));
        // The rule still sees it: a person's resolve stands, the count is kept current.
        auto c2 = c;
        c2.count = 8;
        QCOMPARE(book.fire(c2), id);
        QCOMPARE(book.alert(id)->state, AlertState::Resolved);
        QCOMPARE(book.alert(id)->eventCount, 8);
        // It cleared and came back: a new incident.
        book.clear(c.dedupKey());
        QVERIFY(book.fire(c) != id);

        const auto d = condition(QStringLiteral("growth-daily"), Severity::Medium, 5,
                                 QStringLiteral("volume"));
        const qint64 w = book.fire(d);
        QVERIFY(book.wontFix(w, QStringLiteral("chen")));
        // While the condition lasts, firing updates the won't-fix alert instead of paging again.
        auto d2 = d;
        d2.count = 9;
        QCOMPARE(book.fire(d2), w);
        QCOMPARE(book.alert(w)->state, AlertState::WontFix);
        book.clear(d.dedupKey());
        QVERIFY(book.fire(d) != w);
    }

    // The open count is kept as states change rather than counted per request; at every
    // step it must equal a count over all alerts.
    void openCountFollowsEveryChangeOfState()
    {
        ManualClock clock(start);
        AlertBook book(demo(), clock);
        auto counted = [&] {
            int n = 0;
            for (const Alert &a : book.alerts())
                n += a.isOpen();
            return n;
        };
        QList<qint64> ids;
        for (int i = 0; i < 6; ++i)
            ids << book.fire(condition(QStringLiteral("growth-daily"), Severity::High, 5,
                                       QStringLiteral("burst"), QStringLiteral("u%1").arg(i)));
        QCOMPARE(book.openCount(), 6);
        QVERIFY(book.acknowledge(ids[0], QStringLiteral("chen")));
        QVERIFY(book.snooze(ids[1], start + minute, QStringLiteral("chen")));
        QCOMPARE(book.openCount(), counted());
        QVERIFY(book.resolve(ids[2], QStringLiteral("chen")));
        QVERIFY(book.wontFix(ids[3], QStringLiteral("chen")));
        book.clear(condition(QStringLiteral("growth-daily"), Severity::High, 5,
                             QStringLiteral("burst"), QStringLiteral("u4"))
                       .dedupKey());
        QCOMPARE(book.openCount(), 3); // acknowledged, snoozed and the untouched one
        QCOMPARE(book.openCount(), counted());
        // A stored state put back (a failed save, a leader's update) counts as it is.
        Alert reopened = *book.alert(ids[2]);
        reopened.state = AlertState::Triggered;
        Alert closed = *book.alert(ids[5]);
        closed.state = AlertState::Resolved;
        book.restore({reopened, closed});
        QCOMPARE(book.openCount(), 3);
        QCOMPARE(book.openCount(), counted());
        clock.advance(2 * minute);
        book.tick();
        QCOMPARE(book.openCount(), counted());
    }

    // A rule-like source reports everything it sees failing; what it no longer reports
    // resolves. Other rules' alerts, and alerts restored from the store, are kept apart.
    void clearRuleExceptTouchesOnlyThatRule()
    {
        ManualClock clock(start);
        AlertBook book(demo(), clock);
        auto of = [](const QString &rule, const QString &subject) {
            AlertCondition c = condition(QStringLiteral("growth-daily"), Severity::High, 1,
                                         QStringLiteral("dbt"), subject);
            c.ruleId = rule;
            return c;
        };
        const qint64 a = book.fire(of(QStringLiteral("dbt-a"), QStringLiteral("m1")));
        const qint64 b = book.fire(of(QStringLiteral("dbt-a"), QStringLiteral("m2")));
        const qint64 other = book.fire(of(QStringLiteral("dbt-b"), QStringLiteral("m1")));
        book.clearRuleExcept(QStringLiteral("dbt-a"),
                             {of(QStringLiteral("dbt-a"), QStringLiteral("m2")).dedupKey()});
        QCOMPARE(book.alert(a)->state, AlertState::Resolved);
        QCOMPARE(book.alert(b)->state, AlertState::Triggered);
        QCOMPARE(book.alert(other)->state, AlertState::Triggered);
        // An alert put back from the store as still seen is the rule's again.
        Alert again = *book.alert(a);
        again.state = AlertState::Triggered;
        again.conditionActive = true;
        book.restore({again});
        book.clearRuleExcept(QStringLiteral("dbt-a"), {});
        QCOMPARE(book.alert(a)->state, AlertState::Resolved);
        QCOMPARE(book.alert(b)->state, AlertState::Resolved);
        QCOMPARE(book.alert(other)->state, AlertState::Triggered);
    }

    void snoozeWakesUp()
    {
        ManualClock clock(start);
        AlertBook book(demo(), clock);
        const qint64 id = book.fire(condition(QStringLiteral("profit-unit"), Severity::High));
        QString error;
        QVERIFY(!book.snooze(id, start - minute, QStringLiteral("amara"), &error));
        QVERIFY(book.snooze(id, start + 20 * minute, QStringLiteral("amara")));
        QCOMPARE(book.alert(id)->state, AlertState::Snoozed);
        clock.advance(19 * minute);
        book.tick();
        QCOMPARE(book.alert(id)->state, AlertState::Snoozed);
        clock.advance(minute);
        book.tick();
        QCOMPARE(book.alert(id)->state, AlertState::Triggered);
        QCOMPARE(book.alert(id)->timeline.last().action, QStringLiteral("snooze ended"));
    }

    void manualEscalation()
    {
        ManualClock clock(start);
        AlertBook book(demo(), clock);
        const qint64 id =
            book.fire(condition(QStringLiteral("growth-aggregate"), Severity::Critical));
        QVERIFY(book.escalate(id, QStringLiteral("dana")));
        QCOMPARE(book.alert(id)->assignee, QStringLiteral("chen"));
        QString error;
        QVERIFY(!book.escalate(id, QStringLiteral("dana"), &error));
        QVERIFY(error.contains(QStringLiteral("already escalated")));
        QVERIFY(!book.acknowledge(999, QStringLiteral("dana"), &error));
        QCOMPARE(error, QStringLiteral("there is no alert #999"));
    }

    void silences()
    {
        ManualClock clock(start);
        AlertBook book(demo(), clock);
        book.addSilence({QStringLiteral("maintenance"),
                         {{QStringLiteral("pipeline"), QStringLiteral("profit-unit")}},
                         start + 10 * minute,
                         start + 70 * minute,
                         QStringLiteral("amara"),
                         QStringLiteral("planned reload")});
        const qint64 id = book.fire(condition(QStringLiteral("profit-unit"), Severity::High));
        const qint64 other = book.fire(condition(QStringLiteral("growth-daily"), Severity::High));
        QVERIFY(book.alert(id)->silencedBy.isEmpty()); // not yet in force
        clock.advance(10 * minute);
        book.tick();
        QCOMPARE(book.alert(id)->silencedBy, QStringLiteral("maintenance"));
        QVERIFY(book.alert(other)->silencedBy.isEmpty());
        clock.advance(60 * minute);
        book.tick();
        QVERIFY(book.alert(id)->silencedBy.isEmpty());
    }

    void upstreamFailureInhibitsDownstreamFreshness()
    {
        ManualClock clock(start);
        AlertBook book(demo(), clock);
        // executive-summary reads profit-aggregate, which reads profit-unit.
        const qint64 stale =
            book.fire(condition(QStringLiteral("executive-summary"), Severity::Critical, 0,
                                QStringLiteral("freshness"), QStringLiteral("table")));
        QVERIFY(book.alert(stale)->inhibitedBy.isEmpty());
        const qint64 root = book.fire(
            condition(QStringLiteral("profit-unit"), Severity::High, 3, QStringLiteral("sql")));
        QCOMPARE(
            book.alert(stale)->inhibitedBy,
            QStringLiteral("upstream pipeline 'profit-unit' is failing (alert #%1)").arg(root));
        QVERIFY(book.resolve(root, QStringLiteral("amara")));
        QVERIFY(book.alert(stale)->inhibitedBy.isEmpty());
        QCOMPARE(book.alert(stale)->timeline.last().action, QStringLiteral("no longer inhibited"));
    }

    void changesAreReportedOnce()
    {
        ManualClock clock(start);
        AlertBook book(demo(), clock);
        const qint64 a = book.fire(condition(QStringLiteral("profit-unit"), Severity::High));
        const qint64 b = book.fire(condition(QStringLiteral("growth-daily"), Severity::High));
        QCOMPARE(book.takeChanges().size(), 2);
        QVERIFY(book.takeChanges().isEmpty());
        book.acknowledge(b, QStringLiteral("chen"));
        const QList<Alert> changed = book.takeChanges();
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.first().id, b);
        Q_UNUSED(a);

        // Restoring continues the id sequence and the dedup index.
        AlertBook restored(demo(), clock);
        restored.restore(book.alerts());
        QCOMPARE(restored.fire(condition(QStringLiteral("profit-unit"), Severity::High)), a);
        QCOMPARE(restored.fire(condition(QStringLiteral("executive-summary"), Severity::High)),
                 b + 1);
    }
};

QTEST_GUILESS_MAIN(tst_AlertBook)
#include "tst_alertbook.moc"
