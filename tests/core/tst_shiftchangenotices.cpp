#include "demoworkspace.h"
#include "paging/shiftchangenotices.h"
#include "schedule/oncallschedule.h"

#include <QTimeZone>
#include <QtTest>

using namespace wk;

namespace {

const QString investors = QStringLiteral("investor-reporting");

ScheduleOverride cover(const QString &person, const QDateTime &from, const QDateTime &to)
{
    ScheduleOverride o;
    o.id = QStringLiteral("cover-%1").arg(from.toSecsSinceEpoch());
    o.rotation = investors;
    o.person = person;
    o.start = from;
    o.end = to;
    o.reason = QStringLiteral("dentist");
    o.createdBy = QStringLiteral("chen");
    return o;
}

} // namespace

class tst_ShiftChangeNotices : public QObject
{
    Q_OBJECT
private slots:
    // The taker hears what they gain, the person covered what they lose, each in their own
    // zone, with the reason and who made the change.
    void takerAndCoveredAreTold()
    {
        const Workspace ws = test::demoWorkspace();
        const OnCallSchedule before(ws);
        const QDateTime wednesday(QDate(2026, 11, 18), QTime(12, 0), QTimeZone::utc());
        const OnCallAnswer then = before.onCallFor(investors, wednesday);
        QString taker;
        for (const Person &p : ws.people)
            if (taker.isEmpty() && p.id != then.primary && p.id != then.secondary)
                taker = p.id;
        const ScheduleOverride o = cover(taker, wednesday, wednesday.addSecs(6 * 3600));
        const auto notices =
            ShiftChangeNotices::forOverrides({o}, ws, before, toTimestamp(wednesday.addDays(-1)));
        QCOMPARE(notices.size(), 2);
        QCOMPARE(notices[0].person, taker);
        QCOMPARE(notices[1].person, then.primary);
        QCOMPARE(notices[0].step, notices[1].step);
        const QTimeZone takerZone(ws.person(taker)->timeZone.toUtf8());
        const QString takerFrom =
            wednesday.toTimeZone(takerZone).toString(QStringLiteral("ddd d MMM yyyy, HH:mm"));
        QVERIFY2(notices[0].message.subject.startsWith(
                     QStringLiteral("Shift change: you take the primary seat of Investor "
                                    "reporting from %1")
                         .arg(takerFrom)),
                 qPrintable(notices[0].message.subject));
        QVERIFY2(notices[0].message.text.contains(ws.person(then.primary)->name),
                 qPrintable(notices[0].message.text));
        const QTimeZone coveredZone(ws.person(then.primary)->timeZone.toUtf8());
        QVERIFY2(notices[1].message.subject.contains(
                     QStringLiteral("%1 takes your primary seat").arg(ws.person(taker)->name)),
                 qPrintable(notices[1].message.subject));
        QVERIFY2(notices[1].message.text.contains(
                     wednesday.addSecs(6 * 3600)
                         .toTimeZone(coveredZone)
                         .toString(QStringLiteral("ddd d MMM yyyy, HH:mm"))),
                 qPrintable(notices[1].message.text));
        for (const auto &n : notices) {
            QVERIFY(n.message.text.contains(QStringLiteral("Reason: dentist")));
            QVERIFY(n.message.text.contains(QStringLiteral("Changed by: Chen Wei")));
        }
    }

    // A cover across a handoff takes time from two people: each is told once; one that is
    // already over tells nobody.
    void acrossAHandoffAndInThePast()
    {
        const Workspace ws = test::demoWorkspace();
        const OnCallSchedule before(ws);
        const QDateTime sunday(QDate(2026, 11, 22), QTime(12, 0), QTimeZone::utc());
        const QDateTime monday = sunday.addDays(1); // the handoff is at 10:00 London
        const QString first = before.onCallFor(investors, sunday).primary;
        const QString second = before.onCallFor(investors, monday).primary;
        QVERIFY(first != second);
        QString taker;
        for (const Person &p : ws.people)
            if (taker.isEmpty() && p.id != first && p.id != second)
                taker = p.id;
        const ScheduleOverride o = cover(taker, sunday, monday);
        const auto notices =
            ShiftChangeNotices::forOverrides({o}, ws, before, toTimestamp(sunday.addDays(-1)));
        QStringList told;
        for (const auto &n : notices)
            told << n.person;
        QCOMPARE(told, (QStringList{taker, first, second}));
        QVERIFY(ShiftChangeNotices::forOverrides({o}, ws, before, toTimestamp(monday)).isEmpty());
    }
};

QTEST_GUILESS_MAIN(tst_ShiftChangeNotices)
#include "tst_shiftchangenotices.moc"
