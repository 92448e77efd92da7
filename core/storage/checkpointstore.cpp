#include "checkpointstore.h"

#include "database.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace wk {

std::optional<QByteArray> CheckpointStore::load(const QString &sourceId, QString *error) const
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT state FROM source_checkpoints WHERE source_id = ?"));
    q.addBindValue(sourceId);
    if (!q.exec()) {
        if (error)
            *error = q.lastError().text();
        return std::nullopt;
    }
    if (!q.next())
        return QByteArray();
    return q.value(0).toString().toUtf8();
}

bool CheckpointStore::save(const QString &sourceId, const QByteArray &state, const QDateTime &at,
                           QString *error)
{
    QSqlDatabase db = m_db.connection();
    return write(db, {{sourceId, state}}, at, error);
}

bool CheckpointStore::write(QSqlDatabase &db, const SourceCheckpoints &checkpoints,
                            const QDateTime &at, QString *error)
{
    if (checkpoints.isEmpty())
        return true; // most saves carry none: the receiver's, people's actions
    QSqlQuery q(db);
    // One statement, so that two consoles saving at once leave one row, not an error.
    q.prepare(QStringLiteral(
        "INSERT INTO source_checkpoints (source_id, state, updated_at) VALUES (?, ?, ?) "
        "ON CONFLICT (source_id) DO UPDATE SET state = excluded.state, "
        "updated_at = excluded.updated_at"));
    const QString stamp = at.toUTC().toString(Qt::ISODateWithMs);
    for (auto it = checkpoints.cbegin(); it != checkpoints.cend(); ++it) {
        q.bindValue(0, it.key());
        q.bindValue(1, QString::fromUtf8(it.value()));
        q.bindValue(2, stamp);
        if (!q.exec()) {
            if (error)
                *error = q.lastError().text();
            return false;
        }
    }
    return true;
}

} // namespace wk
