#include "demoworkspace.h"
#include "domain/clock.h"
#include "engine/alertbook.h"
#include "report/handoffreport.h"
#include "storage/database.h"
#include "storage/schedulestore.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace wk;

namespace {

TimestampNs at(const QString &iso)
{
    return QDateTime::fromString(iso, Qt::ISODate).toMSecsSinceEpoch() * 1'000'000;
}

QDateTime when(const QString &iso)
{
    return QDateTime::fromString(iso, Qt::ISODate).toUTC();
}

AlertCondition condition(const QString &pipeline, Severity severity, const QString &subject,
                         double revenue = 0)
{
    AlertCondition c;
    c.ruleId = QStringLiteral("rule-") + pipeline;
    c.ruleKind = QStringLiteral("burst");
    c.pipelineId = pipeline;
    c.subject = subject;
    c.title = QStringLiteral("errors on %1").arg(pipeline);
    c.severity = severity;
    c.revenue = revenue;
    return c;
}

} // namespace

class tst_HandoffReport : public QObject
{
    Q_OBJECT

private slots:
    void alertsGoToWhoeverIsOnCall();
    void figuresOfAScriptedWeek();
    void storeKeepsOverridesAndNotes();
};

void tst_HandoffReport::alertsGoToWhoeverIsOnCall()
{
    const Workspace ws = test::demoWorkspace();
    ManualClock clock(at(QStringLiteral("2026-11-17T12:00:00Z"))); // a Tuesday
    AlertBook book(ws, clock);
    const OnCallSchedule schedule(ws);
    const qint64 id = book.fire(
        condition(QStringLiteral("profit-unit"), Severity::Critical, QStringLiteral("u1")));
    const OnCallAnswer now = schedule.onCall(QStringLiteral("profit-unit"),
                                             when(QStringLiteral("2026-11-17T12:00:00Z")));
    QCOMPARE(book.alert(id)->assignee, now.primary);
    QVERIFY(book.alert(id)->timeline.first().detail.contains(QStringLiteral("(on call)")));
    // Escalation goes to the on-call secondary.
    QVERIFY(book.escalate(id, QStringLiteral("amara")));
    QCOMPARE(book.alert(id)->assignee, now.secondary);

    // Saturday is outside the product-analytics rotation's working hours: the owner takes it.
    clock.set(at(QStringLiteral("2026-11-21T12:00:00Z")));
    const qint64 weekend =
        book.fire(condition(QStringLiteral("growth-daily"), Severity::High, QStringLiteral("u2")));
    QCOMPARE(book.alert(weekend)->assignee,
             ws.pipeline(QStringLiteral("growth-daily"))->primaryOwner);
    QVERIFY(book.alert(weekend)->timeline.first().detail.contains(QStringLiteral("(the owner)")));

    // An override made in the console takes effect for new alerts.
    ScheduleOverride o;
    o.id = QStringLiteral("o1");
    o.rotation = QStringLiteral("investor-reporting");
    o.person =
        now.primary == QLatin1String("dana") ? QStringLiteral("bruno") : QStringLiteral("dana");
    o.start = when(QStringLiteral("2026-11-21T00:00:00Z"));
    o.end = when(QStringLiteral("2026-11-22T00:00:00Z"));
    o.createdBy = QStringLiteral("amara");
    o.reason = QStringLiteral("swap");
    book.setStoredOverrides({o});
    const qint64 covered = book.fire(
        condition(QStringLiteral("profit-aggregate"), Severity::High, QStringLiteral("u3")));
    QCOMPARE(book.alert(covered)->assignee, o.person);
}

