#include "schedule/icalendarreader.h"
#include "schedule/oncallschedule.h"
#include "schedule/rotationplanner.h"

#include <QtTest>

#include <algorithm>

using namespace wk;

namespace {

QList<Holiday> germanHolidays()
{
    const CalendarReadResult cal = ICalendarReader::readFile(
        QStringLiteral(WK_TEST_DATA_DIR "/holidays/de-feiertage-2022-2024.ics"), QTimeZone::utc());
    if (!cal.diagnostics.isEmpty())
        qFatal("%s", qPrintable(formatDiagnostics(cal.diagnostics)));
    QList<Holiday> out;
    for (const CalendarEvent &e : cal.events)
        out.append({e.startDate, e.summary});
    return out;
}

Rotation rotation(int people, qint64 shiftSeconds, bool secondary)
{
    Rotation r;
    r.id = QStringLiteral("r");
    r.name = QStringLiteral("Rotation");
    for (int i = 0; i < people; ++i)
        r.participants << QStringLiteral("p%1").arg(i);
    r.shiftSeconds = shiftSeconds;
    r.secondary = secondary;
    r.timeZone = QStringLiteral("Europe/Berlin");
    r.start = QDate(2024, 1, 1);
    return r;
}

QDateTime utc(const QString &iso)
{
    return QDateTime::fromString(iso, Qt::ISODate).toUTC();
}

Workspace workspaceWith(const Rotation &r)
{
    Workspace ws;
    ws.name = QStringLiteral("test");
    for (const QString &p : r.participants)
        ws.people.append({p, p.toUpper(), p + QStringLiteral("@example.com"), r.timeZone});
    ws.rotations.append(r);
    ws.pipelines.append({QStringLiteral("pipe"),
                         QStringLiteral("Pipe"),
                         {},
                         {},
                         Severity::High,
                         {},
                         r.participants.value(0),
                         r.participants.value(1),
                         {},
                         {}});
    ws.rotations.first().pipelines = {QStringLiteral("pipe")};
    return ws;
}

} // namespace

class tst_RotationPlanner : public QObject
{
    Q_OBJECT

private slots:
    void invariants_data();
    void invariants();
    void handoffStaysLocalAcrossDaylightSaving_data();
    void handoffStaysLocalAcrossDaylightSaving();
    void awayForATurnPassesItOnAndSaysSo();
    void shortAbsenceIsCoveredBySecondary();
    void overrideCutsIntoShiftAndAnswersOnCall();
    void workingHoursLimitCoverage();
    void monthEndAddsAThirdPerson();
    void beforeTheFirstTurnNobodyIsOnCall();
};

void tst_RotationPlanner::invariants_data()
{
    QTest::addColumn<int>("people");
    QTest::addColumn<int>("shiftDays");
    QTest::addColumn<int>("turns");
    QTest::addColumn<bool>("secondary");
    // Team sizes, turn lengths and horizons generated across the range teams use.
    for (int people : {2, 3, 4, 5, 6, 7, 9}) {
        for (int shiftDays : {1, 7, 14}) {
            for (int turns : {1, 5, 12, 26, 53}) {
                for (bool secondary : {true, false}) {
                    QTest::addRow("%d people, %dd turns x%d, %s", people, shiftDays, turns,
                                  secondary ? "two layers" : "primary only")
                        << people << shiftDays << turns << secondary;
                }
            }
        }
    }
}

