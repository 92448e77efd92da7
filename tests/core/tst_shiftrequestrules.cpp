#include "demoworkspace.h"
#include "schedule/oncallschedule.h"
#include "schedule/shiftrequestrules.h"

#include <QTimeZone>
#include <QtTest>

using namespace wk;

namespace {

const QString investors = QStringLiteral("investor-reporting");
const QTimeZone london("Europe/London");

// Wednesday of a quiet week: nobody of the rotation is away.
QDateTime wednesday(int hour)
{
    return QDateTime(QDate(2026, 11, 18), QTime(hour, 0), london).toUTC();
}

ShiftRequest coverFor(const OnCallSchedule &schedule, const QDateTime &from, const QDateTime &to)
{
    ShiftRequest r;
    r.id = QStringLiteral("req-1");
    r.rotation = investors;
    r.requester = schedule.onCallFor(investors, from).primary;
    r.start = from;
    r.end = to;
    r.reason = QStringLiteral("dentist");
    r.createdAt = from.addDays(-2);
    r.expiresAt = from;
    return r;
}

} // namespace

class tst_ShiftRequestRules : public QObject
{
    Q_OBJECT
private slots:
    // Anyone in the rotation may take a cover but the one asking and the one holding the
    // other seat; whoever takes it holds the seat for the span, and only they.
    void aCoverGoesToWhoeverIsFree()
    {
        const Workspace ws = test::demoWorkspace();
        const OnCallSchedule schedule(ws);
        const ShiftRequest r = coverFor(schedule, wednesday(12), wednesday(18));
        const OnCallAnswer then = schedule.onCallFor(investors, wednesday(12));
        const QDateTime asked = r.createdAt;
        QCOMPARE(ShiftRequestRules::problem(schedule, r, asked), QString());

        QStringList free;
        for (const QString &p : ws.rotation(investors)->participants) {
            if (p != then.primary && p != then.secondary)
                free << p;
        }
        QCOMPARE(ShiftRequestRules::eligible(schedule, r), free);
        QVERIFY2(ShiftRequestRules::whyNot(schedule, r, then.secondary)
                     .contains(QStringLiteral("both the primary and the secondary seat")),
                 qPrintable(ShiftRequestRules::whyNot(schedule, r, then.secondary)));
        QVERIFY(ShiftRequestRules::whyNot(schedule, r, then.primary).contains("asked for it"));

        QString why;
        const QList<ScheduleOverride> made =
            ShiftRequestRules::take(schedule, r, free.first(), free.first(), asked, &why);
        QCOMPARE(made.size(), 1);
        QCOMPARE(made.first().person, free.first());
        QCOMPARE(made.first().request, r.id);
        QCOMPARE(made.first().start, r.start);
        QCOMPARE(made.first().end, r.end);
        QVERIFY(made.first().reason.startsWith(QStringLiteral("Cover for ")));
        OnCallSchedule after = schedule;
        after.setStoredOverrides(made);
        QCOMPARE(after.onCallFor(investors, wednesday(13)).primary, free.first());
        QCOMPARE(after.onCallFor(investors, wednesday(19)).primary, then.primary);

        // Asked of one person by name: the others may not take it.
        ShiftRequest named = r;
        named.askedOf = {free.last()};
        QCOMPARE(ShiftRequestRules::eligible(schedule, named), QStringList{free.last()});
        QVERIFY(ShiftRequestRules::whyNot(schedule, named, free.first()).contains("not made to"));
        // Who said no is not asked again.
        ShiftRequest declined = r;
        declined.declinedBy = {free.first()};
        QCOMPARE(ShiftRequestRules::eligible(schedule, declined), QStringList{free.last()});
    }

