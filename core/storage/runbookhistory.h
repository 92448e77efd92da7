#pragma once

#include "domain/runbook.h"
#include "domain/runbookrevision.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>

namespace wk {

class Database;

QString changeName(RunbookRevision::Change change);

// Runbooks arrive with the workspace and have no history of their own, so the store
// keeps one: each time a workspace is loaded, every runbook whose text differs from its
// last recorded revision gets a new one. The handoff report lists the week's revisions.
class RunbookHistory
{
public:
    explicit RunbookHistory(Database &db) : m_db(db) {}

    // Records what changed since the last call, in one transaction, and returns the new
    // revisions (nothing on the first call of an unchanged workspace set).
    std::optional<QList<RunbookRevision>> record(const QList<Runbook> &runbooks,
                                                 const QDateTime &now, QString *error);
    // Changes recorded in [from, to), oldest first; the baseline is not a change.
    std::optional<QList<RunbookRevision>> between(const QDateTime &from, const QDateTime &to,
                                                  QString *error) const;

    // Lines present only in after, and only in before, by longest common subsequence.
    static std::pair<int, int> lineChanges(const QString &before, const QString &after);

private:
    Database &m_db;
};

} // namespace wk
