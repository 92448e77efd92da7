#include "demoworkspace.h"
#include "paging/shiftreminders.h"
#include "schedule/oncallschedule.h"

#include <QTimeZone>
#include <QtTest>

using namespace wk;

namespace {

constexpr qint64 hour = 3600 * nanosPerSecond;
const QString investors = QStringLiteral("investor-reporting");

TimestampNs at(const char *iso)
{
    return toTimestamp(QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate));
}

// Every reminder of a year, asked for an hour at a time as the console's tick would ask
// for a second (a reminder is only due for a shift not yet started).
QList<ShiftReminders::Due> between(const Workspace &ws, const OnCallSchedule &schedule,
                                   TimestampNs from, TimestampNs to)
{
    QList<ShiftReminders::Due> out;
    for (TimestampNs t = from; t < to; t += hour)
        out += ShiftReminders::due(ws, schedule, t, t + hour);
    return out;
}

QList<ShiftReminders::Due> overAYear(const Workspace &ws, const OnCallSchedule &schedule)
{
    return between(ws, schedule, at("2026-01-01T00:00:00Z"), at("2027-01-01T00:00:00Z"));
}

} // namespace

class tst_ShiftReminders : public QObject
{
    Q_OBJECT
private slots:
    // The demo's investor rotation hands over on Mondays at 10:00 London time: every
    // reminder of the year lands at 09:00 there, on the Mondays after the clocks go forward
    // (29 March) and back (25 October) as on any other.
    void anHourBeforeLocalHandoffAcrossDst()
    {
        const Workspace ws = test::demoWorkspace();
        const OnCallSchedule schedule(ws);
        const QTimeZone london("Europe/London");
        int investorReminders = 0;

        QSet<QDate> mondays;
        for (const ShiftReminders::Due &d : overAYear(ws, schedule)) {
            QCOMPARE(toTimestamp(d.shift.start) - d.at, hour);
            // The month-end seat starts at midnight; the weekly seats at the handoff.
            if (d.shift.rotation != investors || d.shift.layer == RotationLayer::MonthEnd)
                continue;
            ++investorReminders;
            const QDateTime local = toDateTime(d.at).toTimeZone(london);
            QCOMPARE(local.time(), QTime(9, 0));
            QCOMPARE(local.date().dayOfWeek(), 1);
            mondays.insert(local.date());
        }
        QVERIFY(mondays.contains(QDate(2026, 3, 30)));
        QVERIFY(mondays.contains(QDate(2026, 10, 26)));
        QVERIFY(investorReminders >= 52);
        // Summer and winter: 08:00 and 09:00 UTC.
        QVERIFY(!ShiftReminders::due(ws, schedule, at("2026-03-30T07:59:59Z"),
                                     at("2026-03-30T08:00:00Z"))
                     .isEmpty());
        QVERIFY(!ShiftReminders::due(ws, schedule, at("2026-10-26T08:59:59Z"),
                                     at("2026-10-26T09:00:00Z"))
                     .isEmpty());
        // A reminder is planned once: the next window does not repeat it.
        QVERIFY(ShiftReminders::due(ws, schedule, at("2026-10-26T09:00:00Z"),
                                    at("2026-10-26T09:00:01Z"))
                    .isEmpty());
    }

    // Each person chooses how long ahead, or no reminders at all.
    void perPersonLeadOrNone()
    {
        Workspace ws = test::demoWorkspace();
        for (Person &p : ws.people) {
            if (p.id == QLatin1String("amara"))
                p.shiftReminderSeconds = 0;
            if (p.id == QLatin1String("bruno"))
                p.shiftReminderSeconds = 24 * 3600;
        }
        const OnCallSchedule schedule(ws);
        int brunos = 0;
        for (const ShiftReminders::Due &d : overAYear(ws, schedule)) {
            QVERIFY(d.shift.person != QLatin1String("amara"));
            const qint64 lead = toTimestamp(d.shift.start) - d.at;
            QCOMPARE(lead, d.shift.person == QLatin1String("bruno") ? 24 * hour : hour);
            brunos += d.shift.person == QLatin1String("bruno");
        }
        QVERIFY(brunos > 0);
    }