    // Taking is decided at that moment: a taken, expired or overtaken request, or a
    // schedule that moved under it, says why nothing happens.
    void takingIsCheckedWhenItHappens()
    {
        const Workspace ws = test::demoWorkspace();
        const OnCallSchedule schedule(ws);
        ShiftRequest r = coverFor(schedule, wednesday(12), wednesday(18));
        const QString taker = ShiftRequestRules::eligible(schedule, r).first();
        QString why;
        QVERIFY(ShiftRequestRules::take(schedule, r, taker, taker, r.expiresAt, &why).isEmpty());
        QVERIFY2(why.startsWith(QStringLiteral("the request expired at Wed 18 Nov 12:00")),
                 qPrintable(why));

        ShiftRequest taken = r;
        taken.state = ShiftRequest::State::Taken;
        taken.takenBy = taker;
        QVERIFY(
            ShiftRequestRules::take(schedule, taken, taker, taker, r.createdAt, &why).isEmpty());
        QCOMPARE(why, QStringLiteral("%1 took it already").arg(ws.person(taker)->name));

        // Someone else was put in the seat meanwhile (an override from the console).
        ScheduleOverride other;
        other.id = QStringLiteral("o1");
        other.rotation = investors;
        other.person = taker;
        other.start = wednesday(15);
        other.end = wednesday(16);
        OnCallSchedule moved = schedule;
        moved.setStoredOverrides({other});
        QVERIFY(ShiftRequestRules::take(moved, r, taker, taker, r.createdAt, &why).isEmpty());
        QVERIFY2(why.contains(QStringLiteral("no longer holds all of it")), qPrintable(why));
    }

    void badRequestsAreRefused()
    {
        const Workspace ws = test::demoWorkspace();
        const OnCallSchedule schedule(ws);
        const ShiftRequest good = coverFor(schedule, wednesday(12), wednesday(18));
        const OnCallAnswer then = schedule.onCallFor(investors, wednesday(12));

        ShiftRequest notTheirs = good;
        notTheirs.requester = then.secondary;
        QVERIFY2(ShiftRequestRules::problem(schedule, notTheirs, good.createdAt)
                     .contains(QStringLiteral("holds part of")),
                 qPrintable(ShiftRequestRules::problem(schedule, notTheirs, good.createdAt)));
        QVERIFY(ShiftRequestRules::problem(schedule, good, wednesday(13)).contains("in the past"));
        ShiftRequest backwards = good;
        backwards.end = backwards.start;
        QVERIFY(ShiftRequestRules::problem(schedule, backwards, good.createdAt)
                    .contains("after the start"));
        ShiftRequest noReason = good;
        noReason.reason = QStringLiteral("  ");
        QCOMPARE(ShiftRequestRules::problem(schedule, noReason, good.createdAt),
                 QStringLiteral("give a reason"));
        ShiftRequest partSwap = good;
        partSwap.kind = ShiftRequest::Kind::Swap;
        QVERIFY(
            ShiftRequestRules::problem(schedule, partSwap, good.createdAt).contains("whole turns"));
        ShiftRequest toSecondary = good;
        toSecondary.askedOf = {then.secondary};
        QVERIFY(ShiftRequestRules::problem(schedule, toSecondary, good.createdAt)
                    .contains("both the primary and the secondary"));
    }

    // Someone away during the span is not asked.
    void awayPeopleAreNotAsked()
    {
        const Workspace ws = test::demoWorkspace();
        const OnCallSchedule schedule(ws);
        // Dana is at a conference on 2 December (workspace time off).
        const QDateTime from = QDateTime(QDate(2026, 12, 2), QTime(9, 0), london).toUTC();
        const ShiftRequest r = coverFor(schedule, from, from.addSecs(8 * 3600));
        QVERIFY(r.requester != QLatin1String("dana"));
        QVERIFY(!ShiftRequestRules::eligible(schedule, r).contains(QStringLiteral("dana")));
        QVERIFY2(ShiftRequestRules::whyNot(schedule, r, QStringLiteral("dana"))
                     .contains(QStringLiteral("away then (Conference)")),
                 qPrintable(ShiftRequestRules::whyNot(schedule, r, QStringLiteral("dana"))));
    }

