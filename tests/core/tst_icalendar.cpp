#include "schedule/icalendarreader.h"
#include "schedule/oncallschedule.h"
#include "schedule/scheduleexport.h"
#include "workspace/workspacereader.h"
#include "workspace/workspacewriter.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace wk;

namespace {

const QString germanFile = QStringLiteral(WK_TEST_DATA_DIR "/holidays/de-feiertage-2022-2024.ics");

QByteArray calendar(const QByteArray &events)
{
    return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n" + events +
           "END:VCALENDAR\r\n";
}

const char *rotationYaml = R"(version: 1
name: Schedule test
people:
  - {id: amara, name: Amara Okafor, email: amara@example.com, timezone: Europe/Berlin}
  - {id: bruno, name: Bruno Lima, email: bruno@example.com, timezone: America/Sao_Paulo}
  - {id: chen, name: Chen Wei, email: chen@example.com, timezone: Asia/Singapore}
pipelines:
  - id: profit
    name: Profit
    criticality: critical
    owners: {primary: amara, secondary: bruno}
rotations:
  - id: investor
    name: Investor reporting
    pipelines: [profit]
    participants: [amara, bruno, chen]
    shift: 1w
    handoff: {weekday: monday, time: "10:00"}
    timezone: Europe/Berlin
    start: 2024-03-04
    month_end: 5d
holidays:
  - calendar: HOLIDAYS
time_off:
  - person: bruno
    from: 2024-03-25
    to: 2024-03-31
    reason: Easter trip
overrides:
  - id: swap-1
    rotation: investor
    layer: primary
    person: bruno
    from: 2024-03-06T10:00:00+01:00
    to: 2024-03-07T10:00:00+01:00
    by: amara
    reason: Parent evening
)";

// The workspace above, written beside a copy of the real holiday calendar it names.
QString writeRotationWorkspace(const QTemporaryDir &dir)
{
    QFile::copy(germanFile, dir.filePath(QStringLiteral("de.ics")));
    QString path = dir.filePath(QStringLiteral("ws.yaml"));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) ||
        f.write(QByteArray(rotationYaml).replace("HOLIDAYS", "de.ics")) < 0)
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

} // namespace

class tst_ICalendar : public QObject
{
    Q_OBJECT

private slots:
    void readsARealPublicHolidayCalendar();
    void expandsYearlyRulesWithExceptions();
    void readsZonedAndFloatingTimes();
    void reportsProblemsWithFileAndLine_data();
    void reportsProblemsWithFileAndLine();
    void exportRoundTripsThroughLibical();
    void hostileCalendarsAreBounded();
    void exportsCsv();
    void workspaceReadsRotationsHolidaysTimeOffAndOverrides();
    void workspaceRejectsBadScheduleSettings_data();
    void workspaceRejectsBadScheduleSettings();
};

void tst_ICalendar::readsARealPublicHolidayCalendar()
{
    const CalendarReadResult cal = ICalendarReader::readFile(germanFile, QTimeZone::utc());
    QVERIFY2(cal.diagnostics.isEmpty(), qPrintable(formatDiagnostics(cal.diagnostics)));
    QCOMPARE(cal.events.size(), 33);
    QCOMPARE(cal.name, QStringLiteral("Feiertage in Deutschland für die Geo Engine GmbH"));
    const CalendarEvent &easter2024 = cal.events.at(24);
    QCOMPARE(easter2024.summary, QStringLiteral("Ostermontag")); // trailing space trimmed
    QVERIFY(easter2024.allDay);
    QCOMPARE(easter2024.startDate, QDate(2024, 4, 1));
    QCOMPARE(easter2024.endDate, QDate(2024, 4, 2));
    QCOMPARE(cal.events.last().startDate, QDate(2024, 12, 26));
    // Line numbers point at each event's BEGIN:VEVENT.
    QCOMPARE(cal.events.first().line, 9);
}

