#pragma once

#include "domain/workspace.h"
#include "text/diagnostic.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace wk {

// The outcome of reading a workspace file: the workspace when the file is valid,
// otherwise every problem found, each with its line and column.
struct WorkspaceLoadResult
{
    std::optional<Workspace> workspace;
    QList<Diagnostic> diagnostics;
    QList<Diagnostic> warnings; // what files it names had that was skipped; not fatal

    bool ok() const { return workspace.has_value(); }
};

// Parses and validates the YAML workspace format (see README.md, "The workspace file").
class WorkspaceReader
{
public:
    static WorkspaceLoadResult readFile(const QString &path);
    // fileName is only used to label diagnostics.
    static WorkspaceLoadResult readText(const QByteArray &yaml, const QString &fileName);
};

} // namespace wk
