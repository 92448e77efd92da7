#include "commands.h"

#include "commandsupport.h"

#include "workspace/workspacereader.h"
#include "workspace/workspacesummary.h"

#include <QDateTime>

namespace wk::cli {

int validate(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Checks a workspace file and lists every problem with its line and column; on success, "
        "lists what it read and the next shifts of each rotation."));
    parser.addOption(workspaceOption());
    const QCommandLineOption shifts(
        QStringLiteral("shifts"), QStringLiteral("Coming shifts listed per rotation (default 3)."),
        QStringLiteral("n"), QStringLiteral("3"));
    parser.addOption(shifts);
    parser.addPositionalArgument(QStringLiteral("file"), QStringLiteral("The workspace file."));
    int code = Ok;
    if (!parse(parser, arguments, &code))
        return code;
    const QString path = workspaceArgument(parser);
    if (path.isEmpty())
        return fail(BadInput, QStringLiteral("validate: name a workspace file"));
    const WorkspaceLoadResult result = WorkspaceReader::readFile(path);
    if (!result.ok()) {
        err() << formatDiagnostics(result.diagnostics) << Qt::endl;
        return fail(
            BadInput,
            QStringLiteral("%1: %2 problem(s) found").arg(path).arg(result.diagnostics.size()));
    }
    if (!result.warnings.isEmpty())
        err() << formatDiagnostics(result.warnings) << Qt::endl;
    out() << QStringLiteral("%1: ok\n").arg(path)
          << WorkspaceSummary::text(*result.workspace, QDateTime::currentDateTimeUtc(),
                                    parser.value(shifts).toInt())
          << Qt::flush;
    return Ok;
}

} // namespace wk::cli
