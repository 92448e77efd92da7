// Calendars as other programs write them (tests/data/ics-realworld, sources and licences in
// its SOURCES.md): every file yields the holidays it says for a year, checked by hand
// against the file's own rules — including the US file's wrong Black Friday and Election
// Day, which an importer must reproduce, not correct.
#include "schedule/icalendarreader.h"
#include "schedule/oncallschedule.h"
#include "schedule/scheduleexport.h"
#include "workspace/workspacereader.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace wk;

namespace {

QString file(const QString &name)
{
    return QStringLiteral(WK_TEST_DATA_DIR "/ics-realworld/") + name;
}

// The local days the calendar's events touch in a year, as "MM-dd", once each.
QStringList daysIn(const CalendarReadResult &cal, int year)
{
    QStringList out;
    for (const CalendarEvent &e : cal.events) {
        for (QDate d = e.firstDay; d.isValid() && d <= e.lastDay; d = d.addDays(1)) {
            const QString day = d.toString(QStringLiteral("MM-dd"));
            if (d.year() == year && !out.contains(day))
                out << day;
        }
    }
    out.sort();
    return out;
}

QStringList days(const char *list)
{
    return QString::fromLatin1(list).split(QLatin1Char(' '));
}

} // namespace

class tst_RealWorldIcs : public QObject
{
    Q_OBJECT

private slots:
    void yieldsTheHolidaysTheFileSays_data();
    void yieldsTheHolidaysTheFileSays();
    void usCalendarKeepsItsOwnDateErrors();
    void unreadablePropertiesAreWarnedAbout();
    void holidaysReachTheScheduleAndItsExport();
};

void tst_RealWorldIcs::yieldsTheHolidaysTheFileSays_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("year");
    QTest::addColumn<QStringList>("expected");
    // Yearly and nth-weekday rules with COUNT; DTEND as a UTC date-time or equal to DTSTART.
    QTest::newRow("US") << "holidays_thunderbird_US.ics" << 2024
                        << days("01-01 01-15 02-02 02-14 02-19 03-10 03-17 04-15 05-12 05-27 "
                                "06-16 06-19 07-04 09-02 10-14 10-31 11-03 11-05 11-11 11-22 "
                                "11-28 12-24 12-25 12-31");
    // RECURRENCE-ID moves Good Friday from 2 to 29 March and Easter Monday from 5 to 1 April.
    QTest::newRow("UK") << "holidays_thunderbird_UK_EnglandWales.ics" << 2024
                        << days("01-01 03-29 04-01 05-06 05-27 08-26 12-25 12-26");
    QTest::newRow("Germany")
        << "holidays_thunderbird_autogen_Germany.ics" << 2026
        << days("01-01 01-06 03-08 04-03 04-05 04-06 05-01 05-14 05-24 05-25 06-04 08-15 09-20 "
                "10-03 10-31 11-01 11-18 12-25 12-26");
    // TZID on DATE values, MONTHLY;INTERVAL=12 "Happy Mondays", equinoxes every four years.
    QTest::newRow("Japan") << "holidays_thunderbird_Japan.ics" << 2020
                           << days("01-01 01-13 02-11 03-20 04-29 05-03 05-04 05-05 05-06 "
                                   "07-20 08-11 09-21 09-22 10-12 11-03 11-23 12-23");
    // A four-day New Year's break that recurs yearly.
    QTest::newRow("Russia") << "holidays_thunderbird_Russia.ics" << 2015
                            << days("01-01 01-02 01-03 01-04 01-05 01-07 02-23 03-08 05-01 "
                                    "05-09 06-12 11-04");
    // EXDATE before its RRULE; three-day Songkran.
    QTest::newRow("Thailand") << "holidays_thunderbird_Thailand.ics" << 2016
                              << days("01-01 01-09 01-16 01-18 04-06 04-13 04-14 04-15 05-01 "
                                      "05-05 07-01 08-12 10-23 12-05 12-10 12-12 12-31");
    // 58 VCALENDARs in one file, LF-only, folded everywhere.
    QTest::newRow("Ireland") << "holidays_thunderbird_Ireland_2003-2011_legacy.ics" << 2009
                             << days("01-01 03-17 04-10 04-13 05-04 06-01 08-03 10-26 12-25 "
                                     "12-26");
    // First Tuesdays with RDATEs and EXDATEs; two occurrences moved by RECURRENCE-ID (one
    // named in UTC), the one at 20:00 Los Angeles time counting on its own day, 6 November.
    QTest::newRow("Zimbra 2012") << "icaljs_recur_instances_zimbra.ics" << 2012
                                 << days("10-02 11-06 11-10 11-30");
    QTest::newRow("Zimbra 2013") << "icaljs_recur_instances_zimbra.ics" << 2013
                                 << days("01-01 03-05 05-07 06-04 07-02 08-06 09-03 10-01 "
                                         "11-05 12-03");
    QTest::newRow("Google birthday") << "icaljs_google_birthday.ics" << 2013 << days("12-10");
    // A quoted, non-IANA VTIMEZONE; RDATE periods folded mid-value, one repeating DTSTART.
    QTest::newRow("Lotus 2021") << "icalendar_lotus_notes_rdate_period_vtimezone.ics" << 2021
                                << days("11-01 12-06");
    QTest::newRow("Lotus 2022") << "icalendar_lotus_notes_rdate_period_vtimezone.ics" << 2022
                                << days("01-03 02-07");
    // A UTF-8 TZID with no VERSION, UID or SUMMARY.
    QTest::newRow("Outlook") << "icalendar_outlook_non_ascii_tzid.ics" << 2017 << days("05-11");
}

