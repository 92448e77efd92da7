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

    bool importWorkspace(const Workspace &workspace, QString *error);
    // Nothing (and no error) when no workspace was ever imported.
    std::optional<Workspace> exportWorkspace(QString *error) const;

private:
    Database &m_db;
};

} // namespace wk
