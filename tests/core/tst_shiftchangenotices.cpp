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

    // A re-plan (time off added) tells whoever's coming shifts moved, as they were and as
    // they are now in their own zone; nobody else; and nobody when nothing moved.
    void aRePlanTellsWhoseShiftsMoved()
    {
        const Workspace ws = test::demoWorkspace();
        const OnCallSchedule before(ws);
        const QDateTime from(QDate(2026, 11, 2), QTime(12, 0), QTimeZone::utc());
        const QDateTime to = from.addDays(56);
        QVERIFY(ShiftChangeNotices::forRePlan(before, OnCallSchedule(ws), from, to).isEmpty());
        // Bruno away for the whole of his next primary turn.
        Shift turn;
        for (const Shift &s : before.shifts(investors, from.addDays(7), to))
            if (turn.person.isEmpty() && s.person == QLatin1String("bruno") &&
                s.layer == RotationLayer::Primary)
                turn = s;
        QVERIFY(!turn.person.isEmpty());
        Workspace away = ws;
        away.timeOff << TimeOff{QStringLiteral("bruno"), turn.start.addDays(-1),
                                turn.end.addDays(1), QStringLiteral("Surgery"), QString()};
        const OnCallSchedule after(away);
        const auto notices = ShiftChangeNotices::forRePlan(before, after, from, to);
        QStringList told;
        for (const auto &n : notices)
            told << n.person;
        QVERIFY2(told.contains(QStringLiteral("bruno")), qPrintable(told.join(',')));
        QVERIFY(told.size() >= 2); // someone took his turn
        // Those not told hold exactly what they held.
        auto held = [&](const OnCallSchedule &s, const QString &person) {
            QStringList out;
            for (const Rotation &r : ws.rotations)
                for (const Shift &x : s.shifts(r.id, from, to))
                    if (x.person == person)
                        out << QStringLiteral("%1 %2 %3 %4")
                                   .arg(r.id, rotationLayerName(x.layer),
                                        std::max(x.start, from).toString(Qt::ISODate),
                                        std::min(x.end, to).toString(Qt::ISODate));
            return out;
        };
        for (const Person &p : ws.people)
            if (!told.contains(p.id))
                QCOMPARE(held(after, p.id), held(before, p.id));
        for (const auto &n : notices) {
            const QString text = n.message.text;
            QVERIFY2(text.contains(QStringLiteral("Was: ")) &&
                         text.contains(QStringLiteral("Now: ")),
                     qPrintable(text));
            QVERIFY(n.step.startsWith(QStringLiteral("replan ")));
        }
        const auto &bruno = *std::find_if(notices.begin(), notices.end(), [](const auto &n) {
            return n.person == QLatin1String("bruno");
        });
        const QTimeZone berlin("Europe/Berlin");
        QVERIFY2(
            bruno.message.text.contains(QStringLiteral("Was: primary of Investor reporting, %1")
                                            .arg(turn.start.toTimeZone(berlin).toString(
                                                QStringLiteral("ddd d MMM yyyy, HH:mm")))),
            qPrintable(bruno.message.text));
        QVERIFY(
            !bruno.message.text.contains(QStringLiteral("Now: primary of Investor reporting, %1")
                                             .arg(turn.start.toTimeZone(berlin).toString(
                                                 QStringLiteral("ddd d MMM yyyy, HH:mm")))));
        // Someone who turned shift-change notices off hears nothing of it.
        Workspace quiet = away;
        for (Person &p : quiet.people)
            if (p.id == QLatin1String("bruno"))
                p.shiftChanges = false;
        const auto withoutBruno =
            ShiftChangeNotices::forRePlan(before, OnCallSchedule(quiet), from, to);
        QCOMPARE(withoutBruno.size(), notices.size() - 1);
        for (const auto &n : withoutBruno)
            QVERIFY(n.person != QLatin1String("bruno"));
        // Told once: the same change names the same steps.
        const auto again = ShiftChangeNotices::forRePlan(before, after, from, to);
        QCOMPARE(again.size(), notices.size());
        for (qsizetype i = 0; i < again.size(); ++i)
            QCOMPARE(again[i].step, notices[i].step);
    }
};

QTEST_GUILESS_MAIN(tst_ShiftChangeNotices)
#include "tst_shiftchangenotices.moc"
