#include "datasource.h"

namespace wk {

QString dataSourceKindName(DataSource::Kind kind)
{
    switch (kind) {
    case DataSource::Kind::Csv:
        return QStringLiteral("csv");
    case DataSource::Kind::JsonLines:
        return QStringLiteral("jsonl");
    case DataSource::Kind::Sql:
        return QStringLiteral("sql");
    case DataSource::Kind::Dbt:
        return QStringLiteral("dbt");
    }
    return {};
}

std::optional<DataSource::Kind> dataSourceKindFromName(const QString &name)
{
    for (auto k : {DataSource::Kind::Csv, DataSource::Kind::JsonLines, DataSource::Kind::Sql,
                   DataSource::Kind::Dbt}) {
        if (dataSourceKindName(k) == name)
            return k;
    }
    return std::nullopt;
}

} // namespace wk
