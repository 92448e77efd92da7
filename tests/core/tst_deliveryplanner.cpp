#include "demoworkspace.h"
#include "engine/alertbook.h"
#include "engine/clock.h"
#include "paging/deliveryplanner.h"

#include <QtTest>

using namespace wk;

namespace {

const TimestampNs t0 = 1767225600LL * nanosPerSecond;

AlertCondition burst(const QString &subject)
{
    AlertCondition c;
    c.ruleId = QStringLiteral("errors");
    c.ruleKind = QStringLiteral("burst");
    c.pipelineId = QStringLiteral("engagement-aggregate");
    c.subject = subject;
    c.title = QStringLiteral("5 time outs for %1").arg(subject);
    c.severity = Severity::High;
    return c;
}

// The demo with a mail server; everyone has an email and a webhook, and Bo has neither
// contacts nor anything but an email.
Workspace paged()
{
    Workspace ws = test::demoWorkspace();
    ws.smtp.host = QStringLiteral("127.0.0.1");
    ws.smtp.from = QStringLiteral("oncall@example.org");
    for (Person &p : ws.people) {
        ContactMethod email;
        email.address = p.id + QStringLiteral("@pages.example.org");
        ContactMethod hook;
        hook.kind = ContactMethod::Kind::Webhook;
        hook.address = QStringLiteral("https://hooks.example.org/") + p.id;
        ContactMethod desktop;
        desktop.kind = ContactMethod::Kind::Desktop;
        p.contacts = {email, desktop, hook};
    }
    return ws;
}

QStringList keysOf(const QList<Delivery> &deliveries)
{
    QStringList keys;
    for (const Delivery &d : deliveries)
        keys << d.key;
    keys.sort();
    return keys;
}

} // namespace

class tst_DeliveryPlanner : public QObject
{
    Q_OBJECT

private slots:
    void raisedEscalatedAndEnded()
    {
        const Workspace ws = paged();
        ManualClock clock(t0);
        AlertBook book(ws, clock);
        DeliveryPlanner planner(ws);
        QVERIFY(planner.pages());

        const qint64 id = book.fire(burst(QStringLiteral("u1")));
        const Alert raised = *book.alert(id);
        DeliveryChanges c = planner.plan(book.takeChanges(), 42);
        // Every method that sends: email and webhook, not the desktop.
        const QString who = raised.assignee;
        QCOMPARE(keysOf(c.planned),
                 (QStringList{Delivery::makeKey(id, QStringLiteral("raised"), who, 0),
                              Delivery::makeKey(id, QStringLiteral("raised"), who, 2)}));
        for (const Delivery &d : c.planned) {
            QCOMPARE(d.createdAt, 42);
            QCOMPARE(d.nextAttemptAt, 42);
            QCOMPARE(d.status, Delivery::Status::Pending);
            QCOMPARE(d.alertKey, raised.dedupKey);
            QVERIFY(d.subject.startsWith(QStringLiteral("[HIGH]")));
            QCOMPARE(d.json.isEmpty(), d.kind == QLatin1String("email"));
        }
        QVERIFY(c.cancelled.isEmpty());

        // The same alert changing again (a higher count) pages nobody again.
        book.fire(burst(QStringLiteral("u1")));
        QVERIFY(planner.plan(book.takeChanges(), 43).isEmpty());

        // Escalation pages the person it escalates to.
        QVERIFY(book.escalate(id, QStringLiteral("engine")));
        const QString secondary = book.alert(id)->assignee;
        QVERIFY(secondary != who);
        c = planner.plan(book.takeChanges(), 44);
        QCOMPARE(c.planned.size(), 2);
        for (const Delivery &d : c.planned) {
            QCOMPARE(d.person, secondary);
            QCOMPARE(d.step, QStringLiteral("escalated"));
        }

        // Acknowledged: what has not gone is cancelled, once.
        QVERIFY(book.acknowledge(id, QStringLiteral("chen")));
        c = planner.plan(book.takeChanges(), 45);
        QVERIFY(c.planned.isEmpty());
        QCOMPARE(c.cancelled, QList<qint64>{id});
        QVERIFY(book.resolve(id, QStringLiteral("chen")));
        QVERIFY(planner.plan(book.takeChanges(), 46).isEmpty());
    }

    void silencedAlertsPageNobody()
    {
        const Workspace ws = paged();
        ManualClock clock(t0);
        AlertBook book(ws, clock);
        book.addSilence({QStringLiteral("s"),
                         {{QStringLiteral("pipeline"), QStringLiteral("engagement-aggregate")}},
                         t0 - nanosPerSecond,
                         t0 + 3600 * nanosPerSecond,
                         QStringLiteral("chen"),
                         QStringLiteral("deploy")});
        book.fire(burst(QStringLiteral("u2")));
        DeliveryPlanner planner(ws);
        QVERIFY(planner.plan(book.takeChanges(), 1).isEmpty());
    }

    // Without contacts a person is emailed at their address; without a mail server email
    // methods are not planned, and with nothing to send by the planner pages nobody.
    void defaultsAndWhatCannotBeSent()
    {
        Workspace ws = paged();
        for (Person &p : ws.people)
            p.contacts.clear();
        ManualClock clock(t0);
        AlertBook book(ws, clock);
        const qint64 id = book.fire(burst(QStringLiteral("u3")));
        DeliveryPlanner planner(ws);
        const DeliveryChanges c = planner.plan(book.takeChanges(), 1);
        QCOMPARE(c.planned.size(), 1);
        QCOMPARE(c.planned.first().contact, -1);
        QCOMPARE(c.planned.first().target, ws.person(book.alert(id)->assignee)->email);

        ws.smtp = SmtpSettings();
        QVERIFY(!DeliveryPlanner(ws).pages());
        QVERIFY(!DeliveryPlanner(test::demoWorkspace()).pages());

        // A failed save is planned again when asked.
        DeliveryPlanner again(paged());
        AlertBook other(paged(), clock);
        other.fire(burst(QStringLiteral("u4")));
        const QList<Alert> changes = other.takeChanges();
        const DeliveryChanges first = again.plan(changes, 1);
        QCOMPARE(first.planned.size(), 2);
        QVERIFY(again.plan(changes, 2).isEmpty());
        again.forget(first);
        QCOMPARE(again.plan(changes, 3).planned.size(), 2);
    }
};

QTEST_GUILESS_MAIN(tst_DeliveryPlanner)
#include "tst_deliveryplanner.moc"