void tst_RotationPlanner::invariants()
{
    QFETCH(int, people);
    QFETCH(int, shiftDays);
    QFETCH(int, turns);
    QFETCH(bool, secondary);
    const Rotation r = rotation(people, qint64(shiftDays) * 86400, secondary);
    const RotationPlanner planner(r, germanHolidays(), {});
    const QList<Shift> shifts = planner.plan(planner.slotStart(turns - 1));

    const int seats = secondary ? 2 : 1;
    QCOMPARE(shifts.size(), turns * seats);
    QHash<QString, int> total, primary, holidayDays, weekendDays;
    QString previousPrimary;
    int maxHolidayDaysInATurn = 0;
    for (int slot = 0; slot < turns; ++slot) {
        QList<Shift> turn;
        for (const Shift &s : shifts)
            if (s.slot == slot)
                turn << s;
        QCOMPARE(turn.size(), seats);
        QCOMPARE(turn[0].layer, RotationLayer::Primary);
        // Turns follow each other without gap or overlap.
        QCOMPARE(turn[0].start, planner.slotStart(slot));
        QCOMPARE(turn[0].end, planner.slotStart(slot + 1));
        if (secondary) {
            QCOMPARE(turn[1].layer, RotationLayer::Secondary);
            QVERIFY2(turn[0].person != turn[1].person, "one person holds both seats of a turn");
        }
        QVERIFY2(turn[0].person != previousPrimary, "primary twice in a row");
        previousPrimary = turn[0].person;
        maxHolidayDaysInATurn = std::max(maxHolidayDaysInATurn, turn[0].holidayDays);
        ++primary[turn[0].person];
        for (const Shift &s : std::as_const(turn)) {
            ++total[s.person];
            holidayDays[s.person] += s.holidayDays;
            weekendDays[s.person] += s.weekendDays;
        }
    }
    // Balance over the horizon: everyone within one turn of everyone else.
    QList<int> counts;
    for (const QString &p : r.participants)
        counts << total.value(p);
    QVERIFY2(*std::max_element(counts.begin(), counts.end()) -
                     *std::min_element(counts.begin(), counts.end()) <=
                 1,
             qPrintable(QStringLiteral("shift counts %1").arg([&] {
                 QStringList t;
                 for (int c : counts)
                     t << QString::number(c);
                 return t.join(QLatin1Char(' '));
             }())));
    // The primary seat alone is balanced too: it is the one that gets paged.
    QList<int> primaries;
    for (const QString &p : r.participants)
        primaries << primary.value(p);
    QVERIFY2(*std::max_element(primaries.begin(), primaries.end()) -
                     *std::min_element(primaries.begin(), primaries.end()) <=
                 1,
             "primary counts differ by more than one");
    // Holidays and weekends spread: nobody carries more than a turn's worth beyond another.
    auto spread = [&](const QHash<QString, int> &load) {
        int lo = INT_MAX, hi = 0;
        for (const QString &p : r.participants) {
            lo = std::min(lo, load.value(p));
            hi = std::max(hi, load.value(p));
        }
        return hi - lo;
    };
    // Turns are chosen among those tied on count, so a turn's worth of holidays (both
    // seats) is the unit of unevenness; the bound allows two such turns plus one day.
    const int weekendPerTurn = shiftDays >= 7 ? 2 * (shiftDays / 7) : 1;
    QVERIFY2(spread(holidayDays) <= 2 * maxHolidayDaysInATurn + 1,
             qPrintable(QStringLiteral("holiday spread %1").arg(spread(holidayDays))));
    QVERIFY2(spread(weekendDays) <= 2 * weekendPerTurn + 1,
             qPrintable(QStringLiteral("weekend spread %1").arg(spread(weekendDays))));
    // And, over whole cycles (each person once per seat), no worse than handing turns out
    // in plain list order, give or take the one day a cycle-by-cycle choice can lose.
    const int wholeCycles = turns - turns % people;
    QHash<QString, int> plannerHoliday, plannerWeekend, naiveHoliday, naiveWeekend;
    for (const Shift &s : shifts) {
        if (s.slot >= wholeCycles)
            continue;
        plannerHoliday[s.person] += s.holidayDays;
        plannerWeekend[s.person] += s.weekendDays;
        // List order seated the planner's way: the secondary half a cycle after the primary.
        const QString p =
            r.participants[(s.slot + (s.layer == RotationLayer::Primary ? 0 : (people + 1) / 2)) %
                           people];
        naiveHoliday[p] += s.holidayDays;
        naiveWeekend[p] += s.weekendDays;
    }
    QVERIFY2(spread(plannerHoliday) + spread(plannerWeekend) <=
                 spread(naiveHoliday) + spread(naiveWeekend) + 1,
             qPrintable(QStringLiteral("planner %1+%2, list order %3+%4")
                            .arg(spread(plannerHoliday))
                            .arg(spread(plannerWeekend))
                            .arg(spread(naiveHoliday))
                            .arg(spread(naiveWeekend))));

    // The same workspace gives the same plan, and a longer horizon keeps the start.
    const QList<Shift> longer = planner.plan(planner.slotStart(turns + 10));
    QCOMPARE(longer.mid(0, shifts.size()), shifts);
}

