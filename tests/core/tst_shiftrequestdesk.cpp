#include "demoworkspace.h"
#include "engine/shiftrequestdesk.h"
#include "paging/deliveryplanner.h"
#include "schedule/oncallschedule.h"
#include "schedule/shiftrequestrules.h"
#include "storage/database.h"
#include "storage/schedulestore.h"

#include <QTemporaryDir>
#include <QTimeZone>
#include <QtTest>

using namespace wk;

namespace {

const QString investors = QStringLiteral("investor-reporting");
const QDateTime asked = QDateTime(QDate(2026, 11, 16), QTime(12, 0), QTimeZone::utc());
const QDateTime from = QDateTime(QDate(2026, 11, 18), QTime(12, 0), QTimeZone::utc());

ShiftRequest cover(const OnCallSchedule &schedule)
{
    ShiftRequest r;
    r.id = QStringLiteral("req-%1").arg(QTest::currentTestFunction());
    r.rotation = investors;
    r.requester = schedule.onCallFor(investors, from).primary;
    r.start = from;
    r.end = from.addSecs(6 * 3600);
    r.reason = QStringLiteral("dentist");
    r.createdAt = asked;
    r.expiresAt = from;
    return r;
}

QStringList stepsOf(const QList<Delivery> &deliveries)
{
    QStringList out;
    for (const Delivery &d : deliveries) {
        const QString row =
            QStringLiteral("%1 %2").arg(d.person, d.step.section(QLatin1Char(' '), 2));
        if (!out.contains(row))
            out << row;
    }
    out.sort();
    return out;
}

} // namespace

class tst_ShiftRequestDesk : public QObject
{
    Q_OBJECT
private slots:
    void init()
    {
        m_ws = test::demoWorkspace();
        // Everyone can be told: a webhook each.
        for (Person &p : m_ws.people) {
            ContactMethod m;
            m.kind = ContactMethod::Kind::Webhook;
            m.address = QStringLiteral("https://hooks.example/%1").arg(p.id);
            p.contacts = {m};
        }
        QString error;
        m_db = Database::open(
            m_dir.filePath(QStringLiteral("%1.sqlite").arg(QTest::currentTestFunction())), &error);
        QVERIFY2(m_db, qPrintable(error));
    }
    void cleanup() { m_db.reset(); }

    // Asked, offered to the free people with links, declined by one, taken by another:
    // the schedule holds the cover, and everyone concerned hears how it ended, once.
    void firstAcceptanceWins()
    {
        OnCallSchedule schedule(m_ws);
        ShiftRequestDesk desk(*m_db, m_ws);
        DeliveryPlanner planner(m_ws);
        planner.setActionLinks(QStringLiteral("https://wk.example"), QByteArray("k"));
        const ShiftRequest r = cover(schedule);
        const ShiftRequestDesk::Outcome made = desk.ask(r, schedule, asked);
        QVERIFY2(made.ok, qPrintable(made.message));
        const QStringList free = ShiftRequestRules::eligible(schedule, r);
        QCOMPARE(free.size(), 2);

        ShiftRequestDesk::Telling told = desk.tell(planner, schedule, asked, 0);
        QCOMPARE(stepsOf(told.deliveries),
                 (QStringList{free[0] + QStringLiteral(" ask"), free[1] + QStringLiteral(" ask")}));
        const Delivery &ask = told.deliveries.first();
        QVERIFY2(ask.subject.contains(QStringLiteral("asks for cover: primary of Investor "
                                                     "reporting")),
                 qPrintable(ask.subject));
        QVERIFY2(ask.text.contains(QStringLiteral("Take it: https://wk.example/a/")) ||
                     ask.json.contains(QStringLiteral("https://wk.example/a/")),
                 qPrintable(ask.text + ask.json));
        desk.markTold(told.told);
        QVERIFY(desk.tell(planner, schedule, asked, 0).deliveries.isEmpty());

        QVERIFY(desk.answer(r.id, free[0], ShiftRequestDesk::Answer::Decline, schedule, asked).ok);
        const ShiftRequestDesk::Outcome took =
            desk.answer(r.id, free[1], ShiftRequestDesk::Answer::Take, schedule, asked);
        QVERIFY2(took.ok, qPrintable(took.message));
        QCOMPARE(took.overrides.size(), 1);
        QString error;
        const auto stored = ScheduleStore(*m_db).loadOverrides(&error);
        QVERIFY(stored);
        QCOMPARE(*stored, took.overrides);

        schedule.setStoredOverrides(*stored);
        const ShiftRequestDesk::Outcome second =
            desk.answer(r.id, free[0], ShiftRequestDesk::Answer::Take, schedule, asked);
        QVERIFY(!second.ok);
        QCOMPARE(second.message,
                 QStringLiteral("%1 took it already.").arg(m_ws.person(free[1])->name));

        told = desk.tell(planner, schedule, asked, 0);
        QCOMPARE(stepsOf(told.deliveries), (QStringList{free[0] + QStringLiteral(" gone"),
                                                        r.requester + QStringLiteral(" taken"),
                                                        free[1] + QStringLiteral(" yours")}));
        desk.markTold(told.told);
        QVERIFY(desk.tell(planner, schedule, asked, 0).deliveries.isEmpty());
        const auto listed = desk.list(asked, &error);
        QCOMPARE(listed->first().stateName(asked), QStringLiteral("taken"));
    }

