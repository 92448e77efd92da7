#pragma once

#include "domain/datasource.h"
#include "domain/event.h"
#include "workspace/diagnostic.h"

#include <QList>
#include <QString>

namespace wk {

// Reads a CSV or JSON-lines file source into events, all or nothing: any bad row makes it
// return false with each problem located by file and line.
class EventFileReader
{
public:
    static QString resolvePath(const DataSource &source, const QString &baseDir);
    static bool read(const DataSource &source, const QString &baseDir, QList<Event> &events,
                     QList<Diagnostic> &errors);
};

} // namespace wk
