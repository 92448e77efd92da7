#pragma once

#include "domain/datasource.h"
#include "domain/event.h"
#include "text/diagnostic.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <vector>

namespace wk {

// The past of a file source, read again: the file and its rotated predecessors beside it
// (events.csv.1, events.csv-20261130, ...), as a backtest replays them.
class SourceHistory
{
public:
    // The files, oldest first by modification time, the source's own file last (when it
    // exists). Compressed rotations are not read; they are listed in *skipped.
    static QStringList files(const DataSource &source, const QString &baseDir,
                             QStringList *skipped);
    // Every event of those files from `from` on, sorted by time, all or nothing: false with
    // each bad line located in errors. Events read twice (a rotation copied, then truncated)
    // are kept once.
    static bool read(const DataSource &source, const QString &baseDir, TimestampNs from,
                     std::vector<Event> &events, QList<Diagnostic> &errors, QStringList *skipped);
    static bool canReread(const DataSource &source)
    {
        return source.kind == DataSource::Kind::Csv || source.kind == DataSource::Kind::JsonLines;
    }
};

} // namespace wk
