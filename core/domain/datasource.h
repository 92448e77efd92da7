#pragma once

#include <QString>

#include <optional>

namespace wk {

// Where events or rows come from.
struct DataSource
{
    enum class Kind { Csv, JsonLines, Sql };
    QString id;
    Kind kind = Kind::Csv;
    QString path;       // file sources; relative paths are relative to the workspace file
    QString connection; // SQL sources: a database URL
    QString table;      // SQL sources
    QString timeColumn;

    bool operator==(const DataSource &) const = default;
};

QString dataSourceKindName(DataSource::Kind kind);
std::optional<DataSource::Kind> dataSourceKindFromName(const QString &name);

} // namespace wk
