#pragma once

#include "domain/workspace.h"

#include <QList>
#include <QString>

#include <memory>

namespace wk {

class Database;

// One runbook that matches a search, best first.
struct RunbookHit
{
    QString pipelineId;
    QString title;
    QString snippetHtml; // a short excerpt, escaped, with the matched words in <b>
};

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

    virtual QList<RunbookHit> search(const QString &text, int limit = 20) const = 0;

    // The words of a query, lower-case, without punctuation: safe to build a query from.
    static QStringList words(const QString &text);
    // Escapes a snippet and turns the \x01 ... \x02 markers around matches into <b>...</b>.
    static QString markup(const QString &snippet);
};

} // namespace wk
