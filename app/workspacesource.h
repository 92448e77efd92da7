#pragma once

#include "domain/workspace.h"
#include "text/diagnostic.h"

#include <QList>
#include <QString>

#include <optional>

namespace wk {

// Where the console's workspace comes from: a YAML file, a database that a workspace was
// imported into (team mode), or the bundled demo when nothing is given.
struct WorkspaceSource
{
    std::optional<Workspace> workspace;
    QList<Diagnostic> diagnostics; // problems in a workspace file
    QString error;                 // a database that cannot be reached or is empty
    QString origin;                // for the status bar: the file, the URL, or "demo"
    // Where relative source paths start: the workspace file's folder, also when the
    // workspace is read back from the store it was imported into.
    QString baseDir;
    // The workspace file that was read; empty for a database.
    QString file;

    static WorkspaceSource load(const QString &location);
    static QString demoPath();
    // Writes the demo workspace and a fresh generated event feed into the user's data
    // directory; returns the workspace file, or empty with *error set.
    static QString prepareDemo(QString *error);
    static QString demoDirectory();
};

} // namespace wk