void tst_HandoffReport::figuresOfAScriptedWeek()
{
    const Workspace ws = test::demoWorkspace();
    ManualClock clock(at(QStringLiteral("2026-11-13T10:00:00Z")));
    AlertBook book(ws, clock);
    const qint64 critTarget =
        book.targetFor(QStringLiteral("profit-aggregate"), Severity::Critical).responseSeconds;
    const qint64 mediumResolve =
        book.targetFor(QStringLiteral("growth-aggregate"), Severity::Medium).resolutionSeconds;
    QVERIFY(mediumResolve <= 48 * 3600); // A4's deadline falls before the week

    // A4: raised the Friday before, resolved on Monday of the week: counts as resolved.
    const qint64 a4 = book.fire(
        condition(QStringLiteral("growth-aggregate"), Severity::Medium, QStringLiteral("a4")));
    QVERIFY(book.acknowledge(a4, QStringLiteral("chen")));
    clock.set(at(QStringLiteral("2026-11-16T11:00:00Z")));
    QVERIFY(book.resolve(a4, QStringLiteral("chen")));

    // A1: Monday, acknowledged in 10 minutes, resolved in an hour.
    clock.set(at(QStringLiteral("2026-11-16T09:00:00Z")));
    const qint64 a1 = book.fire(
        condition(QStringLiteral("profit-unit"), Severity::Critical, QStringLiteral("a1"), 500));
    clock.set(at(QStringLiteral("2026-11-16T09:10:00Z")));
    QVERIFY(book.acknowledge(a1, QStringLiteral("dana")));
    clock.set(at(QStringLiteral("2026-11-16T10:00:00Z")));
    QVERIFY(book.resolve(a1, QStringLiteral("dana")));

    // A2: Tuesday, acknowledged in 50 minutes, resolved the next day.
    clock.set(at(QStringLiteral("2026-11-17T12:00:00Z")));
    const qint64 a2 = book.fire(
        condition(QStringLiteral("growth-daily"), Severity::High, QStringLiteral("a2"), 50));
    clock.set(at(QStringLiteral("2026-11-17T12:50:00Z")));
    QVERIFY(book.acknowledge(a2, QStringLiteral("chen")));
    clock.set(at(QStringLiteral("2026-11-18T12:00:00Z")));
    QVERIFY(book.resolve(a2, QStringLiteral("chen")));
    QVERIFY(book.targetFor(QStringLiteral("growth-daily"), Severity::High).responseSeconds >=
            50 * 60);

    // A3: Thursday, never acknowledged: escalates by the clock and is open at week's end.
    clock.set(at(QStringLiteral("2026-11-19T10:00:00Z")));
    const qint64 a3 = book.fire(condition(QStringLiteral("profit-aggregate"), Severity::Critical,
                                          QStringLiteral("a3"), 500));
    clock.set(at(QStringLiteral("2026-11-19T10:00:00Z")) + (critTarget + 60) * nanosPerSecond);
    book.tick();
    QVERIFY(book.alert(a3)->escalated);

    // A5: the next week; none of this week's business.
    clock.set(at(QStringLiteral("2026-11-23T12:00:00Z")));
    book.fire(condition(QStringLiteral("profit-unit"), Severity::High, QStringLiteral("a5")));

    HandoffNote note;
    note.weekStart = QDate(2026, 11, 16);
    note.author = QStringLiteral("chen");
    note.body = QStringLiteral("Profit aggregate still flaky; see #3.");
    const OnCallSchedule schedule(ws);
    HandoffReport r = HandoffReport::build(ws, book.alerts(), schedule, QDate(2026, 11, 16),
                                           QTimeZone(QByteArrayLiteral("Europe/London")), note);
    QCOMPARE(r.opened, 3);
    QCOMPARE(r.openedBySeverity, (QList<int>{2, 1, 0}));
    QCOMPARE(r.acknowledged, 2);
    QCOMPARE(r.resolved, 3);
    QCOMPARE(r.stillOpen, 1);
    QCOMPARE(r.openAtEnd.first().id, a3);
    QCOMPARE(r.mttaSeconds.value_or(-1), (600 + 3000) / 2);
    QCOMPARE(r.mttrSeconds.value_or(-1), (3600 + 86400 + (3 * 86400 + 3600)) / 3);
    QCOMPARE(r.escalations, 1);
    // A3 missed both deadlines; A2 was resolved a day later, past its high resolution target.
    QVERIFY(book.targetFor(QStringLiteral("growth-daily"), Severity::High).resolutionSeconds <
            86400);
    QCOMPARE(r.responseBreaches, 1);
    QCOMPARE(r.resolutionBreaches, 2);
    QCOMPARE(r.breached.size(), 2);
    QCOMPARE(r.breached[0].id, a2);
    QCOMPARE(r.breached[1].id, a3);
    QCOMPARE(r.seats.size(), 2);
    QCOMPARE(r.seats[0].outgoingPrimary, QStringLiteral("bruno"));
    QCOMPARE(r.seats[0].incomingPrimary, QStringLiteral("chen"));

    // While the week runs, a deadline still ahead is no breach: on Thursday 10:10, before
    // A3's response deadline, only A2's resolution has been missed.
    const HandoffReport running =
        HandoffReport::build(ws, book.alerts(), schedule, QDate(2026, 11, 16), QTimeZone::utc(),
                             note, when(QStringLiteral("2026-11-19T10:10:00Z")));
    QCOMPARE(running.responseBreaches, 0);
    QCOMPARE(running.resolutionBreaches, 1);
    QVERIFY(!r.toMarkdown().contains(QStringLiteral("Runbook changes")));
    r.runbookChanges = {{QStringLiteral("profit-unit"),
                         when(QStringLiteral("2026-11-18T09:00:00Z")),
                         RunbookRevision::Change::Edited, QStringLiteral("Profit runbook"), 3, 1}};
    const QString md = r.toMarkdown();
    QVERIFY(md.contains(QStringLiteral("| Alerts opened | 3 (critical 2, high 1, medium 0) |")));
    QVERIFY2(
        md.contains(QStringLiteral("## Runbook changes\n\n- Profit runbook: edited Wed 18 Nov, "
                                   "+3 −1 lines (profit-unit)")),
        qPrintable(md));
    QVERIFY(md.contains(QStringLiteral("| MTTA | 30 min |")));
    QVERIFY(md.contains(QStringLiteral("Profit aggregate still flaky")));
    const QString html = r.toHtml();
    QVERIFY(html.contains(QStringLiteral("<th>Still open</th><td>1</td>")));
    QVERIFY(html.contains(QStringLiteral("Chen Wei")));
}