void tst_ICalendar::expandsYearlyRulesWithExceptions()
{
    const QByteArray text = calendar("BEGIN:VEVENT\r\nUID:xmas\r\nSUMMARY:Company day\r\n"
                                     "DTSTART;VALUE=DATE:20241224\r\nDTEND;VALUE=DATE:20241225\r\n"
                                     "RRULE:FREQ=YEARLY;COUNT=4\r\nEXDATE;VALUE=DATE:20251224\r\n"
                                     "END:VEVENT\r\n");
    const CalendarReadResult cal =
        ICalendarReader::parse(text, QStringLiteral("company.ics"), QTimeZone::utc());
    QVERIFY2(cal.diagnostics.isEmpty(), qPrintable(formatDiagnostics(cal.diagnostics)));
    QList<QDate> dates;
    for (const CalendarEvent &e : cal.events)
        dates << e.startDate;
    QCOMPARE(dates, (QList<QDate>{QDate(2024, 12, 24), QDate(2026, 12, 24), QDate(2027, 12, 24)}));
}

void tst_ICalendar::readsZonedAndFloatingTimes()
{
    const QByteArray text =
        calendar("BEGIN:VEVENT\r\nUID:a\r\nSUMMARY:Conference\r\n"
                 "DTSTART;TZID=America/New_York:20261101T003000\r\n"
                 "DTEND;TZID=America/New_York:20261101T030000\r\nEND:VEVENT\r\n"
                 "BEGIN:VEVENT\r\nUID:b\r\nSUMMARY:Dentist\r\nDTSTART:20260310T090000\r\n"
                 "DURATION:PT2H\r\nEND:VEVENT\r\n"
                 "BEGIN:VEVENT\r\nUID:c\r\nSUMMARY:Flight\r\nDTSTART:20260310T060000Z\r\n"
                 "DTEND:20260310T070000Z\r\nEND:VEVENT\r\n");
    const CalendarReadResult cal = ICalendarReader::parse(
        text, QStringLiteral("amara.ics"), QTimeZone(QByteArrayLiteral("Europe/Berlin")));
    QVERIFY2(cal.diagnostics.isEmpty(), qPrintable(formatDiagnostics(cal.diagnostics)));
    QCOMPARE(cal.events.size(), 3);
    // 00:30 EDT is 04:30 UTC; 03:00 that night is already EST, 08:00 UTC.
    QCOMPARE(cal.events[0].start, QDateTime(QDate(2026, 11, 1), QTime(4, 30), QTimeZone::utc()));
    QCOMPARE(cal.events[0].end, QDateTime(QDate(2026, 11, 1), QTime(8, 0), QTimeZone::utc()));
    // Floating 09:00 is read in the person's zone (Berlin, UTC+1 in March).
    QCOMPARE(cal.events[1].start, QDateTime(QDate(2026, 3, 10), QTime(8, 0), QTimeZone::utc()));
    QCOMPARE(cal.events[1].end, QDateTime(QDate(2026, 3, 10), QTime(10, 0), QTimeZone::utc()));
    QCOMPARE(cal.events[2].start, QDateTime(QDate(2026, 3, 10), QTime(6, 0), QTimeZone::utc()));
}

void tst_ICalendar::reportsProblemsWithFileAndLine_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("message");
    // Refused: the file yields nothing. Otherwise the bad event is skipped with a warning
    // and the rest of the file counts.
    QTest::addColumn<bool>("refused");
    QTest::newRow("not a calendar")
        << QByteArray("hello\nworld\n") << 0 << QStringLiteral("not an iCalendar file") << true;
    QTest::newRow("no start") << calendar("BEGIN:VEVENT\r\nUID:x\r\nSUMMARY:Lost\r\nEND:VEVENT\r\n")
                              << 4 << QStringLiteral("'Lost' has no DTSTART") << true;
    QTest::newRow("ends before start")
        << calendar("BEGIN:VEVENT\r\nUID:ok\r\nDTSTART;VALUE=DATE:20260101\r\nEND:VEVENT\r\n"
                    "BEGIN:VEVENT\r\nUID:x\r\nSUMMARY:Backwards\r\n"
                    "DTSTART;VALUE=DATE:20260105\r\nDTEND;VALUE=DATE:20260103\r\nEND:VEVENT\r\n")
        << 8 << QStringLiteral("'Backwards' ends before it starts") << false;
    QTest::newRow("unknown zone")
        << calendar("BEGIN:VEVENT\r\nUID:x\r\nSUMMARY:Trip\r\n"
                    "DTSTART;TZID=Mars/Olympus:20260105T100000\r\nEND:VEVENT\r\n")
        << 4 << QStringLiteral("unknown time zone 'Mars/Olympus'") << true;
}