void tst_RotationPlanner::handoffStaysLocalAcrossDaylightSaving_data()
{
    QTest::addColumn<QString>("zone");
    QTest::addColumn<QDate>("firstMonday");
    QTest::addColumn<QString>("beforeChange");
    QTest::addColumn<QString>("afterChange");
    // Berlin springs forward on 29 March 2026 and falls back on 25 October 2026;
    // New York falls back on 1 November 2026. Handoff is Monday 10:00 local each time.
    QTest::newRow("Berlin, spring")
        << QStringLiteral("Europe/Berlin") << QDate(2026, 3, 23)
        << QStringLiteral("2026-03-23T09:00:00Z") << QStringLiteral("2026-03-30T08:00:00Z");
    QTest::newRow("Berlin, autumn")
        << QStringLiteral("Europe/Berlin") << QDate(2026, 10, 19)
        << QStringLiteral("2026-10-19T08:00:00Z") << QStringLiteral("2026-10-26T09:00:00Z");
    QTest::newRow("New York, autumn")
        << QStringLiteral("America/New_York") << QDate(2026, 10, 26)
        << QStringLiteral("2026-10-26T14:00:00Z") << QStringLiteral("2026-11-02T15:00:00Z");
}

void tst_RotationPlanner::handoffStaysLocalAcrossDaylightSaving()
{
    QFETCH(QString, zone);
    QFETCH(QDate, firstMonday);
    QFETCH(QString, beforeChange);
    QFETCH(QString, afterChange);
    Rotation r = rotation(3, 7 * 86400, true);
    r.timeZone = zone;
    r.start = firstMonday;
    const Workspace ws = workspaceWith(r);
    const OnCallSchedule schedule(ws);
    const RotationPlanner *planner = schedule.planner(QStringLiteral("r"));
    QCOMPARE(planner->slotStart(0), utc(beforeChange));
    QCOMPARE(planner->slotStart(1), utc(afterChange));
    QCOMPARE(planner->slotStart(1).toTimeZone(QTimeZone(zone.toUtf8())).time(), QTime(10, 0));

    // One minute before the local handoff the first primary answers; one minute after, the next.
    const QString first =
        schedule.onCallFor(QStringLiteral("r"), utc(afterChange).addSecs(-60)).primary;
    const QString second =
        schedule.onCallFor(QStringLiteral("r"), utc(afterChange).addSecs(60)).primary;
    QCOMPARE(first, QStringLiteral("p0"));
    QVERIFY(!second.isEmpty());
    QVERIFY(second != first);
    // The turn that spans the change is an hour shorter or longer than a week.
    const qint64 length = planner->slotStart(0).secsTo(planner->slotStart(1));
    QVERIFY(length == 7 * 86400 - 3600 || length == 7 * 86400 + 3600);
    QCOMPARE(schedule.onCall(QStringLiteral("pipe"), utc(afterChange).addSecs(60)).primary, second);
}

