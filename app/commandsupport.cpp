#include "commandsupport.h"

#include "workspacesource.h"

#include "storage/database.h"
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

} // namespace wk::cli
