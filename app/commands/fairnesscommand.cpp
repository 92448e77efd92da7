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
    const QString location = requiredWorkspace(parser, QStringLiteral("fairness"), &code);
    if (location.isEmpty())
        return code;
    QDate first;
    int n = 0;
    if (!readSpan(parser, span.from, span.weeks, &first, &n, &code))
        return code;
    const std::optional<QString> chosen =
        chosenFormat(parser, format, {QStringLiteral("md"), QStringLiteral("csv")}, &code);
    if (!chosen)
        return code;
    const QString &fmt = *chosen;
    const auto ws = loadWorkspace(location, &code);
    if (!ws)
        return code;
    if (parser.isSet(span.rotation) && !ws->rotation(parser.value(span.rotation)))
        return fail(BadInput,
                    QStringLiteral("there is no rotation '%1'").arg(parser.value(span.rotation)));
    auto db = openConsoleStore(parser, location, &code);
    if (!db)
        return code;
    OnCallSchedule plan(*ws);
    const auto alerts = readAlertsAndOverrides(*db, plan, &code);
    if (!alerts)
        return code;
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
