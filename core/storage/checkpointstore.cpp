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
    QSqlQuery q(m_db.connection());
    // One statement, so that two consoles saving at once leave one row, not an error.
    q.prepare(QStringLiteral(
        "INSERT INTO source_checkpoints (source_id, state, updated_at) VALUES (?, ?, ?) "
        "ON CONFLICT (source_id) DO UPDATE SET state = excluded.state, "
        "updated_at = excluded.updated_at"));
    q.addBindValue(sourceId);
    q.addBindValue(QString::fromUtf8(state));
    q.addBindValue(at.toUTC().toString(Qt::ISODateWithMs));
    if (!q.exec()) {
        if (error)
            *error = q.lastError().text();
        return false;
    }
    return true;
}

} // namespace wk
