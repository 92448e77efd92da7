#include "commands.h"

#include "commandsupport.h"

#include "storage/database.h"
#include "storage/workspacestore.h"
#include "workspace/workspacewriter.h"

#include <cstdio>

namespace wk::cli {

int exportWorkspace(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Writes the stored workspace as a workspace file (stdout by default)."));
    parser.addOption(databaseOption());
    parser.addOption({{QStringLiteral("o"), QStringLiteral("output")},
                      QStringLiteral("Write to this file instead of stdout."),
                      QStringLiteral("file")});
    int code = Ok;
    if (!parse(parser, arguments, &code))
        return code;
    QString error;
    auto db = Database::openExisting(parser.value(QStringLiteral("database")), &error);
    if (!db)
        return fail(Unavailable, error);
    const auto ws = WorkspaceStore(*db).exportWorkspace(&error);
    if (!ws)
        return fail(Unavailable, error.isEmpty()
                                     ? QStringLiteral("the store holds no workspace; import one "
                                                      "first")
                                     : error);
    const QString output = parser.value(QStringLiteral("output"));
    if (output.isEmpty()) {
        const QByteArray yaml = WorkspaceWriter::toYaml(*ws);
        std::fwrite(yaml.constData(), 1, static_cast<size_t>(yaml.size()), stdout);
        return Ok;
    }
    if (!WorkspaceWriter::writeFile(*ws, output, &error))
        return fail(BadInput, error);
    return Ok;
}

} // namespace wk::cli
