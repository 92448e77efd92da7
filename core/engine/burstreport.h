#pragma once

#include "burstrule.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace wk {

// Renders burst rows for people and programs: CSV (the reference output, header
// user_id,team_id,event_name,event_count), JSON (an array of objects) or an aligned table.
class BurstReport
{
public:
    enum class Format { Csv, Json, Table };
    static std::optional<Format> formatFromName(const QString &name);
    static QByteArray render(const QList<BurstRow> &rows, Format format);
};

} // namespace wk