void tst_ICalendar::reportsProblemsWithFileAndLine()
{
    QFETCH(QByteArray, text);
    QFETCH(int, line);
    QFETCH(QString, message);
    QFETCH(bool, refused);
    const CalendarReadResult cal =
        ICalendarReader::parse(text, QStringLiteral("bad.ics"), QTimeZone::utc());
    QCOMPARE(cal.events.isEmpty(), refused);
    const QList<Diagnostic> &said = refused ? cal.diagnostics : cal.warnings;
    QCOMPARE(cal.diagnostics.isEmpty(), !refused);
    QVERIFY(!said.isEmpty());
    QCOMPARE(said.first().file, QStringLiteral("bad.ics"));
    QCOMPARE(said.first().line, line);
    QCOMPARE(said.first().warning, !refused);
    QVERIFY2(said.first().message.contains(message), qPrintable(said.first().message));
}

// Files that would take minutes and gigabytes (found by trying): each is bounded and said.
void tst_ICalendar::hostileCalendarsAreBounded()
{
    // A zone whose rules repeat every minute: libical would expand them for hours.
    const QByteArray minutely = calendar(
        "BEGIN:VTIMEZONE\r\nTZID:X-Minutely\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n"
        "RRULE:FREQ=MINUTELY\r\nTZOFFSETFROM:+0000\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\n"
        "END:VTIMEZONE\r\nBEGIN:VEVENT\r\nUID:m\r\nSUMMARY:Tick\r\n"
        "DTSTART;TZID=X-Minutely:20260105T100000\r\nEND:VEVENT\r\n");
    CalendarReadResult cal =
        ICalendarReader::parse(minutely, QStringLiteral("m.ics"), QTimeZone::utc());
    QVERIFY(cal.events.isEmpty());
    QVERIFY2(
        formatDiagnostics(cal.diagnostics).contains(QStringLiteral("more often than once a year")),
        qPrintable(formatDiagnostics(cal.diagnostics)));

    // A rule finer than daily, filtered to one day a year: libical searched for minutes.
    const QByteArray hourly =
        calendar("BEGIN:VEVENT\r\nUID:h\r\nSUMMARY:ML King Day\r\nDTSTART;VALUE=DATE:20210118\r\n"
                 "RRULE:FREQ=HOURLY;BYMONTH=1;COUNT=10;BYDAY=3MO\r\nEND:VEVENT\r\n"
                 "BEGIN:VEVENT\r\nUID:y\r\nSUMMARY:New Year\r\nDTSTART;VALUE=DATE:20210101\r\n"
                 "RRULE:FREQ=YEARLY;BYMONTH=1;COUNT=3;BYMONTHDAY=1\r\nEND:VEVENT\r\n");
    cal = ICalendarReader::parse(hourly, QStringLiteral("h.ics"), QTimeZone::utc());
    QCOMPARE(cal.events.size(), 3); // the yearly event's occurrences, read as ever
    QVERIFY2(formatDiagnostics(cal.warnings)
                 .contains(QStringLiteral("h.ics:4: warning: the RRULE of 'ML King Day' repeats "
                                          "more often than daily; skipped")),
             qPrintable(formatDiagnostics(cal.warnings)));

    // A yearly all-day event lasting to the year 9999: each occurrence is cut to a year.
    const QByteArray endless =
        calendar("BEGIN:VEVENT\r\nUID:e\r\nSUMMARY:Forever\r\nDTSTART;VALUE=DATE:20260101\r\n"
                 "DTEND;VALUE=DATE:99991231\r\nRRULE:FREQ=YEARLY\r\nEND:VEVENT\r\n");
    cal = ICalendarReader::parse(endless, QStringLiteral("e.ics"), QTimeZone::utc());
    QVERIFY(!cal.events.isEmpty());
    QVERIFY(cal.events.first().startDate.daysTo(cal.events.first().endDate) <= 366);
    QVERIFY(formatDiagnostics(cal.warnings).contains(QStringLiteral("only its first 366")));
    qint64 days = 0;
    for (const CalendarEvent &e : cal.events)
        days += e.firstDay.daysTo(e.lastDay) + 1;
    QVERIFY(days <= 100'000);

    // Hundreds of daily events without an end: the file's days are bounded, and it says so.
    QByteArray daily;
    for (int i = 0; i < 300; ++i)
        daily += "BEGIN:VEVENT\r\nUID:d" + QByteArray::number(i) +
                 "\r\nDTSTART;VALUE=DATE:20260101\r\nRRULE:FREQ=DAILY\r\nEND:VEVENT\r\n";
    cal = ICalendarReader::parse(calendar(daily), QStringLiteral("d.ics"), QTimeZone::utc());
    QVERIFY(cal.events.size() <= 100'000);
    QVERIFY(formatDiagnostics(cal.warnings).contains(QStringLiteral("more than 100000 days")));

    // What is not a regular file, or is far too big, is not read at all.
    cal = ICalendarReader::readFile(QStringLiteral("/dev/zero"), QTimeZone::utc());
    QVERIFY(cal.events.isEmpty());
    QVERIFY2(formatDiagnostics(cal.diagnostics).contains(QStringLiteral("not a regular file")),
             qPrintable(formatDiagnostics(cal.diagnostics)));
    QTemporaryDir dir;
    QFile big(dir.filePath(QStringLiteral("big.ics")));
    QVERIFY(big.open(QIODevice::WriteOnly));
    big.write(calendar(QByteArray(5 * 1024 * 1024, '\n')));
    big.close();
    cal = ICalendarReader::readFile(big.fileName(), QTimeZone::utc());
    QVERIFY2(formatDiagnostics(cal.diagnostics)
                 .contains(QStringLiteral("of more than 4 MB is not read")),
             qPrintable(formatDiagnostics(cal.diagnostics)));
}

void tst_ICalendar::exportRoundTripsThroughLibical()
{
    QTemporaryDir dir;
    const WorkspaceLoadResult loaded = WorkspaceReader::readFile(writeRotationWorkspace(dir));
    QVERIFY2(loaded.ok(), qPrintable(formatDiagnostics(loaded.diagnostics)));
    const OnCallSchedule schedule(*loaded.workspace);
    const QDateTime from(QDate(2024, 3, 4), QTime(0, 0), QTimeZone::utc());
    const QList<Shift> shifts =
        schedule.shifts(QStringLiteral("investor"), from, from.addDays(12 * 7));
    QVERIFY(shifts.size() > 24);

    const QByteArray ics = ScheduleExport::toIcs(shifts, *loaded.workspace, from.addDays(-1));
    QString error;
    QVERIFY2(ScheduleExport::validateIcs(ics, &error), qPrintable(error));
    const CalendarReadResult back =
        ICalendarReader::parse(ics, QStringLiteral("export.ics"), QTimeZone::utc());
    QVERIFY2(back.diagnostics.isEmpty(), qPrintable(formatDiagnostics(back.diagnostics)));
    QCOMPARE(back.events.size(), shifts.size());
    QSet<QString> uids;
    for (int i = 0; i < shifts.size(); ++i) {
        const CalendarEvent &e = back.events[i];
        QCOMPARE(e.start, shifts[i].start);
        QCOMPARE(e.end, shifts[i].end);
        QCOMPARE(e.extras.value(QStringLiteral("X-WATCHKEEPER-PERSON")), shifts[i].person);
        QCOMPARE(e.extras.value(QStringLiteral("X-WATCHKEEPER-LAYER")),
                 rotationLayerName(shifts[i].layer));
        QCOMPARE(e.summary, ScheduleExport::title(shifts[i], *loaded.workspace));
        uids.insert(e.uid);
    }
    QCOMPARE(uids.size(), shifts.size());
    // The override shows as its own event, and says whose shift it took.
    bool sawOverride = false;
    for (const CalendarEvent &e : back.events) {
        if (e.extras.value(QStringLiteral("X-WATCHKEEPER-OVERRIDE")) == QLatin1String("swap-1")) {
            sawOverride = true;
            QVERIFY(e.description.contains(QStringLiteral("Parent evening")));
        }
    }
    QVERIFY(sawOverride);
    // A broken calendar does not validate.
    QVERIFY(!ScheduleExport::validateIcs(QByteArray(ics).replace("DTSTART", "XTSTART"), &error));
    QVERIFY(ics.contains("X-WR-CALNAME:Schedule test on-call\r\n"));
    // A workspace already named after its rotation is not called "on-call on-call".
    Workspace named = *loaded.workspace;
    named.name = QStringLiteral("Data Engineering On-call");
    QVERIFY(ScheduleExport::toIcs(shifts, named, from)
                .contains("X-WR-CALNAME:Data Engineering On-call\r\n"));
}

void tst_ICalendar::exportsCsv()
{
    QTemporaryDir dir;
    const WorkspaceLoadResult loaded = WorkspaceReader::readFile(writeRotationWorkspace(dir));
    QVERIFY2(loaded.ok(), qPrintable(formatDiagnostics(loaded.diagnostics)));
    const OnCallSchedule schedule(*loaded.workspace);
    const QDateTime from(QDate(2024, 3, 25), QTime(12, 0), QTimeZone::utc());
    const QList<Shift> shifts = schedule.shifts(QStringLiteral("investor"), from, from.addDays(7));
    const QStringList lines = QString::fromUtf8(ScheduleExport::toCsv(shifts, *loaded.workspace))
                                  .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), shifts.size() + 1);
    QVERIFY(lines.first().startsWith(QStringLiteral("rotation,layer,person,name,start_utc")));
    // The Easter week holds Good Friday and Easter Monday... of the previous turn: only Good
    // Friday (29 March 2024) falls in the turn starting 25 March.
    QVERIFY2(lines.at(1).contains(QStringLiteral(",1,2,")), qPrintable(lines.at(1)));
}

