#pragma once

#include "sqldialect.h"

#include "domain/rule.h"
#include "domain/timestamp.h"
#include "domain/workspace.h"

#include <QHash>
#include <QString>
#include <QStringList>

#include <functional>
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
        // the warehouse's current time. A burst rule then reads no event after it and gives
        // each subject's customer, its count in the window ending at it (current_count) and
        // the end of its last window at or over the threshold (last_over): what the console
        // needs to raise, hold and resolve alerts from one evaluation to the next.
        std::optional<TimestampNs> at;
        // For a dbt package: how one part of a burst query names another (by default, as a
        // CTE of the one query), and what stands for the events, users, teams and customers
        // tables (by those words; by default the tables the rule reads, and the workspace's
        // customers written into the query).
        std::function<QString(const QString &part)> partName;
        QHash<QString, QString> tables;
    };

    // One named step of a query: a CTE of the one query, or a model of a dbt package.
    struct Part
    {
        QString name;
        QString sql;
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

    // A burst rule's query as its steps: the SLA event names, the ranked customers, the team
    // owners, the events counted in their windows, the peaks; `last` is what they find.
    struct Parts
    {
        QList<Part> parts;
        QString last;
        QStringList reads;
    };
    static std::optional<Parts> writeBurstParts(const Workspace &workspace, const Rule &rule,
                                                const SqlDialect &dialect, const Options &options,
                                                QString *error);

    // The table a CSV file of the workspace stands for in the warehouse: its base name.
    static QString tableOfFile(const QString &path);
};

} // namespace wk