    // A cover mid-turn, made as two back to back: the person covering is reminded once
    // before it, the one covered before they are back; nobody else.
    void aCoverRemindsTheTakerAndTheReturn()
    {
        Workspace ws = test::demoWorkspace();
        OnCallSchedule plain(ws);
        const QDateTime wednesday(QDate(2026, 11, 18), QTime(12, 0), QTimeZone::utc());
        const OnCallAnswer then = plain.onCallFor(investors, wednesday);
        QString taker;
        for (const Person &p : ws.people)
            if (taker.isEmpty() && p.id != then.primary && p.id != then.secondary)
                taker = p.id;
        ScheduleOverride cover;
        cover.id = QStringLiteral("cover");
        cover.rotation = investors;
        cover.person = taker;
        cover.start = wednesday;
        cover.end = wednesday.addSecs(3 * 3600);
        ScheduleOverride more = cover;
        more.id = QStringLiteral("more");
        more.start = cover.end;
        more.end = wednesday.addSecs(6 * 3600);
        ws.overrides = {cover, more};
        const OnCallSchedule schedule(ws);
        const QList<ShiftReminders::Due> due = between(
            ws, schedule, toTimestamp(wednesday.addDays(-1)), toTimestamp(wednesday.addDays(1)));
        QStringList seen;
        for (const ShiftReminders::Due &d : due)
            if (d.shift.rotation == investors)
                seen << QStringLiteral("%1@%2").arg(d.shift.person,
                                                    d.shift.start.toUTC().toString(Qt::ISODate));
        const QStringList expected = {
            QStringLiteral("%1@2026-11-18T12:00:00Z").arg(taker),
            QStringLiteral("%1@2026-11-18T18:00:00Z").arg(then.primary),
        };
        QCOMPARE(seen, expected);
    }

    // What the reminder says: seat, span in the holder's zone, holidays, inherited alerts.
    void saysWhatTheShiftHolds()
    {
        const Workspace ws = test::demoWorkspace();
        const OnCallSchedule schedule(ws);
        // The turn holding Christmas Day, a holiday of the demo's company calendar.
        const QDateTime christmas(QDate(2026, 12, 25), QTime(12, 0), QTimeZone::utc());
        Shift turn;
        for (const Shift &s : schedule.shifts(investors, christmas, christmas.addSecs(1)))
            if (s.layer == RotationLayer::Primary)
                turn = s;
        QVERIFY(!turn.person.isEmpty());
        Alert open;
        open.id = 7;
        open.pipelineId = QStringLiteral("profit-aggregate");
        open.title = QStringLiteral("Profit totals are stale");
        open.severity = Severity::Critical;
        Alert elsewhere = open;
        elsewhere.id = 8;
        elsewhere.pipelineId = QStringLiteral("growth-daily");
        elsewhere.title = QStringLiteral("Growth is late");
        Alert closed = open;
        closed.id = 9;
        closed.state = AlertState::Resolved;
        closed.title = QStringLiteral("Old news");
        const AlertMessage m = ShiftReminders::message(turn, ws, {open, elsewhere, closed});
        const Person *holder = ws.person(turn.person);
        const QTimeZone zone(holder->timeZone.toUtf8());
        const QString from = turn.start.toTimeZone(zone).toString(QStringLiteral("HH:mm"));
        QVERIFY2(m.subject.contains(from), qPrintable(m.subject));
        QVERIFY2(m.subject.contains(QStringLiteral("primary")), qPrintable(m.subject));
        QVERIFY2(m.text.contains(QStringLiteral("Christmas")), qPrintable(m.text));
        QVERIFY2(m.text.contains(QStringLiteral("Profit totals are stale")), qPrintable(m.text));
        QVERIFY(!m.text.contains(QStringLiteral("Growth is late")));
        QVERIFY(!m.text.contains(QStringLiteral("Old news")));
        QVERIFY(m.html.contains(QStringLiteral("<li>[critical] Profit totals are stale")));
        QCOMPARE(m.key, QStringLiteral("notice:") + ShiftReminders::step(turn));
    }
};

QTEST_GUILESS_MAIN(tst_ShiftReminders)
#include "tst_shiftreminders.moc"
