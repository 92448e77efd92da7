#pragma once

#include "sqldialect.h"

#include "domain/rule.h"
#include "domain/timestamp.h"
#include "domain/workspace.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace wk {

// A rule written as one SQL query that runs where the events are, in a warehouse's dialect.
// The burst rule becomes the window query of DESIGN.md: its rows and their order are the
// rows `watchkeeper check burst` prints over the same data. Freshness, volume and
// duplicates rules return a row when they would alert, as their evaluators decide it.
class RuleSql
{
public:
    struct Options
    {
        // Only windows that end at or after this instant: an incremental evaluation reads
        // the events from one window before it, not the whole table.
        std::optional<TimestampNs> since;
        // The instant freshness, volume and duplicates rules are evaluated at; without it
        // the warehouse's current time.
        std::optional<TimestampNs> at;
    };

    struct Query
    {
        QString sql;
        // What the query reads, one line each ("events: table app.events (user_id, ...)").
        QStringList reads;
    };

    // The rule as SQL, or nothing with the reason in *error.
    static std::optional<Query> write(const Workspace &workspace, const Rule &rule,
                                      const SqlDialect &dialect, const Options &options,
                                      QString *error);

    // The table a CSV file of the workspace stands for in the warehouse: its base name.
    static QString tableOfFile(const QString &path);
};

} // namespace wk