void tst_ICalendar::workspaceReadsRotationsHolidaysTimeOffAndOverrides()
{
    QTemporaryDir dir;
    const WorkspaceLoadResult loaded = WorkspaceReader::readFile(writeRotationWorkspace(dir));
    QVERIFY2(loaded.ok(), qPrintable(formatDiagnostics(loaded.diagnostics)));
    const Workspace &ws = *loaded.workspace;
    QCOMPARE(ws.rotations.size(), 1);
    QCOMPARE(ws.rotations[0].monthEndDays, 5);
    QCOMPARE(ws.rotations[0].handoffTime, QTime(10, 0));
    QCOMPARE(ws.holidays.size(), 1);
    QCOMPARE(ws.holidays[0].days.size(), 33);
    QCOMPARE(ws.timeOff.size(), 1);
    // A bare 'to' date is the last day away, in the person's zone (São Paulo, UTC-3).
    QCOMPARE(ws.timeOff[0].end, QDateTime(QDate(2024, 4, 1), QTime(3, 0), QTimeZone::utc()));
    QCOMPARE(ws.overrides.size(), 1);
    QCOMPARE(ws.overrides[0].start, QDateTime(QDate(2024, 3, 6), QTime(9, 0), QTimeZone::utc()));

    // Written and read back, the workspace is the same.
    const QString copy = dir.filePath(QStringLiteral("copy.yaml"));
    QString error;
    QVERIFY2(WorkspaceWriter::writeFile(ws, copy, &error), qPrintable(error));
    const WorkspaceLoadResult again = WorkspaceReader::readFile(copy);
    QVERIFY2(again.ok(), qPrintable(formatDiagnostics(again.diagnostics)));
    QCOMPARE(again.workspace->rotations, ws.rotations);
    QCOMPARE(again.workspace->holidays, ws.holidays);
    QCOMPARE(again.workspace->timeOff, ws.timeOff);
    QCOMPARE(again.workspace->overrides, ws.overrides);
    QCOMPARE(*again.workspace, ws);
}

