#include "commands.h"

#include "commandsupport.h"

#include "handoffpdf.h"
#include "markdownhtml.h"
#include "report/handoffreport.h"
#include "schedule/oncallschedule.h"
#include "storage/alertstore.h"
#include "storage/database.h"
#include "storage/runbookhistory.h"
#include "storage/schedulestore.h"

#include <QDateTime>
#include <QTimeZone>

namespace wk::cli {

int handoff(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Writes the handoff report of a week: alerts opened, acknowledged, resolved and still "
        "open, SLA breaches, MTTA and MTTR, escalations, who is on call, and the outgoing "
        "engineer's notes."));
    parser.addOption(workspaceOption());
    parser.addOption(databaseOption());
    const QCommandLineOption week(QStringLiteral("week"),
                                  QStringLiteral("First day of the week, YYYY-MM-DD (default: "
                                                 "the Monday of this week)."),
                                  QStringLiteral("date"));
    const QCommandLineOption format(QStringLiteral("format"), QStringLiteral("md, html or pdf."),
                                    QStringLiteral("format"), QStringLiteral("md"));
    const QCommandLineOption zone(QStringLiteral("timezone"),
                                  QStringLiteral("Time zone the week is counted in (default: the "
                                                 "first rotation's, else UTC)."),
                                  QStringLiteral("zone"));
    const QCommandLineOption output({QStringLiteral("o"), QStringLiteral("output")},
                                    QStringLiteral("Write here (required for pdf)."),
                                    QStringLiteral("file"));
    parser.addOptions({week, format, zone, output});
    int code = Ok;
    if (!parse(parser, arguments, &code))
        return code;
    const QString location = requiredWorkspace(parser, QStringLiteral("handoff"), &code);
    if (location.isEmpty())
        return code;
    QDate weekStart = QDate::currentDate().addDays(1 - QDate::currentDate().dayOfWeek());
    if (parser.isSet(week))
        weekStart = QDate::fromString(parser.value(week), Qt::ISODate);
    if (!weekStart.isValid())
        return fail(
            BadInput,
            QStringLiteral("--week '%1' is not a date such as 2026-11-16").arg(parser.value(week)));
    const std::optional<QString> chosen =
        chosenFormat(parser, format,
                     {QStringLiteral("md"), QStringLiteral("html"), QStringLiteral("pdf")}, &code);
    if (!chosen)
        return code;
    const QString &fmt = *chosen;
    if (fmt == QLatin1String("pdf") && parser.value(output).isEmpty())
        return fail(BadInput, QStringLiteral("--format pdf needs --output FILE"));
    auto ws = loadWorkspace(location, &code);
    if (!ws)
        return code;
    readCustomersNow(*ws);
    QTimeZone tz;
    if (!reportZone(parser, zone, *ws, &tz, &code))
        return code;

    auto db = openConsoleStore(parser, location, &code);
    if (!db)
        return code;
    OnCallSchedule plan(*ws);
    const auto alerts = readAlertsAndOverrides(*db, plan, &code);
    if (!alerts)
        return code;
    QString error;
    const auto note = ScheduleStore(*db).loadNote(weekStart, &error);
    if (!note)
        return fail(Unavailable, QStringLiteral("cannot read the store: %1").arg(error));
    HandoffReport report = HandoffReport::build(*ws, *alerts, plan, weekStart, tz, *note,
                                                QDateTime::currentDateTimeUtc());
    const auto changes = RunbookHistory(*db).between(report.from, report.to, &error);
    if (!changes)
        return fail(Unavailable, QStringLiteral("cannot read runbook changes: %1").arg(error));
    report.runbookChanges = *changes;
    QByteArray data;
    if (fmt == QLatin1String("md"))
        data = report.toMarkdown().toUtf8();
    else if (fmt == QLatin1String("html"))
        data = report.toHtml(MarkdownHtml::fragment).toUtf8();
    else if (!HandoffPdf::write(report, parser.value(output), &error))
        return fail(Unavailable, error);
    if (fmt != QLatin1String("pdf") && !writeOutput(parser.value(output), data, &code))
        return code;
    return Ok;
}

} // namespace wk::cli