void tst_RotationPlanner::awayForATurnPassesItOnAndSaysSo()
{
    Rotation r = rotation(4, 7 * 86400, true);
    // p0 would take the first turn; they are away the whole week.
    const TimeOff away{QStringLiteral("p0"),
                       utc(QStringLiteral("2024-01-01T00:00:00Z")),
                       utc(QStringLiteral("2024-01-09T00:00:00Z")),
                       QStringLiteral("Ski trip"),
                       {}};
    const RotationPlanner planner(r, {}, {away});
    const QList<Shift> shifts = planner.plan(planner.slotStart(11));
    QStringList firstTurn;
    for (const Shift &s : shifts) {
        if (s.slot == 0) {
            firstTurn << s.person;
            QVERIFY2(s.note.contains(QStringLiteral("p0 is away")), qPrintable(s.note));
            QVERIFY(s.note.contains(QStringLiteral("Ski trip")));
        }
    }
    QVERIFY(!firstTurn.contains(QStringLiteral("p0")));
    // p0 catches up afterwards: over 12 turns everyone still holds 6 seats.
    QHash<QString, int> total;
    for (const Shift &s : shifts)
        ++total[s.person];
    for (const QString &p : r.participants)
        QCOMPARE(total.value(p), 6);
}

void tst_RotationPlanner::shortAbsenceIsCoveredBySecondary()
{
    Rotation r = rotation(3, 7 * 86400, true);
    Workspace ws = workspaceWith(r);
    // p0 holds the first turn (Mon 1 Jan 10:00 Berlin) but is away Wednesday.
    ws.timeOff.append({QStringLiteral("p0"),
                       utc(QStringLiteral("2024-01-03T00:00:00+01:00")),
                       utc(QStringLiteral("2024-01-04T00:00:00+01:00")),
                       QStringLiteral("Dentist"),
                       {}});
    const OnCallSchedule schedule(ws);
    const OnCallAnswer monday =
        schedule.onCall(QStringLiteral("pipe"), utc(QStringLiteral("2024-01-01T12:00:00+01:00")));
    QCOMPARE(monday.primary, QStringLiteral("p0"));
    const QString secondary = monday.secondary;
    QVERIFY(!secondary.isEmpty());
    const OnCallAnswer wednesday =
        schedule.onCall(QStringLiteral("pipe"), utc(QStringLiteral("2024-01-03T12:00:00+01:00")));
    QCOMPARE(wednesday.primary, secondary);
    QVERIFY(wednesday.secondary != QStringLiteral("p0"));
    QVERIFY(!wednesday.secondary.isEmpty());
    QVERIFY2(wednesday.note.contains(QStringLiteral("covers for P0")), qPrintable(wednesday.note));
    const QList<Shift> planned = schedule.plannedShifts(
        QStringLiteral("r"), utc(QStringLiteral("2024-01-01T12:00:00+01:00")),
        utc(QStringLiteral("2024-01-01T13:00:00+01:00")));
    QCOMPARE(planned.first().person, QStringLiteral("p0"));
    QVERIFY2(planned.first().note.contains(QStringLiteral("the secondary covers")),
             qPrintable(planned.first().note));
}