void tst_ICalendar::workspaceRejectsBadScheduleSettings_data()
{
    QTest::addColumn<QByteArray>("from");
    QTest::addColumn<QByteArray>("to");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown participant")
        << QByteArray("[amara, bruno, chen]") << QByteArray("[amara, bruno, zoe]")
        << QStringLiteral("unknown person 'zoe'");
    QTest::newRow("bad weekday") << QByteArray("weekday: monday") << QByteArray("weekday: funday")
                                 << QStringLiteral("must be a day such as monday");
    QTest::newRow("bad zone") << QByteArray("timezone: Europe/Berlin\n    start")
                              << QByteArray("timezone: Europe/Atlantis\n    start")
                              << QStringLiteral("unknown time zone 'Europe/Atlantis'");
    // Chen holds the secondary seat that week; taking the primary too would page him twice.
    QTest::newRow("override in both seats")
        << QByteArray("person: bruno\n    from: 2024-03-06")
        << QByteArray("person: chen\n    from: 2024-03-06")
        << QStringLiteral("Chen Wei would hold both the primary and the secondary seat from Wed 6 "
                          "Mar 2024 10:00 to Thu 7 Mar 2024 10:00 (Europe/Berlin)");
    // Values no team uses, which would make planning take minutes and gigabytes.
    QTest::newRow("start centuries back")
        << QByteArray("start: 2024-03-04") << QByteArray("start: 0001-01-01")
        << QStringLiteral("a rotation starts between the years 2000 and 2100");
    QTest::newRow("shift of two thousand years")
        << QByteArray("shift: 1w") << QByteArray("shift: 100000w")
        << QStringLiteral("'shift' of rotation 'investor' must be at most 52w");
    QTest::newRow("hourly turns for decades")
        << QByteArray("shift: 1w\n    handoff: {weekday: monday, time: \"10:00\"}\n    "
                      "timezone: Europe/Berlin\n    start: 2024-03-04")
        << QByteArray("shift: 1h\n    handoff: {weekday: monday, time: \"10:00\"}\n    "
                      "timezone: Europe/Berlin\n    start: 2000-01-01")
        << QStringLiteral("turns between its 'start' and today");
    // Qt would read the date and drop an impossible time; the whole value is refused.
    QTest::newRow("impossible time")
        << QByteArray("from: 2024-03-25") << QByteArray("from: 2024-03-25T25:00")
        << QStringLiteral("must be a date or date-time such as");
    QTest::newRow("seat under two names")
        << QByteArray("layer: primary") << QByteArray("layer: primary\n    seat: primary")
        << QStringLiteral("write 'seat' only");
    QTest::newRow("override backwards")
        << QByteArray("to: 2024-03-07T10:00:00+01:00")
        << QByteArray("to: 2024-03-05T10:00:00+01:00") << QStringLiteral("ends before it starts");
    QTest::newRow("missing calendar")
        << QByteArray("calendar: HOLIDAYS") << QByteArray("calendar: nowhere.ics")
        << QStringLiteral("calendar 'nowhere.ics': cannot open");
}

void tst_ICalendar::workspaceRejectsBadScheduleSettings()
{
    QFETCH(QByteArray, from);
    QFETCH(QByteArray, to);
    QFETCH(QString, message);
    QByteArray yaml = QByteArray(rotationYaml).replace(from, to);
    yaml.replace("HOLIDAYS", germanFile.toUtf8());
    const WorkspaceLoadResult r = WorkspaceReader::readText(yaml, QStringLiteral("ws.yaml"));
    QVERIFY(!r.ok());
    QVERIFY2(formatDiagnostics(r.diagnostics).contains(message),
             qPrintable(formatDiagnostics(r.diagnostics)));
    QVERIFY(r.diagnostics.first().line > 0);
}

QTEST_GUILESS_MAIN(tst_ICalendar)
#include "tst_icalendar.moc"
