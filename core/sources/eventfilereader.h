#pragma once

#include "domain/datasource.h"
#include "domain/event.h"
#include "text/diagnostic.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace wk {

class CsvReader;

// Reads a CSV or JSON-lines file source into events, all or nothing: any bad row makes it
// return false with each problem located by file and line.
class EventFileReader
{
public:
    static QString resolvePath(const DataSource &source, const QString &baseDir);
    static bool read(const DataSource &source, const QString &baseDir, QList<Event> &events,
                     QList<Diagnostic> &errors);

    // The pieces, for readers that follow a growing file (FileTail).
    struct CsvColumns
    {
        int time = -1, subject = -1, name = -1, id = -1;
    };
    // Reads the header record; false with the problem in *error.
    static bool mapCsvHeader(const DataSource &source, CsvReader &csv, CsvColumns *columns,
                             QString *error);
    // The event of the record csv is on; nothing, with the problem in *error.
    static std::optional<Event> csvEvent(const DataSource &source, const CsvReader &csv,
                                         const CsvColumns &columns, QString *error);
    // The event of one JSON line; nothing, with the problem and its 1-based column (0 when
    // about the whole line) in *error and *column.
    static std::optional<Event> jsonLineEvent(const DataSource &source, const QByteArray &line,
                                              QString *error, int *column);
};

} // namespace wk
