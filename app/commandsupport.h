#pragma once

#include "cli.h"

#include "domain/alert.h"
#include "domain/workspace.h"
#include "sources/customerqueryreader.h"
#include "warehouse/sqldialect.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QDate>
#include <QStringList>
#include <QTextStream>
#include <QTimeZone>

#include <memory>
#include <optional>

// What every headless command shares: its streams, how it fails, how it parses its options
// and reads the workspace it is given. Each command is a function that takes its arguments
// (the first being its own name) and returns an ExitCode, callable in-process by tests.
namespace wk {
class Database;
class OnCallSchedule;
} // namespace wk

namespace wk::cli {

struct Command
{
    const char *name;
    const char *summary;
    int (*run)(const QStringList &arguments);
};

QTextStream &out();
QTextStream &err();
// Prints "watchkeeper: message" on standard error and returns code.
int fail(int code, const QString &message);
// Parses a subcommand's options; returns false (with the message printed) on misuse.
bool parse(QCommandLineParser &parser, const QStringList &arguments, int *exitCode);
QCommandLineOption databaseOption();
QCommandLineOption workspaceOption();
// The workspace file comes as the positional argument or through --workspace.
QString workspaceArgument(const QCommandLineParser &parser);
// A workspace file, or a database URL holding one; on failure the problems are printed
// and code is set.
std::optional<Workspace> loadWorkspace(const QString &location, int *code);
// The store the console writes alerts and schedule changes to: --database if given, the
// workspace's own database when it is one, else the console's default SQLite file.
std::unique_ptr<Database> openConsoleStore(const QCommandLineParser &parser,
                                           const QString &workspaceLocation, int *code);
// The options the schedule commands share.
struct SpanOptions
{
    QCommandLineOption from{QStringLiteral("from"),
                            QStringLiteral("First day, YYYY-MM-DD (default: today)."),
                            QStringLiteral("date")};
    QCommandLineOption weeks{QStringLiteral("weeks"),
                             QStringLiteral("How many weeks (default 12)."), QStringLiteral("n"),
                             QStringLiteral("12")};
    QCommandLineOption rotation{QStringLiteral("rotation"), QStringLiteral("Only this rotation."),
                                QStringLiteral("id")};
    QCommandLineOption output{{QStringLiteral("o"), QStringLiteral("output")},
                              QStringLiteral("Write here instead of standard output."),
                              QStringLiteral("file")};
};
// --from (default today) and --weeks of the schedule commands; on misuse the problem is
// printed and *code set.
bool readSpan(const QCommandLineParser &parser, const QCommandLineOption &from,
              const QCommandLineOption &weeks, QDate *first, int *n, int *code);
// The --format value when it is one of `allowed`; otherwise the misuse is printed, *code set,
// and nothing returned.
std::optional<QString> chosenFormat(const QCommandLineParser &parser,
                                    const QCommandLineOption &format, const QStringList &allowed,
                                    int *code);
// When the workspace's customers come from a query, runs it now (with the keychain's
// password when it says so) and puts its answer in ws.customers. The rows it could not read
// are printed as warnings; a query that cannot run is printed too, and the command goes on
// without customers (false).
bool readCustomersNow(Workspace &ws);
// Runs the customers query with the keychain's password when it says so; nothing, with the
// reason in *error, when it cannot run.
std::optional<CustomerQueryReader::Result> runCustomerQuery(const CustomerQuery &query,
                                                            QString *error);
// The workspace named by --workspace with its customers read (readCustomersNow), for the
// commands that write rules for a warehouse; nothing, with *code set, when it cannot be read.
std::optional<Workspace> rankingWorkspace(const QCommandLineParser &parser, const QString &command,
                                          int *code);
// The --dialect value as a warehouse's SQL; nothing, with the misuse printed and *code set.
std::optional<SqlDialect> chosenDialect(const QCommandLineParser &parser,
                                        const QCommandLineOption &dialect, const QString &command,
                                        int *code);
// The workspace's rule of this id; null (with the ids it has printed and *code set) when
// there is none.
const Rule *findRule(const Workspace &workspace, const QString &id, const QString &command,
                     int *code);
// --workspace, for a command that cannot do without it; empty (with *code set) when missing.
QString requiredWorkspace(const QCommandLineParser &parser, const QString &command, int *code);
// The reports' time zone: --zone if given, else the first rotation's, else UTC; false (with
// *code set) for a zone this machine does not know.
bool reportZone(const QCommandLineParser &parser, const QCommandLineOption &zone,
                const Workspace &workspace, QTimeZone *out, int *code);
// The stored alerts, with the console's stored overrides put into `plan`.
std::optional<QList<Alert>> readAlertsAndOverrides(Database &db, OnCallSchedule &plan, int *code);
// A --since value: a date, a date-time or a duration back from now ("24h", "30d"); on
// misuse the problem is printed for the command and *code set.
std::optional<TimestampNs> sinceInstant(const QString &text, const QString &command, int *code);
// Writes to the file (atomically), or to standard output for an empty path or "-".
bool writeOutput(const QString &path, const QByteArray &data, int *code);

} // namespace wk::cli
