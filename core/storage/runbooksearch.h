#pragma once

#include "domain/runbookhit.h"
#include "domain/workspace.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <memory>

namespace wk {

class Database;

// Full-text search over runbooks: SQLite FTS5 in embedded mode, PostgreSQL's text search
// in team mode. Every word typed must match; the last may be a prefix ("fresh" finds
// "freshness"), so results follow the user's typing.
class RunbookSearch
{
public:
    virtual ~RunbookSearch() = default;

    // An FTS5 index of the workspace's runbooks in an in-memory SQLite database.
    static std::unique_ptr<RunbookSearch> embedded(const Workspace &workspace, QString *error);
    // Searches the runbooks stored in a PostgreSQL team database.
    static std::unique_ptr<RunbookSearch> postgres(Database &db, QString *error);

    QList<RunbookHit> search(const QString &text, int limit = 20) const;

    // The words of a query, lower-case, without punctuation: safe to build a query from.
    static QStringList words(const QString &text);
    // Escapes a snippet, drops its Markdown marks, and turns the \x01 ... \x02 markers
    // around matches into <b>...</b>.
    static QString markup(const QString &snippet);

protected:
    // What differs between the backends: the connection, the statement (taking the query
    // text and a limit, returning pipeline id, title and a marked snippet, best first), and
    // how the safe words become that backend's query text.
    virtual QSqlDatabase connection() const = 0;
    virtual QString statement() const = 0;
    virtual QString queryText(const QStringList &words) const = 0;
    // After a failed search: opens the connection again if it was lost; true if it did.
    virtual bool reconnect() const { return false; }
};

} // namespace wk
