#include "commands.h"

#include "commandsupport.h"

#include "warehouse/rulesql.h"

namespace wk::cli {

int sql(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Prints a rule as one SQL query in a warehouse's dialect, to run where the events are. "
        "Its rows and their order are those 'check burst' prints over the same data."));
    parser.addOption(workspaceOption());
    const QCommandLineOption rule(QStringLiteral("rule"), QStringLiteral("The rule to write."),
                                  QStringLiteral("id"));
    const QCommandLineOption dialect(QStringLiteral("dialect"),
                                     QStringLiteral("%1 (default: postgresql).")
                                         .arg(SqlDialect::names().join(QStringLiteral(", "))),
                                     QStringLiteral("name"), QStringLiteral("postgresql"));
    const QCommandLineOption since(
        QStringLiteral("since"),
        QStringLiteral("Only windows ending at or after this instant (a date, a date-time or a "
                       "duration back such as 1h): the query then reads one window before it, "
                       "not the whole table."),
        QStringLiteral("when"));
    const QCommandLineOption at(
        QStringLiteral("at"),
        QStringLiteral("Evaluate freshness, volume and duplicates rules as of this instant "
                       "(default: the warehouse's current time)."),
        QStringLiteral("when"));
    const QCommandLineOption output({QStringLiteral("o"), QStringLiteral("output")},
                                    QStringLiteral("Write to a file instead of standard output."),
                                    QStringLiteral("file"));
    for (const QCommandLineOption &o : {rule, dialect, since, at, output})
        parser.addOption(o);
    int code = Ok;
    if (!parse(parser, arguments, &code))
        return code;
    const std::optional<SqlDialect> chosen =
        chosenDialect(parser, dialect, QStringLiteral("sql"), &code);
    if (!chosen)
        return code;
    RuleSql::Options options;
    if (parser.isSet(since)) {
        options.since = sinceInstant(parser.value(since), QStringLiteral("sql"), &code);
        if (!options.since)
            return code;
    }
    if (parser.isSet(at)) {
        options.at = sinceInstant(parser.value(at), QStringLiteral("sql"), &code);
        if (!options.at)
            return code;
    }
    std::optional<Workspace> ws = rankingWorkspace(parser, QStringLiteral("sql"), &code);
    if (!ws)
        return code;
    const Rule *found = findRule(*ws, parser.value(rule), QStringLiteral("sql"), &code);
    if (!found)
        return code;
    QString error;
    const std::optional<RuleSql::Query> query =
        RuleSql::write(*ws, *found, *chosen, options, &error);
    if (!query)
        return fail(BadInput, QStringLiteral("sql: %1").arg(error));
    QString text;
    for (const QString &r : query->reads)
        text += QStringLiteral("-- reads %1\n").arg(r);
    text += query->sql;
    if (!writeOutput(parser.value(output), text.toUtf8(), &code))
        return code;
    return Ok;
}

} // namespace wk::cli
