#include "commands.h"

#include "commandsupport.h"

#include "report/fairnessreport.h"
#include "schedule/oncallschedule.h"
#include "storage/alertstore.h"
#include "storage/database.h"
#include "storage/schedulestore.h"

namespace wk::cli {

int fairness(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Writes how the on-call load fell on each person: turns, days on call, holiday and "
        "weekend days, pages, night pages and alerts handled."));
    parser.addOption(workspaceOption());
    parser.addOption(databaseOption());
    const SpanOptions span;
    const QCommandLineOption format(QStringLiteral("format"), QStringLiteral("md or csv."),
                                    QStringLiteral("format"), QStringLiteral("md"));
    parser.addOptions({span.from, span.weeks, span.rotation, span.output, format});
    int code = Ok;
    if (!parse(parser, arguments, &code))
        return code;
    const QString location = parser.value(QStringLiteral("workspace"));
    if (location.isEmpty())
        return fail(BadInput, QStringLiteral("fairness: give --workspace FILE|URL"));
    QDate first;
    int n = 0;
    if (!readSpan(parser, span.from, span.weeks, &first, &n, &code))
        return code;
    const QString fmt = parser.value(format);
    if (fmt != QLatin1String("md") && fmt != QLatin1String("csv"))
        return fail(BadInput, QStringLiteral("--format '%1' must be md or csv").arg(fmt));
    const auto ws = loadWorkspace(location, &code);
    if (!ws)
        return code;
    if (parser.isSet(span.rotation) && !ws->rotation(parser.value(span.rotation)))
        return fail(BadInput,
                    QStringLiteral("there is no rotation '%1'").arg(parser.value(span.rotation)));
    auto db = openConsoleStore(parser, location, &code);
    if (!db)
        return code;
    QString error;
    const auto alerts = AlertStore(*db).load(&error);
    const auto overrides = ScheduleStore(*db).loadOverrides(&error);
    if (!alerts || !overrides)
        return fail(Unavailable, QStringLiteral("cannot read the store: %1").arg(error));
    OnCallSchedule plan(*ws);
    plan.setStoredOverrides(*overrides);
    QString text = fmt == QLatin1String("csv") ? FairnessReport::csvHeader() : QString();
    for (const Rotation &r : ws->rotations) {
        if (parser.isSet(span.rotation) && r.id != parser.value(span.rotation))
            continue;
        const FairnessReport report =
            FairnessReport::build(plan, *alerts, first, first.addDays(7 * n), r.id);
        text += fmt == QLatin1String("csv") ? report.toCsvRows() : report.toMarkdown() + u'\n';
    }
    return writeOutput(parser.value(span.output), text.toUtf8(), &code) ? Ok : code;
}

} // namespace wk::cli
