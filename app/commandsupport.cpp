#include "commandsupport.h"

#include "workspacesource.h"

#include "domain/duration.h"
#include "keychain/credentialstore.h"
#include "schedule/oncallschedule.h"
#include "storage/alertstore.h"
#include "storage/database.h"
#include "storage/schedulestore.h"
#include "text/diagnostic.h"

#include <QFile>
#include <QSaveFile>

namespace wk::cli {

QTextStream &out()
{
    static QTextStream s(stdout);
    return s;
}

QTextStream &err()
{
    static QTextStream s(stderr);
    return s;
}

int fail(int code, const QString &message)
{
    err() << "watchkeeper: " << message << Qt::endl;
    return code;
}

bool parse(QCommandLineParser &parser, const QStringList &arguments, int *exitCode)
{
    parser.addHelpOption();
    if (!parser.parse(arguments)) {
        *exitCode = fail(BadInput, parser.errorText());
        return false;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out() << parser.helpText();
        out().flush();
        *exitCode = Ok;
        return false;
    }
    return true;
}

QCommandLineOption databaseOption()
{
    return {{QStringLiteral("d"), QStringLiteral("database")},
            QStringLiteral("The store: a PostgreSQL URL (postgresql://user:pw@host/db), an SQLite "
                           "file, or the default SQLite file in the user's data directory."),
            QStringLiteral("url")};
}

QString workspaceArgument(const QCommandLineParser &parser)
{
    if (!parser.positionalArguments().isEmpty())
        return parser.positionalArguments().constFirst();
    return parser.value(QStringLiteral("workspace"));
}

QCommandLineOption workspaceOption()
{
    return {{QStringLiteral("w"), QStringLiteral("workspace")},
            QStringLiteral("The workspace file."),
            QStringLiteral("file")};
}

std::optional<Workspace> loadWorkspace(const QString &location, int *code)
{
    const WorkspaceSource source = WorkspaceSource::load(location);
    if (!source.workspace) {
        err() << (source.diagnostics.isEmpty() ? source.error
                                               : formatDiagnostics(source.diagnostics))
              << Qt::endl;
        *code = fail(source.diagnostics.isEmpty() ? Unavailable : BadInput,
                     QStringLiteral("%1: cannot read the workspace").arg(location));
        return std::nullopt;
    }
    return source.workspace;
}

std::unique_ptr<Database> openConsoleStore(const QCommandLineParser &parser,
                                           const QString &workspaceLocation, int *code)
{
    const QString location =
        parser.isSet(QStringLiteral("database"))
            ? parser.value(QStringLiteral("database"))
            : (Database::isDatabaseUrl(workspaceLocation) ? workspaceLocation : QString());
    QString error;
    auto db = Database::open(location, &error);
    if (!db)
        *code = fail(Unavailable, QStringLiteral("cannot open the store: %1").arg(error));
    return db;
}

std::optional<TimestampNs> sinceInstant(const QString &text, const QString &command, int *code)
{
    if (const auto back = parseDuration(text); back && *back > 0)
        return toTimestamp(QDateTime::currentDateTimeUtc()) - *back * nanosPerSecond;
    QDateTime t = QDateTime::fromString(text, Qt::ISODate);
    if (!t.isValid() && text.size() == 10)
        t = QDate::fromString(text, Qt::ISODate).startOfDay(QTimeZone::utc());
    if (!t.isValid()) {
        *code = fail(BadInput, QStringLiteral("%1: --since takes a date, a date-time or a "
                                              "duration such as 24h, not '%2'")
                                   .arg(command, text));
        return std::nullopt;
    }
    return toTimestamp(t);
}

bool writeOutput(const QString &path, const QByteArray &data, int *code)
{
    if (path.isEmpty() || path == QLatin1String("-")) {
        QFile f;
        if (!f.open(stdout, QIODevice::WriteOnly)) {
            *code = fail(Unavailable, QStringLiteral("cannot write to standard output"));
            return false;
        }
        f.write(data);
        return true;
    }
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(data) != data.size() || !f.commit()) {
        *code =
            fail(Unavailable, QStringLiteral("%1: cannot write: %2").arg(path, f.errorString()));
        return false;
    }
    return true;
}

bool readSpan(const QCommandLineParser &parser, const QCommandLineOption &from,
              const QCommandLineOption &weeks, QDate *first, int *n, int *code)
{
    *first = parser.isSet(from) ? QDate::fromString(parser.value(from), Qt::ISODate)
                                : QDate::currentDate();
    if (!first->isValid() || parser.value(from).size() > 10) {
        *code = fail(
            BadInput,
            QStringLiteral("--from '%1' is not a date such as 2026-12-07").arg(parser.value(from)));
        return false;
    }
    bool ok = false;
    *n = parser.value(weeks).toInt(&ok);
    if (!ok || *n < 1 || *n > 520) {
        *code = fail(BadInput, QStringLiteral("--weeks must be a whole number from 1 to 520"));
        return false;
    }
    return true;
}