void tst_RealWorldIcs::yieldsTheHolidaysTheFileSays()
{
    QFETCH(QString, name);
    QFETCH(int, year);
    QFETCH(QStringList, expected);
    const CalendarReadResult cal = ICalendarReader::readFile(file(name), QTimeZone::utc());
    QVERIFY2(cal.diagnostics.isEmpty(), qPrintable(formatDiagnostics(cal.diagnostics)));
    QCOMPARE(daysIn(cal, year), expected);
}

void tst_RealWorldIcs::usCalendarKeepsItsOwnDateErrors()
{
    const CalendarReadResult cal = ICalendarReader::readFile(
        file(QStringLiteral("holidays_thunderbird_US.ics")), QTimeZone::utc());
    // "1TU" of November 2022 is the 1st, though the election was on the 8th.
    const QStringList y2022 = daysIn(cal, 2022);
    QVERIFY(y2022.contains(QStringLiteral("11-01")));
    QVERIFY(!y2022.contains(QStringLiteral("11-08")));
    // COUNT=10 from 2021 ends with 2030; the 2021-only days do not recur.
    QVERIFY(!daysIn(cal, 2030).isEmpty());
    QVERIFY(daysIn(cal, 2031).isEmpty());
    // Good Friday is written for 2021 alone.
    QVERIFY(daysIn(cal, 2021).contains(QStringLiteral("04-02")));
    QVERIFY(!daysIn(cal, 2022).contains(QStringLiteral("04-02")));
}

void tst_RealWorldIcs::unreadablePropertiesAreWarnedAbout()
{
    // "RDATE:20131210Z" is no valid value; libical drops it, we say so and read the rest.
    const CalendarReadResult cal = ICalendarReader::readFile(
        file(QStringLiteral("icaljs_google_birthday.ics")), QTimeZone::utc());
    QVERIFY(cal.diagnostics.isEmpty());
    QVERIFY(!cal.events.isEmpty());
    QCOMPARE(cal.warnings.size(), 2);
    QCOMPARE(cal.warnings.first().line, 8);
    QVERIFY(cal.warnings.first().warning);
    QVERIFY2(cal.warnings.first().toString().contains(QStringLiteral(": warning: ")),
             qPrintable(cal.warnings.first().toString()));
    QVERIFY(cal.warnings.first().message.contains(QStringLiteral("RDATE")));
}

void tst_RealWorldIcs::holidaysReachTheScheduleAndItsExport()
{
    // A rotation over the UK calendar: its eight 2024 holidays land in the shifts, and the
    // schedule exported as iCalendar reads back shift for shift.
    QTemporaryDir dir;
    QVERIFY(QFile::copy(file(QStringLiteral("holidays_thunderbird_UK_EnglandWales.ics")),
                        dir.filePath(QStringLiteral("uk.ics"))));
    const QByteArray yaml = R"(version: 1
name: UK team
people:
  - {id: ann, name: Ann, email: ann@example.com, timezone: Europe/London}
  - {id: bob, name: Bob, email: bob@example.com, timezone: Europe/London}
pipelines:
  - {id: p, name: P, criticality: high, owners: {primary: ann, secondary: bob}}
rotations:
  - {id: r, name: R, pipelines: [p], participants: [ann, bob], shift: 1w,
     handoff: {weekday: monday, time: "00:00"}, timezone: Europe/London, start: 2024-01-01,
     seats: [primary]}
holidays:
  - calendar: uk.ics
)";
    const QString path = dir.filePath(QStringLiteral("ws.yaml"));
    QFile out(path);
    QVERIFY(out.open(QIODevice::WriteOnly) && out.write(yaml) == yaml.size());
    out.close();
    const WorkspaceLoadResult loaded = WorkspaceReader::readFile(path);
    QVERIFY2(loaded.ok(), qPrintable(formatDiagnostics(loaded.diagnostics)));
    const OnCallSchedule schedule(*loaded.workspace);
    const QTimeZone london("Europe/London");
    const QList<Shift> shifts =
        schedule.shifts(QStringLiteral("r"), QDateTime(QDate(2024, 1, 1), QTime(0, 0), london),
                        QDateTime(QDate(2024, 12, 30), QTime(0, 0), london));
    int holidays = 0;
    for (const Shift &s : shifts)
        holidays += s.holidayDays;
    QCOMPARE(holidays, 8);
    const QByteArray ics =
        ScheduleExport::toIcs(shifts, *loaded.workspace, QDateTime(QDate(2024, 1, 1), QTime(0, 0)));
    QString error;
    QVERIFY2(ScheduleExport::validateIcs(ics, &error), qPrintable(error));
    const CalendarReadResult back =
        ICalendarReader::parse(ics, QStringLiteral("export.ics"), QTimeZone::utc());
    QVERIFY2(back.diagnostics.isEmpty(), qPrintable(formatDiagnostics(back.diagnostics)));
    QCOMPARE(back.events.size(), shifts.size());
}

QTEST_GUILESS_MAIN(tst_RealWorldIcs)
#include "tst_realworldics.moc"
