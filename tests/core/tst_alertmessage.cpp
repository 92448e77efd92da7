#include "demoworkspace.h"
#include "paging/alertmessage.h"

#include <QTimeZone>
#include <QtTest>

using namespace wk;

class tst_AlertMessage : public QObject
{
    Q_OBJECT

private slots:
    // The page carries what the person needs to act from a phone, in their own time zone.
    void saysWhatToDo()
    {
        const Workspace ws = test::demoWorkspace();
        Alert a;
        a.id = 42;
        a.dedupKey = QStringLiteral("burst:u-17");
        a.pipelineId = QStringLiteral("profit-unit");
        a.subject = QStringLiteral("u-17");
        a.title = QStringLiteral("Payments failing <script>alert(1)</script>");
        a.evidence = QStringLiteral("21 errors in 5 minutes");
        a.severity = Severity::Critical;
        a.customerId = QStringLiteral("c-globex");
        a.revenue = 500;
        // 2026-07-01 02:00 UTC is 03:00 in London (BST) and 10:00 in Singapore.
        const QDateTime raised(QDate(2026, 7, 1), QTime(2, 0), QTimeZone::utc());
        a.triggeredAt = toTimestamp(raised);
        a.ackBy = toTimestamp(raised.addSecs(30 * 60));

        const AlertMessage london = AlertMessage::forAlert(a, ws, QStringLiteral("amara"));
        QCOMPARE(london.key, a.dedupKey);
        QVERIFY2(london.subject.startsWith(QStringLiteral("[CRITICAL] Payments failing")),
                 qPrintable(london.subject));
        QVERIFY(london.subject.endsWith(ws.pipeline(a.pipelineId)->name));
        QVERIFY(london.text.contains(QStringLiteral("Customer: Globex, 500 a month at stake")));
        QVERIFY2(london.text.contains(QStringLiteral("Acknowledge by: 2026-07-01 03:30 BST")),
                 qPrintable(london.text));
        QVERIFY(london.text.contains(QStringLiteral("21 errors in 5 minutes")));
        // The runbook's opening lines, not all of it.
        QVERIFY(london.text.contains(QStringLiteral("## What the data is")));
        QVERIFY(!london.text.contains(ws.runbook(a.pipelineId)->markdown.trimmed()));
        // HTML escapes what the alert says.
        QVERIFY(!london.html.contains(QStringLiteral("<script>")));
        QVERIFY(london.html.contains(QStringLiteral("&lt;script&gt;")));

        const AlertMessage singapore = AlertMessage::forAlert(a, ws, QStringLiteral("chen"));
        QVERIFY2(singapore.text.contains(QStringLiteral("Acknowledge by: 2026-07-01 10:30")),
                 qPrintable(singapore.text));
    }

    void testMessageNamesThePerson()
    {
        const Workspace ws = test::demoWorkspace();
        const AlertMessage m = AlertMessage::test(*ws.person(QStringLiteral("bruno")), ws.name);
        QCOMPARE(m.key, QStringLiteral("test:bruno"));
        QVERIFY(m.subject.contains(QStringLiteral("Bruno Lehmann")));
        QVERIFY(m.text.contains(ws.name));
        QVERIFY(m.html.contains(ws.name.toHtmlEscaped()));
    }
};

QTEST_GUILESS_MAIN(tst_AlertMessage)
#include "tst_alertmessage.moc"
