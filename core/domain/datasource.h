#pragma once

#include <QString>

#include <optional>

namespace wk {

// Where events or rows come from.
struct DataSource
{
    enum class Kind { Csv, JsonLines, Sql, Dbt };
    QString id;
    Kind kind = Kind::Csv;
    QString path;       // file sources and dbt target folders; relative to the workspace file
    QString connection; // SQL sources: a database URL
    QString table;      // SQL sources
    QString timeColumn;
    // Which columns name the subject (a user, an account), the event, and the event's
    // unique id; an empty id column means "all fields together".
    QString subjectColumn = QStringLiteral("user_id");
    QString nameColumn = QStringLiteral("event_name");
    QString idColumn;
    // sql: how often the console asks for the newest time_column value, how long it waits,
    // and where the password is: "keychain" (the OS keychain, under the source id) or none.
    qint64 intervalSeconds = 300;
    qint64 timeoutSeconds = 30;
    QString credential;
    // sql: how far before the last evaluation a rule run in the warehouse reads again, for
    // rows that are loaded late (a batch load, a retried job).
    qint64 lookbackSeconds = 3600;

    bool operator==(const DataSource &) const = default;
};

QString dataSourceKindName(DataSource::Kind kind);
std::optional<DataSource::Kind> dataSourceKindFromName(const QString &name);

} // namespace wk
