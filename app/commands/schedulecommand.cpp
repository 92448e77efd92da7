#include "commands.h"

#include "commandsupport.h"

#include "schedule/oncallschedule.h"
#include "schedule/scheduleexport.h"
#include "storage/database.h"
#include "storage/schedulestore.h"
#include "workspacesource.h"

#include <QDateTime>
#include <QTimeZone>

namespace wk::cli {

int schedule(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Writes the on-call schedule (planned shifts with overrides) of every rotation, or of "
        "one, as iCalendar or CSV."));
    parser.addOption(workspaceOption());
    const SpanOptions span;
    const QCommandLineOption format(QStringLiteral("format"), QStringLiteral("ics or csv."),
                                    QStringLiteral("format"), QStringLiteral("ics"));
    parser.addOptions({span.from, span.weeks, span.rotation, span.output, format});
    int code = Ok;
    if (!parse(parser, arguments, &code))
        return code;
    const QString location = requiredWorkspace(parser, QStringLiteral("schedule"), &code);
    if (location.isEmpty())
        return code;
    QDate first;
    int n = 0;
    if (!readSpan(parser, span.from, span.weeks, &first, &n, &code))
        return code;
    const std::optional<QString> chosen =
        chosenFormat(parser, format, {QStringLiteral("ics"), QStringLiteral("csv")}, &code);
    if (!chosen)
        return code;
    const QString &fmt = *chosen;
    const auto ws = loadWorkspace(location, &code);
    if (!ws)
        return code;
    if (ws->rotations.isEmpty())
        return fail(BadInput, QStringLiteral("%1 defines no rotations").arg(location));
    if (parser.isSet(span.rotation) && !ws->rotation(parser.value(span.rotation)))
        return fail(BadInput,
                    QStringLiteral("there is no rotation '%1'").arg(parser.value(span.rotation)));

    OnCallSchedule plan(*ws);
    // Overrides made in the console live in the store next to a database workspace.
    if (Database::isDatabaseUrl(location)) {
        QString error;
        if (auto db = Database::open(location, &error)) {
            if (const auto stored = ScheduleStore(*db).loadOverrides(&error))
                plan.setStoredOverrides(*stored);
        }
    }
    const QDateTime start(first, QTime(0, 0), QTimeZone::utc());
    const QDateTime end = start.addDays(7 * n);
    QList<Shift> shifts;
    for (const Rotation &r : ws->rotations) {
        if (!parser.isSet(span.rotation) || r.id == parser.value(span.rotation))
            shifts << plan.shifts(r.id, start, end);
    }
    const QByteArray data =
        fmt == QLatin1String("ics")
            ? ScheduleExport::toIcs(shifts, *ws, QDateTime::currentDateTimeUtc())
            : ScheduleExport::toCsv(shifts, *ws);
    if (!writeOutput(parser.value(span.output), data, &code))
        return code;
    return Ok;
}

} // namespace wk::cli
