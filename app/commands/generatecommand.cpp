#include "commands.h"

#include "commandsupport.h"

#include "sources/syntheticevents.h"

namespace wk::cli {

int generate(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Writes a reproducible synthetic data set for 'check burst': events.csv, users.csv, "
        "teams.csv and customers.csv."));
    const QCommandLineOption outDir({QStringLiteral("o"), QStringLiteral("out")},
                                    QStringLiteral("Directory to write into."),
                                    QStringLiteral("dir"));
    const QCommandLineOption events(QStringLiteral("events"), QStringLiteral("Event rows."),
                                    QStringLiteral("n"), QStringLiteral("100000"));
    const QCommandLineOption users(QStringLiteral("users"), QStringLiteral("Users."),
                                   QStringLiteral("n"), QStringLiteral("2000"));
    const QCommandLineOption days(QStringLiteral("days"), QStringLiteral("Days of history."),
                                  QStringLiteral("n"), QStringLiteral("30"));
    const QCommandLineOption seed(QStringLiteral("seed"), QStringLiteral("Random seed."),
                                  QStringLiteral("n"), QStringLiteral("1"));
    parser.addOptions({outDir, events, users, days, seed});
    int code = Ok;
    if (!parse(parser, arguments, &code))
        return code;
    if (!parser.isSet(outDir))
        return fail(BadInput, QStringLiteral("generate: --out DIR is required"));
    SyntheticEvents::Options options;
    bool ok1 = false, ok2 = false, ok3 = false, ok4 = false;
    options.events = parser.value(events).toLongLong(&ok1);
    options.users = parser.value(users).toInt(&ok2);
    options.days = parser.value(days).toInt(&ok3);
    options.seed = parser.value(seed).toULongLong(&ok4);
    if (!ok1 || !ok2 || !ok3 || !ok4 || options.events < 0 || options.users < 1 || options.days < 1)
        return fail(BadInput, QStringLiteral("generate: --events, --users, --days and --seed take "
                                             "positive whole numbers"));
    QString error;
    if (!SyntheticEvents::write(options, parser.value(outDir), &error))
        return fail(BadInput, error);
    out() << QStringLiteral("wrote %1 events for %2 users into %3")
                 .arg(options.events)
                 .arg(options.users)
                 .arg(parser.value(outDir))
          << Qt::endl;
    return Ok;
}

} // namespace wk::cli
