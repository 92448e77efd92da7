#pragma once

#include "domain/datasource.h"
#include "domain/timestamp.h"

#include <QString>

#include <optional>

namespace wk {

// Asks a warehouse for the newest value of an sql source's time column. Blocking, with
// the source's timeout on both the connect and the statement: run it off the engine's
// thread. The table and column are quoted as identifiers and the catalog lookup binds
// them as values, so a name in a workspace can never become SQL.
class SqlFreshnessProbe
{
public:
    struct Result
    {
        std::optional<TimestampNs> newest; // nothing when the table is empty
        QString error;                     // empty when the probe ran
        qint64 elapsedMs = 0;
    };
    // password: from the keychain, or empty when the connection needs none.
    static Result run(const DataSource &source, const QString &password);

    // "a"."b" for a.b, with embedded quotes doubled: both PostgreSQL and SQLite read it.
    static QString quoteQualified(const QString &name);
};

} // namespace wk