    // With an approver, taking waits: nothing changes until the approver says yes, and
    // only the approver can.
    void anApproverDecides()
    {
        for (Rotation &rot : m_ws.rotations)
            rot.swapApprover = QStringLiteral("chen");
        OnCallSchedule schedule(m_ws);
        ShiftRequestDesk desk(*m_db, m_ws);
        DeliveryPlanner planner(m_ws);
        ShiftRequest r = cover(schedule);
        QVERIFY(desk.ask(r, schedule, asked).ok);
        desk.markTold(desk.tell(planner, schedule, asked, 0).told);
        const QString taker = ShiftRequestRules::eligible(schedule, r).first();
        const auto offered =
            desk.answer(r.id, taker, ShiftRequestDesk::Answer::Take, schedule, asked);
        QVERIFY2(offered.ok, qPrintable(offered.message));
        QVERIFY(offered.overrides.isEmpty());
        QCOMPARE(offered.request.state, ShiftRequest::State::AwaitingApproval);
        const auto told = desk.tell(planner, schedule, asked, 0);
        QVERIFY(stepsOf(told.deliveries).contains(QStringLiteral("chen approve")));
        QVERIFY(stepsOf(told.deliveries).contains(r.requester + QStringLiteral(" offered")));
        desk.markTold(told.told);

        const auto notApprover =
            desk.answer(r.id, r.requester, ShiftRequestDesk::Answer::Approve, schedule, asked);
        QVERIFY(!notApprover.ok);
        QVERIFY(notApprover.message.contains(QStringLiteral("Only Chen Wei approves")));
        const auto approved = desk.answer(r.id, QStringLiteral("chen"),
                                          ShiftRequestDesk::Answer::Approve, schedule, asked);
        QVERIFY2(approved.ok, qPrintable(approved.message));
        QCOMPARE(approved.overrides.size(), 1);
        QCOMPARE(approved.overrides.first().person, taker);
        QCOMPARE(approved.overrides.first().createdBy, QStringLiteral("chen"));
    }

    // Only the requester withdraws; those asked hear of it. An expired request says so
    // and tells the requester nobody took it.
    void withdrawnAndExpired()
    {
        OnCallSchedule schedule(m_ws);
        ShiftRequestDesk desk(*m_db, m_ws);
        DeliveryPlanner planner(m_ws);
        ShiftRequest r = cover(schedule);
        QVERIFY(desk.ask(r, schedule, asked).ok);
        desk.markTold(desk.tell(planner, schedule, asked, 0).told);
        const QStringList free = ShiftRequestRules::eligible(schedule, r);
        QVERIFY(
            !desk.answer(r.id, free[0], ShiftRequestDesk::Answer::Withdraw, schedule, asked).ok);
        QVERIFY(
            desk.answer(r.id, r.requester, ShiftRequestDesk::Answer::Withdraw, schedule, asked).ok);
        QCOMPARE(stepsOf(desk.tell(planner, schedule, asked, 0).deliveries),
                 (QStringList{free[0] + QStringLiteral(" withdrawn"),
                              free[1] + QStringLiteral(" withdrawn")}));

        ShiftRequest later = cover(schedule);
        later.id = QStringLiteral("req-later");
        QVERIFY(desk.ask(later, schedule, asked).ok);
        const auto late =
            desk.answer(later.id, free[0], ShiftRequestDesk::Answer::Take, schedule, from);
        QVERIFY(!late.ok);
        QCOMPARE(late.message, QStringLiteral("The request is expired."));
        const QStringList atExpiry = stepsOf(desk.tell(planner, schedule, from, 0).deliveries);
        QVERIFY2(atExpiry.contains(r.requester + QStringLiteral(" expired")),
                 qPrintable(atExpiry.join(QLatin1Char(','))));
    }

private:
    QTemporaryDir m_dir;
    Workspace m_ws;
    std::unique_ptr<Database> m_db;
};

QTEST_GUILESS_MAIN(tst_ShiftRequestDesk)
#include "tst_shiftrequestdesk.moc"
