#pragma once

#include "backtest.h"
#include "text/diagnostic.h"

#include <QStringList>

#include <optional>
#include <vector>

namespace wk {

class Database;

// Everything a backtest of one rule reads: its source's events since a time (the files and
// their rotations, or the event archive for a source that cannot be read again), and from
// the store the rule's alerts and the pages they caused.
struct RuleHistory
{
    std::vector<Event> events;
    QStringList files;   // read, oldest first; empty when the archive was read
    QStringList skipped; // compressed rotations, not read
    bool fromArchive = false;
    // The source's duplicates rule already dropped what it drops (the engine drops them
    // before any other rule sees them): replays of other rules need not do it again.
    bool deduplicated = false;
    qint64 duplicatesDropped = 0;
    Backtest::Record record;

    // Nothing, with the problems in *errors (file and line for a bad event), when the
    // history cannot be read. Without a store there is nothing on record.
    static std::optional<RuleHistory> load(const Workspace &workspace, const QString &baseDir,
                                           const Rule &rule, Database *db, TimestampNs from,
                                           const QTimeZone &zone, QList<Diagnostic> *errors);
};

} // namespace wk
