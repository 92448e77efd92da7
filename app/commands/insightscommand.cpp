#include "commands.h"

#include "commandsupport.h"

#include "report/insights.h"
#include "schedule/oncallschedule.h"
#include "storage/alertstore.h"
#include "storage/database.h"
#include "storage/schedulestore.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QTimeZone>

namespace wk::cli {

int insights(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Writes the figures behind the Insights charts: alerts per day by severity, MTTA and "
        "MTTR per week, SLA compliance per pipeline, error-budget burn-down per pipeline and "
        "top customer, on-call load per person and customer impact."));
    parser.addOption(workspaceOption());
    parser.addOption(databaseOption());
    const QCommandLineOption from(QStringLiteral("from"),
                                  QStringLiteral("First day, YYYY-MM-DD (default: 30 days "
                                                 "before --to)."),
                                  QStringLiteral("date"));
    const QCommandLineOption to(QStringLiteral("to"),
                                QStringLiteral("Last day, YYYY-MM-DD (default: today)."),
                                QStringLiteral("date"));
    const QCommandLineOption pipeline(QStringLiteral("pipeline"),
                                      QStringLiteral("Only this pipeline (repeatable)."),
                                      QStringLiteral("id"));
    const QCommandLineOption team(QStringLiteral("team"),
                                  QStringLiteral("Only pipelines this team's members own."),
                                  QStringLiteral("id"));
    const QCommandLineOption zone(QStringLiteral("timezone"),
                                  QStringLiteral("Zone the days are counted in (default: the "
                                                 "first rotation's, else UTC)."),
                                  QStringLiteral("zone"));
    const QCommandLineOption format(QStringLiteral("format"), QStringLiteral("csv or json."),
                                    QStringLiteral("format"), QStringLiteral("csv"));
    const QCommandLineOption output({QStringLiteral("o"), QStringLiteral("output")},
                                    QStringLiteral("Write here instead of standard output."),
                                    QStringLiteral("file"));
    parser.addOptions({from, to, pipeline, team, zone, format, output});
    int code = Ok;
    if (!parse(parser, arguments, &code))
        return code;
    const QString location = requiredWorkspace(parser, QStringLiteral("insights"), &code);
    if (location.isEmpty())
        return code;
    auto date = [&](const QCommandLineOption &o, const QDate &fallback, QDate *out) {
        *out = parser.isSet(o) ? QDate::fromString(parser.value(o), Qt::ISODate) : fallback;
        if (out->isValid() && parser.value(o).size() <= 10)
            return true;
        code = fail(BadInput, QStringLiteral("--%1 '%2' is not a date such as 2026-11-16")
                                  .arg(o.names().first(), parser.value(o)));
        return false;
    };
    QDate last, first;
    if (!date(to, QDate::currentDate(), &last) || !date(from, last.addDays(-29), &first))
        return code;
    if (first > last)
        return fail(BadInput, QStringLiteral("--from %1 is after --to %2")
                                  .arg(first.toString(Qt::ISODate), last.toString(Qt::ISODate)));
    if (first.daysTo(last) > 3660)
        return fail(BadInput, QStringLiteral("the range is longer than ten years"));
    const std::optional<QString> chosen =
        chosenFormat(parser, format, {QStringLiteral("csv"), QStringLiteral("json")}, &code);
    if (!chosen)
        return code;
    const QString &fmt = *chosen;
    auto ws = loadWorkspace(location, &code);
    if (!ws)
        return code;
    readCustomersNow(*ws);
    InsightsQuery query;
    query.from = first;
    query.to = last.addDays(1);
    query.pipelines = parser.values(pipeline);
    for (const QString &id : std::as_const(query.pipelines)) {
        if (!ws->pipeline(id))
            return fail(BadInput, QStringLiteral("there is no pipeline '%1'").arg(id));
    }
    query.team = parser.value(team);
    if (!query.team.isEmpty() && std::none_of(ws->teams.cbegin(), ws->teams.cend(),
                                              [&](const Team &t) { return t.id == query.team; }))
        return fail(BadInput, QStringLiteral("there is no team '%1'").arg(query.team));
    if (!reportZone(parser, zone, *ws, &query.zone, &code))
        return code;
    auto db = openConsoleStore(parser, location, &code);
    if (!db)
        return code;
    OnCallSchedule plan(*ws);
    const auto alerts = readAlertsAndOverrides(*db, plan, &code);
    if (!alerts)
        return code;
    const AlertFacts facts = AlertFacts::build(*alerts, *ws, &plan);
    const Insights result =
        Insights::compute(facts, *ws, query, toTimestamp(QDateTime::currentDateTimeUtc()), &plan);
    const QByteArray data = fmt == QLatin1String("csv")
                                ? result.toCsv().toUtf8()
                                : QJsonDocument(result.toJson()).toJson(QJsonDocument::Indented);
    return writeOutput(parser.value(output), data, &code) ? Ok : code;
}

} // namespace wk::cli