void tst_HandoffReport::storeKeepsOverridesAndNotes()
{
    QTemporaryDir dir;
    QString error;
    auto db = Database::open(dir.filePath(QStringLiteral("s.sqlite")), &error);
    QVERIFY2(db, qPrintable(error));
    ScheduleStore store(*db);
    ScheduleOverride a;
    a.id = QStringLiteral("swap-a");
    a.rotation = QStringLiteral("investor-reporting");
    a.person = QStringLiteral("bruno");
    a.start = when(QStringLiteral("2026-11-23T10:00:00Z"));
    a.end = when(QStringLiteral("2026-11-30T10:00:00Z"));
    a.createdBy = QStringLiteral("amara");
    a.reason = QStringLiteral("Swap for the wedding");
    a.createdAt = when(QStringLiteral("2026-11-20T08:00:00Z"));
    a.swapWith = QStringLiteral("swap-b");
    ScheduleOverride b = a;
    b.id = QStringLiteral("swap-b");
    b.person = QStringLiteral("amara");
    b.start = when(QStringLiteral("2026-12-14T10:00:00Z"));
    b.end = when(QStringLiteral("2026-12-21T10:00:00Z"));
    b.swapWith = QStringLiteral("swap-a");
    QVERIFY2(store.addOverrides({a, b}, &error), qPrintable(error));
    QCOMPARE(store.loadOverrides(&error).value(), (QList<ScheduleOverride>{a, b}));
    // A clash stores neither half.
    ScheduleOverride c = a;
    c.id = QStringLiteral("new");
    QVERIFY(!store.addOverrides({c, a}, &error));
    QCOMPARE(store.loadOverrides(&error)->size(), 2);
    QVERIFY(store.removeOverride(QStringLiteral("swap-b"), &error));
    QCOMPARE(store.loadOverrides(&error)->size(), 1);

    HandoffNote note{QDate(2026, 11, 16), QStringLiteral("chen"), QStringLiteral("first"),
                     when(QStringLiteral("2026-11-22T18:00:00Z"))};
    QVERIFY2(store.saveNote(note, &error), qPrintable(error));
    note.body = QStringLiteral("second");
    QVERIFY(store.saveNote(note, &error));
    QCOMPARE(store.loadNote(QDate(2026, 11, 16), &error)->body, QStringLiteral("second"));
    QVERIFY(store.loadNote(QDate(2026, 11, 9), &error)->author.isEmpty());
}

QTEST_GUILESS_MAIN(tst_HandoffReport)
#include "tst_handoffreport.moc"
