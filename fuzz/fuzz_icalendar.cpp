#include "fuzztarget.h"
#include "schedule/icalendarreader.h"
#include "schedule/rotationplanner.h"

#include <cstdlib>

// An iCalendar file as calendar programs write them, and the planner it feeds: its events
// become holidays and one participant's time off in a rotation planned for a quarter.
extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wk::fuzz::ensureApplication();
    const QByteArray text(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const QTimeZone zone("Europe/Berlin");
    const wk::CalendarReadResult cal =
        wk::ICalendarReader::parse(text, QStringLiteral("fuzz.ics"), zone, QDate(2027, 1, 1));
    if (cal.diagnostics.isEmpty() == cal.events.isEmpty())
        std::abort(); // refused exactly when nothing could be read

    QList<wk::Holiday> holidays;
    QList<wk::TimeOff> timeOff;
    for (const wk::CalendarEvent &e : cal.events) {
        if (!e.firstDay.isValid() || !e.lastDay.isValid() || e.lastDay < e.firstDay)
            std::abort();
        for (QDate d = e.firstDay; d <= e.lastDay && holidays.size() < 5000; d = d.addDays(1))
            holidays.append({d, e.summary});
        const QDateTime start = e.startIn(zone);
        const QDateTime end = e.endIn(zone);
        if (start.isValid() && end.isValid() && start < end)
            timeOff.append({QStringLiteral("ana"), start, end, e.summary, QString()});
    }
    wk::Rotation rotation;
    rotation.id = QStringLiteral("r");
    rotation.participants = {QStringLiteral("ana"), QStringLiteral("ben"), QStringLiteral("cy")};
    rotation.timeZone = QStringLiteral("Europe/Berlin");
    rotation.start = QDate(2026, 1, 5);
    rotation.monthEndDays = 2;
    const wk::RotationPlanner planner(rotation, holidays, timeOff);
    const QList<wk::Shift> shifts =
        planner.plan(QDateTime(QDate(2026, 4, 1), QTime(0, 0), QTimeZone::utc()));
    if (shifts.isEmpty())
        std::abort();
    return 0;
}
