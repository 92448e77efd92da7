#include "commands.h"

#include "commandsupport.h"

#include "storage/database.h"
#include "storage/runbookhistory.h"
#include "storage/workspacestore.h"
#include "workspace/workspacereader.h"

#include <QDateTime>
#include <QFileInfo>
#include <QUrl>

namespace wk::cli {

int importWorkspace(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Validates a workspace file and stores it, replacing the stored workspace in one "
        "transaction. A file with any problem changes nothing."));
    parser.addOption(workspaceOption());
    parser.addOption(databaseOption());
    parser.addPositionalArgument(QStringLiteral("file"), QStringLiteral("The workspace file."));
    int code = Ok;
    if (!parse(parser, arguments, &code))
        return code;
    const QString path = workspaceArgument(parser);
    if (path.isEmpty())
        return fail(BadInput, QStringLiteral("import: name a workspace file"));
    const WorkspaceLoadResult result = WorkspaceReader::readFile(path);
    if (!result.warnings.isEmpty())
        err() << formatDiagnostics(result.warnings) << Qt::endl;
    if (!result.ok()) {
        err() << formatDiagnostics(result.diagnostics) << Qt::endl;
        return fail(BadInput, QStringLiteral("%1: not imported, nothing was changed").arg(path));
    }
    QString error;
    const QString location = parser.value(QStringLiteral("database"));
    auto db = Database::open(location, &error);
    if (!db)
        return fail(Unavailable, error);
    if (!WorkspaceStore(*db).importWorkspace(*result.workspace, &error,
                                             QFileInfo(path).absolutePath()))
        return fail(Unavailable,
                    QStringLiteral("import failed, nothing was changed: %1").arg(error));
    // An import is how a team publishes runbook edits; the handoff report lists them.
    if (!RunbookHistory(*db).record(result.workspace->runbooks, QDateTime::currentDateTimeUtc(),
                                    &error))
        err() << QStringLiteral("warning: runbook changes not recorded: %1").arg(error) << Qt::endl;
    out() << QStringLiteral("imported %1 (%2 pipelines) into %3")
                 .arg(path)
                 .arg(result.workspace->pipelines.size())
                 .arg(location.isEmpty() ? Database::defaultSqlitePath()
                                         : QUrl(location).toDisplayString(QUrl::RemovePassword))
          << Qt::endl;
    return Ok;
}

} // namespace wk::cli
