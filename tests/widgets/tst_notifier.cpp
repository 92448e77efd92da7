#include "domain/clock.h"
#include "notifier.h"

#include <QSettings>
#include <QSignalSpy>
#include <QWidget>
#include <QtTest>

using namespace wk;

namespace {
const TimestampNs t0 = 1767225600LL * nanosPerSecond;
const qint64 minute = 60 * nanosPerSecond;

Alert alert(qint64 id, Severity s, AlertState state = AlertState::Triggered)
{
    Alert a;
    a.id = id;
    a.severity = s;
    a.state = state;
    a.title = QStringLiteral("alert %1").arg(id);
    a.pipelineId = QStringLiteral("p");
    a.triggeredAt = t0;
    a.ackBy = t0 + 30 * minute;
    return a;
}
} // namespace

class tst_Notifier : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
    }

    void newCriticalAndHighAlertsNotifyOnce()
    {
        QWidget window;
        ManualClock clock(t0);
        Notifier n(clock, &window);
        QSignalSpy spy(&n, &Notifier::notified);
        // What was already there at start-up is not news.
        n.alertsChanged({alert(1, Severity::Critical)}, true);
        QCOMPARE(spy.count(), 0);
        QCOMPARE(n.openCritical(), 1);

        Alert silenced = alert(4, Severity::Critical);
        silenced.silencedBy = QStringLiteral("maintenance");
        n.alertsChanged({alert(2, Severity::Critical), alert(3, Severity::Medium), silenced,
                         alert(5, Severity::High)});
        QCOMPARE(spy.count(), 2); // the critical and the high one
        QVERIFY(spy.at(0).at(0).toString().startsWith(QStringLiteral("CRITICAL alert: alert 2")));
        QVERIFY(spy.at(1).at(0).toString().startsWith(QStringLiteral("HIGH alert")));
        QCOMPARE(n.openCritical(), 3);

        // An update of a known alert is not a new one; a resolved one leaves the count.
        Alert grown = alert(2, Severity::Critical);
        grown.eventCount = 9;
        n.alertsChanged({grown, alert(1, Severity::Critical, AlertState::Resolved)});
        QCOMPARE(spy.count(), 2);
        QCOMPARE(n.openCritical(), 2);
    }

    void warnsBeforeTheAckDeadlineOnce()
    {
        QWidget window;
        ManualClock clock(t0);
        Notifier n(clock, &window);
        n.alertsChanged({alert(7, Severity::High)}, true);
        QSignalSpy spy(&n, &Notifier::notified);
        clock.set(t0 + 24 * minute);
        n.checkDeadlines();
        QCOMPARE(spy.count(), 0); // six minutes left, the warning is at five
        clock.set(t0 + 26 * minute);
        n.checkDeadlines();
        QCOMPARE(spy.count(), 1);
        QVERIFY(spy.first().at(0).toString().startsWith(QStringLiteral("Acknowledge soon")));
        n.checkDeadlines();
        QCOMPARE(spy.count(), 1);
    }

    void popupsCanBeSwitchedOff()
    {
        QWidget window;
        ManualClock clock(t0);
        Notifier n(clock, &window);
        Notifier::Settings off = n.settings();
        off.popups = false;
        off.save();
        n.setSettings(Notifier::Settings::load());
        QSignalSpy spy(&n, &Notifier::notified);
        n.alertsChanged({alert(9, Severity::Critical)});
        QCOMPARE(spy.count(), 0);
        QCOMPARE(n.openCritical(), 1); // still counted for the tray
        QVERIFY(!Notifier::Settings::load().popups);
    }
};

QTEST_MAIN(tst_Notifier)
#include "tst_notifier.moc"
