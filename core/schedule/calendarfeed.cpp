#include "calendarfeed.h"

#include "oncallschedule.h"
#include "scheduleexport.h"

#include <QTimeZone>

namespace wk {

QDate CalendarFeed::firstDay(const QDateTime &now)
{
    return now.toUTC().date().addDays(-pastDays);
}

CalendarFeed::Answer CalendarFeed::answer(const Workspace &workspace,
                                          const OnCallSchedule &schedule, const QString &path,
                                          const QString &keyOwner, const QDateTime &now)
{
    if (keyOwner.isEmpty() || !workspace.person(keyOwner) || !path.endsWith(QLatin1String(".ics")))
        return {};
    const QString name = path.chopped(4);
    const QDateTime from(firstDay(now), QTime(0, 0), QTimeZone::utc());
    const QDateTime to = from.addDays(7 * weeks);
    QList<Shift> shifts;
    ScheduleExport::Published published;
    published.refreshMinutes = refreshMinutes;
    if (name.startsWith(QLatin1String("person/"))) {
        const QString person = name.mid(7);
        // Someone else's shifts are theirs to publish.
        if (person != keyOwner)
            return {};
        for (const Rotation &r : workspace.rotations) {
            for (const Shift &s : schedule.shifts(r.id, from, to)) {
                if (s.person == person)
                    shifts << s;
            }
        }
        published.name =
            QStringLiteral("On call: %1 (%2)").arg(workspace.person(person)->name, workspace.name);
    } else {
        const Rotation *rotation = workspace.rotation(name);
        if (!rotation)
            return {};
        shifts = schedule.shifts(rotation->id, from, to);
        published.name = QStringLiteral("%1 on-call (%2)").arg(rotation->name, workspace.name);
    }
    return {200, ScheduleExport::toIcs(shifts, workspace, now, published)};
}

} // namespace wk
