#include "cli.h"

#include "commands/commands.h"
#include "commandsupport.h"

#include <QFileInfo>
#include <QTextStream>

namespace wk::cli {

namespace {

const Command commands[] = {
    {"validate", "Check a workspace file; list every problem with line and column.", validate},
    {"import", "Store a workspace file (SQLite by default, or PostgreSQL).", importWorkspace},
    {"export", "Write the stored workspace back as a workspace file.", exportWorkspace},
    {"check", "Run rules once: 'check burst' over CSV files, or 'check --workspace FILE'.", check},
    {"generate", "Write a synthetic events/users/teams/customers data set.", generate},
    {"schedule", "Write the on-call schedule as iCalendar or CSV.", schedule},
    {"fairness", "Write each person's on-call load over a span (Markdown or CSV).", fairness},
    {"handoff", "Write a week's handoff report as Markdown, HTML or PDF.", handoff},
    {"insights", "Write the Insights figures of a date range as CSV or JSON.", insights},
    {"credentials", "Keep a password or signing key in the OS keychain.", credentials},
    {"notify", "Send a person a test message by one of their contact methods.", notify},
    {"deliveries", "List the pages sent or waiting, with how each went.", deliveries},
    {"outcomes", "List how ended alerts turned out, or each rule's share of false alarms.",
     outcomes},
    {"noise", "Evaluate the actionable score: trained on older alerts, tested on newer ones.",
     noise},
    {"backtest",
     "Replay a rule's history as it is and as changed: alerts saved, pages, time to raise.",
     backtest},
    {"customers",
     "List the customers; when they come from a query, run it and say what it "
     "could not read.",
     customers},
    {"dbt", "'dbt export': write the burst rules as a dbt package for the team's project.", dbt},
    {"sql", "Print a rule as SQL for a warehouse: PostgreSQL, BigQuery, Snowflake or Spark SQL.",
     sql},
};

const Command *findCommand(const QString &name)
{
    for (const Command &c : commands) {
        if (name == QLatin1String(c.name))
            return &c;
    }
    return nullptr;
}

QString usage()
{
    QString text = QStringLiteral(
        "Usage: watchkeeper [--workspace FILE|URL]      open the console\n"
        "       watchkeeper COMMAND [options]           headless use\n\n"
        "Options:\n"
        "  --workspace FILE|URL  a workspace file, or a database URL holding an imported "
        "workspace\n"
        "                        (default: the bundled demo workspace)\n"
        "  -h, --help            show this help\n"
        "  -v, --version         show the version\n\n"
        "Commands:\n");
    for (const Command &c : commands)
        text += QStringLiteral("  %1%2\n")
                    .arg(QLatin1String(c.name), -12)
                    .arg(QLatin1String(c.summary));
    text += QStringLiteral("\n'watchkeeper COMMAND --help' describes a command's options.\n"
                           "Exit status: 0 ok, 1 findings reported, 2 bad input, 3 store "
                           "unavailable.\n");
    return text;
}

} // namespace

bool isHeadless(const QStringList &arguments)
{
    for (const QString &a : arguments.mid(1)) {
        if (a == QLatin1String("--help") || a == QLatin1String("-h") ||
            a == QLatin1String("--version") || a == QLatin1String("-v"))
            return true;
    }
    if (arguments.size() < 2 || arguments.at(1).startsWith(QLatin1Char('-')))
        return false;
    // What the desktop file passes the window: a clicked link, or a workspace file.
    const QString &first = arguments.at(1);
    return !first.contains(QLatin1String("://")) && !QFileInfo(first).isFile();
}

int run(const QStringList &arguments)
{
    if (arguments.size() > 1 && !arguments.at(1).startsWith(QLatin1Char('-'))) {
        const Command *command = findCommand(arguments.at(1));
        if (!command)
            return fail(BadInput,
                        QStringLiteral("unknown command '%1'\n\n%2").arg(arguments.at(1), usage()));
        QStringList rest = arguments;
        rest.removeAt(1);
        rest[0] = QStringLiteral("watchkeeper %1").arg(arguments.at(1));
        return command->run(rest);
    }
    for (const QString &a : arguments.mid(1)) {
        if (a == QLatin1String("--version") || a == QLatin1String("-v")) {
            out() << "watchkeeper " << WK_VERSION << Qt::endl;
            return Ok;
        }
    }
    out() << usage();
    out().flush();
    return Ok;
}

} // namespace wk::cli