    // A swap trades whole turns: the taker gets the requester's turn, and the requester
    // the taker's next turn in the same seat.
    void aSwapTradesWholeTurns()
    {
        const Workspace ws = test::demoWorkspace();
        const OnCallSchedule schedule(ws);
        Shift turn;
        for (const Shift &s : schedule.plannedShifts(investors, wednesday(12), wednesday(13)))
            if (s.layer == RotationLayer::Primary)
                turn = s;
        ShiftRequest r;
        r.id = QStringLiteral("swap-1");
        r.kind = ShiftRequest::Kind::Swap;
        r.rotation = investors;
        r.requester = turn.person;
        r.start = turn.start;
        r.end = turn.end;
        r.reason = QStringLiteral("family visit");
        r.createdAt = turn.start.addDays(-10);
        r.expiresAt = turn.start;
        QCOMPARE(ShiftRequestRules::problem(schedule, r, r.createdAt), QString());
        const QStringList takers = ShiftRequestRules::eligible(schedule, r);
        QVERIFY(!takers.isEmpty());
        const QString &taker = takers.first();
        const std::optional<Shift> back = ShiftRequestRules::exchangeTurn(schedule, r, taker);
        QVERIFY(back);
        QCOMPARE(back->person, taker);
        QVERIFY(back->start >= r.end);

        QString why;
        const QList<ScheduleOverride> made =
            ShiftRequestRules::take(schedule, r, taker, taker, r.createdAt, &why);
        QCOMPARE(made.size(), 2);
        QCOMPARE(made[0].swapWith, made[1].id);
        QCOMPARE(made[1].swapWith, made[0].id);
        OnCallSchedule after = schedule;
        after.setStoredOverrides(made);
        QCOMPARE(after.onCallFor(investors, r.start.addSecs(3600)).primary, taker);
        QCOMPARE(after.onCallFor(investors, back->start.addSecs(3600)).primary, r.requester);
    }

    // A cover keeps its hours when the rotation is re-planned (here: a holiday added), and
    // says it needs review when the plan now gives those hours to someone other than the
    // person it was made to cover.
    void aCoverFollowsItsHoursAcrossARePlan()
    {
        const Workspace ws = test::demoWorkspace();
        const OnCallSchedule schedule(ws);
        const ShiftRequest r = coverFor(schedule, wednesday(12), wednesday(18));
        const QString taker = ShiftRequestRules::eligible(schedule, r).first();
        QString why;
        const QList<ScheduleOverride> made =
            ShiftRequestRules::take(schedule, r, taker, taker, r.createdAt, &why);
        QCOMPARE(made.size(), 1);
        QCOMPARE(made.first().covering, r.requester);
        OnCallSchedule same(ws);
        same.setStoredOverrides(made);
        QCOMPARE(same.reviewProblem(made.first()), QString());

        // A company day off added in the weeks before: the first that moves that Wednesday
        // to someone else in the plan.
        auto plannedAt = [](const OnCallSchedule &s, const QDateTime &t) {
            for (const Shift &x : s.plannedShifts(investors, t, t.addSecs(1)))
                if (x.layer == RotationLayer::Primary)
                    return x.person;
            return QString();
        };
        std::optional<Workspace> replanned;
        for (QDate day(2026, 10, 1); day < QDate(2026, 11, 30) && !replanned;
             day = day.addDays(1)) {
            Workspace next = ws;
            next.holidays << HolidayCalendar{QStringLiteral("Company days"),
                                             QString(),
                                             {Holiday{day, QStringLiteral("Company day")}}};
            if (plannedAt(OnCallSchedule(next), wednesday(12)) != r.requester)
                replanned = next;
        }
        QVERIFY(replanned);
        OnCallSchedule after(*replanned);
        after.setStoredOverrides(made);
        // The taker still holds exactly those hours.
        QCOMPARE(after.onCallFor(investors, wednesday(12)).primary, taker);
        QCOMPARE(after.onCallFor(investors, wednesday(17)).primary, taker);
        QCOMPARE(after.onCallFor(investors, wednesday(18)).primary,
                 plannedAt(after, wednesday(18)));
        QCOMPARE(after.onCallFor(investors, wednesday(11)).primary,
                 plannedAt(after, wednesday(11)));
        const QString review = after.reviewProblem(made.first());
        const QString nowPlanned = plannedAt(after, wednesday(12));
        QVERIFY2(
            review.contains(QStringLiteral("made to cover %1, but the plan now gives Wed 18 "
                                           "Nov 12:00 – Wed 18 Nov 18:00 to %2")
                                .arg(ws.person(r.requester)->name, ws.person(nowPlanned)->name)),
            qPrintable(review));
    }
};

QTEST_GUILESS_MAIN(tst_ShiftRequestRules)
#include "tst_shiftrequestrules.moc"
