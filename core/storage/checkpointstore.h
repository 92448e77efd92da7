#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QString>

#include <optional>

class QSqlDatabase;

namespace wk {

class Database;

// Sources' positions waiting to be stored: each source's opaque state, by source id.
using SourceCheckpoints = QHash<QString, QByteArray>;

// Where each source stopped reading, as the source's own opaque state, one row per source.
class CheckpointStore
{
public:
    explicit CheckpointStore(Database &db) : m_db(db) {}

    // An empty state when the source never stored one; nothing, with *error, when the
    // store cannot be read.
    std::optional<QByteArray> load(const QString &sourceId, QString *error) const;
    bool save(const QString &sourceId, const QByteArray &state, const QDateTime &at,
              QString *error);
    // Writes them on db's connection, inside whatever transaction it has open.
    static bool write(QSqlDatabase &db, const SourceCheckpoints &checkpoints, const QDateTime &at,
                      QString *error);

private:
    Database &m_db;
};

} // namespace wk