void tst_RotationPlanner::overrideCutsIntoShiftAndAnswersOnCall()
{
    Rotation r = rotation(3, 7 * 86400, true);
    Workspace ws = workspaceWith(r);
    ScheduleOverride o;
    o.id = QStringLiteral("o1");
    o.rotation = QStringLiteral("r");
    o.layer = RotationLayer::Primary;
    o.person = QStringLiteral("p2");
    o.start = utc(QStringLiteral("2024-01-03T10:00:00+01:00"));
    o.end = utc(QStringLiteral("2024-01-04T10:00:00+01:00"));
    o.createdBy = QStringLiteral("p0");
    o.reason = QStringLiteral("School play");
    OnCallSchedule schedule(ws);
    schedule.setStoredOverrides({o});
    const QList<Shift> shifts =
        schedule.shifts(QStringLiteral("r"), utc(QStringLiteral("2024-01-01T10:00:00+01:00")),
                        utc(QStringLiteral("2024-01-08T10:00:00+01:00")));
    QList<Shift> primary;
    for (const Shift &s : shifts)
        if (s.layer == RotationLayer::Primary)
            primary << s;
    QCOMPARE(primary.size(), 3);
    QCOMPARE(primary[0].person, QStringLiteral("p0"));
    QCOMPARE(primary[1].person, QStringLiteral("p2"));
    QCOMPARE(primary[1].overrideId, QStringLiteral("o1"));
    QCOMPARE(primary[1].plannedPerson, QStringLiteral("p0"));
    QCOMPARE(primary[1].start, o.start);
    QCOMPARE(primary[1].end, o.end);
    QCOMPARE(primary[2].person, QStringLiteral("p0"));
    QCOMPARE(primary[2].end, utc(QStringLiteral("2024-01-08T10:00:00+01:00")));

    const OnCallAnswer during = schedule.onCall(QStringLiteral("pipe"), o.start.addSecs(3600));
    QCOMPARE(during.primary, QStringLiteral("p2"));
    QVERIFY(during.note.contains(QStringLiteral("School play")));
    QCOMPARE(schedule.onCall(QStringLiteral("pipe"), o.end).primary, QStringLiteral("p0"));
}

void tst_RotationPlanner::workingHoursLimitCoverage()
{
    Rotation r = rotation(2, 7 * 86400, true);
    r.workingHours = WorkingHours{{1, 2, 3, 4, 5}, QTime(9, 0), QTime(18, 0)};
    const OnCallSchedule schedule(workspaceWith(r));
    QVERIFY(
        schedule.onCall(QStringLiteral("pipe"), utc(QStringLiteral("2024-01-02T09:30:00+01:00")))
            .covered);
    QVERIFY(
        !schedule.onCall(QStringLiteral("pipe"), utc(QStringLiteral("2024-01-02T18:30:00+01:00")))
             .covered);
    const OnCallAnswer saturday =
        schedule.onCall(QStringLiteral("pipe"), utc(QStringLiteral("2024-01-06T12:00:00+01:00")));
    QVERIFY(!saturday.covered);
    QVERIFY(saturday.note.contains(QStringLiteral("working hours")));
    QVERIFY(
        !schedule.onCall(QStringLiteral("elsewhere"), utc(QStringLiteral("2024-01-02T10:00:00Z")))
             .covered);
}

void tst_RotationPlanner::monthEndAddsAThirdPerson()
{
    Rotation r = rotation(4, 7 * 86400, true);
    r.monthEndDays = 7;
    const RotationPlanner planner(r, {}, {});
    const QList<Shift> shifts = planner.plan(planner.slotStart(12));
    int monthEnd = 0;
    for (const Shift &s : shifts) {
        if (s.layer != RotationLayer::MonthEnd)
            continue;
        ++monthEnd;
        const QDateTime local = s.start.toTimeZone(planner.zone());
        QVERIFY2(local.date().daysInMonth() - local.date().day() < 7, qPrintable(local.toString()));
        for (const Shift &other : shifts) {
            if (other.slot == s.slot && other.layer != RotationLayer::MonthEnd)
                QVERIFY(other.person != s.person);
        }
    }
    // January to March 2024: every month end is covered, some by two turns.
    QVERIFY(monthEnd >= 3);
}

void tst_RotationPlanner::beforeTheFirstTurnNobodyIsOnCall()
{
    const OnCallSchedule schedule(workspaceWith(rotation(3, 7 * 86400, true)));
    const OnCallAnswer a =
        schedule.onCall(QStringLiteral("pipe"), utc(QStringLiteral("2023-12-31T12:00:00Z")));
    QVERIFY(a.primary.isEmpty());
    QVERIFY(!a.covered);
}

QTEST_GUILESS_MAIN(tst_RotationPlanner)
#include "tst_rotationplanner.moc"
