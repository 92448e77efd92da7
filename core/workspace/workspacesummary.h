#pragma once

#include "domain/workspace.h"

#include <QDateTime>
#include <QString>

namespace wk {

// What `validate` says of a sound workspace: every section it read, with counts and the
// essentials of each entry, and the next shifts of each rotation, so a user can tell that
// a section was understood as meant.
class WorkspaceSummary
{
public:
    // `shiftsAhead`: how many coming shifts of each rotation to list after `now`.
    static QString text(const Workspace &workspace, const QDateTime &now, int shiftsAhead);
};

} // namespace wk
