#pragma once

#include "domain/workspace.h"

#include <QByteArray>
#include <QString>

namespace wk {

// Writes a workspace back as YAML that WorkspaceReader reads to an equal workspace.
class WorkspaceWriter
{
public:
    static QByteArray toYaml(const Workspace &workspace);
    // Writes atomically (QSaveFile): a failed save leaves the old file untouched.
    static bool writeFile(const Workspace &workspace, const QString &path, QString *error);
};

} // namespace wk