std::optional<QString> chosenFormat(const QCommandLineParser &parser,
                                    const QCommandLineOption &format, const QStringList &allowed,
                                    int *code)
{
    const QString chosen = parser.value(format);
    if (allowed.contains(chosen))
        return chosen;
    const QString choices = allowed.size() < 2
                                ? allowed.join(QString())
                                : allowed.mid(0, allowed.size() - 1).join(QStringLiteral(", ")) +
                                      QStringLiteral(" or ") + allowed.last();
    *code = fail(BadInput, QStringLiteral("--format '%1' must be %2").arg(chosen, choices));
    return std::nullopt;
}

std::optional<CustomerQueryReader::Result> runCustomerQuery(const CustomerQuery &query,
                                                            QString *error)
{
    QString password;
    if (query.credential == QLatin1String("keychain") &&
        !CredentialStore::readNow(CustomerQuery::credentialKey(), &password)) {
        *error = QStringLiteral("cannot read the customers query's password from the keychain: "
                                "%1 (store it with: watchkeeper credentials set --customers)")
                     .arg(password);
        return std::nullopt;
    }
    CustomerQueryReader::Result r = CustomerQueryReader::run(query, password);
    if (!r.error.isEmpty()) {
        *error = r.error;
        return std::nullopt;
    }
    return r;
}

bool readCustomersNow(Workspace &ws)
{
    if (!ws.customerQuery.isSet())
        return true;
    QString error;
    const std::optional<CustomerQueryReader::Result> r = runCustomerQuery(ws.customerQuery, &error);
    if (!r) {
        err() << "watchkeeper: warning: " << error << "; going on without customers" << Qt::endl;
        return false;
    }
    if (!r->problems.isEmpty())
        err() << formatDiagnostics(r->problems) << Qt::endl;
    ws.customers = r->customers;
    return true;
}

std::optional<Workspace> rankingWorkspace(const QCommandLineParser &parser, const QString &command,
                                          int *code)
{
    const QString location = requiredWorkspace(parser, command, code);
    if (location.isEmpty())
        return std::nullopt;
    std::optional<Workspace> ws = loadWorkspace(location, code);
    if (ws)
        readCustomersNow(*ws);
    return ws;
}

std::optional<SqlDialect> chosenDialect(const QCommandLineParser &parser,
                                        const QCommandLineOption &dialect, const QString &command,
                                        int *code)
{
    const std::optional<SqlDialect> chosen = SqlDialect::fromName(parser.value(dialect));
    if (!chosen)
        *code = fail(BadInput, QStringLiteral("%1: no dialect '%2' (one of: %3)")
                                   .arg(command, parser.value(dialect),
                                        SqlDialect::names().join(QStringLiteral(", "))));
    return chosen;
}

const Rule *findRule(const Workspace &workspace, const QString &id, const QString &command,
                     int *code)
{
    QStringList ids;
    for (const Rule &r : workspace.rules) {
        if (r.id == id)
            return &r;
        ids << r.id;
    }
    *code = fail(BadInput, QStringLiteral("%1: give --rule with one of: %2")
                               .arg(command, ids.join(QStringLiteral(", "))));
    return nullptr;
}

QString requiredWorkspace(const QCommandLineParser &parser, const QString &command, int *code)
{
    QString location = parser.value(QStringLiteral("workspace"));
    if (location.isEmpty())
        *code = fail(BadInput, QStringLiteral("%1: give --workspace FILE|URL").arg(command));
    return location;
}

bool reportZone(const QCommandLineParser &parser, const QCommandLineOption &zone,
                const Workspace &workspace, QTimeZone *out, int *code)
{
    const QString name = parser.isSet(zone)              ? parser.value(zone)
                         : workspace.rotations.isEmpty() ? QString()
                                                         : workspace.rotations.first().timeZone;
    *out = QTimeZone::utc();
    if (name.isEmpty())
        return true;
    if (!QTimeZone::isTimeZoneIdAvailable(name.toUtf8())) {
        *code = fail(BadInput, QStringLiteral("unknown time zone '%1'").arg(name));
        return false;
    }
    *out = QTimeZone(name.toUtf8());
    return true;
}

std::optional<QList<Alert>> readAlertsAndOverrides(Database &db, OnCallSchedule &plan, int *code)
{
    QString error;
    auto alerts = AlertStore(db).load(&error);
    const auto overrides = ScheduleStore(db).loadOverrides(&error);
    if (!alerts || !overrides) {
        *code = fail(Unavailable, QStringLiteral("cannot read the store: %1").arg(error));
        return std::nullopt;
    }
    plan.setStoredOverrides(*overrides);
    return alerts;
}

} // namespace wk::cli
