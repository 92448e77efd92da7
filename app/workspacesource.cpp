#include "workspacesource.h"

#include "storage/database.h"
#include "storage/workspacestore.h"
#include "workspace/workspacereader.h"

#include <QUrl>

namespace wk {

QString WorkspaceSource::demoPath()
{
    return QStringLiteral(":/demo/workspace.yaml");
}

WorkspaceSource WorkspaceSource::load(const QString &location)
{
    WorkspaceSource source;
    if (Database::isDatabaseUrl(location)) {
        source.origin = QUrl(location).toDisplayString(QUrl::RemovePassword);
        auto db = Database::open(location, &source.error);
        if (!db)
            return source;
        source.workspace = WorkspaceStore(*db).exportWorkspace(&source.error);
        if (!source.workspace && source.error.isEmpty())
            source.error = QStringLiteral("%1 holds no workspace yet; run 'watchkeeper import "
                                          "FILE --database %1' first")
                               .arg(source.origin);
        return source;
    }
    const QString path = location.isEmpty() ? demoPath() : location;
    source.origin = location.isEmpty() ? QStringLiteral("demo workspace") : location;
    WorkspaceLoadResult result = WorkspaceReader::readFile(path);
    source.workspace = std::move(result.workspace);
    source.diagnostics = result.diagnostics;
    return source;
}

} // namespace wk
