#include "domain/alertsummary.h"

#include <QtTest>

using namespace wk;

namespace {

const TimestampNs t0 = 1767225600LL * nanosPerSecond;
constexpr TimestampNs minute = 60 * nanosPerSecond;

Alert alert(qint64 id, Severity s, AlertState state)
{
    Alert a;
    a.id = id;
    a.severity = s;
    a.state = state;
    a.triggeredAt = t0;
    a.ackBy = t0 + 30 * minute;
    a.resolveBy = t0 + 240 * minute;
    if (state == AlertState::Acknowledged)
        a.acknowledgedAt = t0 + 5 * minute;
    if (state == AlertState::Resolved || state == AlertState::WontFix)
        a.resolvedAt = t0 + 10 * minute;
    return a;
}

} // namespace

class tst_AlertSummary : public QObject
{
    Q_OBJECT
private slots:
    void countsOpenAlertsBySeverityAndDeadline()
    {
        const QList<Alert> alerts = {
            alert(1, Severity::Critical, AlertState::Triggered),
            alert(2, Severity::Critical, AlertState::Acknowledged),
            alert(3, Severity::High, AlertState::Snoozed),
            alert(4, Severity::Medium, AlertState::Triggered),
            alert(5, Severity::Critical, AlertState::Resolved), // closed: in no figure
            alert(6, Severity::High, AlertState::WontFix),
        };
        // Before any deadline: nothing overdue; triggered ones are unacknowledged.
        AlertSummary s = AlertSummary::of(alerts, t0 + minute);
        QCOMPARE(s.critical, 2);
        QCOMPARE(s.high, 1);
        QCOMPARE(s.medium, 1);
        QCOMPARE(s.open(), 4);
        QCOMPARE(s.unacknowledged, 2); // 1 and 4; a snooze counts as taken
        QCOMPARE(s.overdue, 0);

        // Past ack-by: the never-acknowledged open ones (a snooze does not answer the
        // response clock), not the acknowledged one.
        s = AlertSummary::of(alerts, t0 + 31 * minute);
        QCOMPARE(s.overdue, 3);
        QVERIFY(AlertSummary::isOverdue(alerts.at(2), t0 + 31 * minute));
        QVERIFY(!AlertSummary::isOverdue(alerts.at(1), t0 + 31 * minute));
        // Past resolve-by: every open one, the acknowledged too; the closed never.
        s = AlertSummary::of(alerts, t0 + 241 * minute);
        QCOMPARE(s.overdue, 4);
        QVERIFY(!AlertSummary::isOverdue(alerts.at(4), t0 + 241 * minute));
        QCOMPARE(AlertSummary::of({}, t0), AlertSummary());
    }
};

QTEST_GUILESS_MAIN(tst_AlertSummary)
#include "tst_alertsummary.moc"
