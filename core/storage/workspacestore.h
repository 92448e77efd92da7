#pragma once

#include "domain/workspace.h"

#include <QString>

#include <optional>

namespace wk {

class Database;

// Moves a whole workspace into and out of the store. An import is one transaction:
// either the store afterwards holds exactly the given workspace, or it is unchanged.
class WorkspaceStore
{
public:
    explicit WorkspaceStore(Database &db) : m_db(db) {}

    // `folder`: where the workspace file was, against which its relative source paths
    // are resolved wherever the store is opened from.
    bool importWorkspace(const Workspace &workspace, QString *error,
                         const QString &folder = QString());
    // Nothing (and no error) when no workspace was ever imported.
    std::optional<Workspace> exportWorkspace(QString *error) const;
    // The imported file's folder; empty for a store imported before it was recorded.
    QString folder() const;

private:
    Database &m_db;
};

} // namespace wk
