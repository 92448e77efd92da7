#include "schedulestore.h"

#include "database.h"
#include "schedule/schedulejson.h"
#include "sqlvalues.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace wk {

bool ScheduleStore::insertOverride(QSqlDatabase &db, const ScheduleOverride &o, QString *error)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO schedule_overrides (id, rotation_id, created_at, "
                             "definition) VALUES (?, ?, ?, ?)"));
    q.bindValue(0, o.id);
    q.bindValue(1, o.rotation);
    q.bindValue(2, o.createdAt.toUTC().toString(Qt::ISODateWithMs));
    q.bindValue(3,
                QString::fromUtf8(
                    QJsonDocument(schedulejson::overrideToJson(o)).toJson(QJsonDocument::Compact)));
    return q.exec() || sqlFailed(q, error);
}

bool ScheduleStore::addOverrides(const QList<ScheduleOverride> &overrides, QString *error)
{
    QSqlDatabase db = m_db.connection();
    if (!db.transaction()) {
        if (error)
            *error = db.lastError().text();
        return false;
    }
    for (const ScheduleOverride &o : overrides) {
        if (!insertOverride(db, o, error)) {
            db.rollback();
            return false;
        }
    }
    if (!db.commit()) {
        if (error)
            *error = db.lastError().text();
        db.rollback();
        return false;
    }
    return true;
}

bool ScheduleStore::removeOverride(const QString &id, QString *error)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("DELETE FROM schedule_overrides WHERE id = ?"));
    q.bindValue(0, id);
    return q.exec() || sqlFailed(q, error);
}

std::optional<QList<ScheduleOverride>> ScheduleStore::loadOverrides(QString *error) const
{
    QSqlQuery q(m_db.connection());
    if (!q.exec(
            QStringLiteral("SELECT definition FROM schedule_overrides ORDER BY created_at, id"))) {
        sqlFailed(q, error);
        return std::nullopt;
    }
    QList<ScheduleOverride> out;
    while (q.next())
        out << schedulejson::overrideFromJson(
            QJsonDocument::fromJson(q.value(0).toString().toUtf8()).object());
    return out;
}

bool ScheduleStore::saveNote(const HandoffNote &note, QString *error)
{
    QSqlQuery q(m_db.connection());
    // Both backends understand this upsert.
    q.prepare(QStringLiteral("INSERT INTO handoff_notes (week_start, author, body, updated_at) "
                             "VALUES (?, ?, ?, ?) ON CONFLICT (week_start) DO UPDATE SET "
                             "author = excluded.author, body = excluded.body, "
                             "updated_at = excluded.updated_at"));
    q.bindValue(0, note.weekStart.toString(Qt::ISODate));
    q.bindValue(1, note.author);
    q.bindValue(2, note.body);
    q.bindValue(3, note.updatedAt.toUTC().toString(Qt::ISODateWithMs));
    return q.exec() || sqlFailed(q, error);
}

std::optional<HandoffNote> ScheduleStore::loadNote(const QDate &weekStart, QString *error) const
{
    QSqlQuery q(m_db.connection());
    q.prepare(
        QStringLiteral("SELECT author, body, updated_at FROM handoff_notes WHERE week_start = ?"));
    q.bindValue(0, weekStart.toString(Qt::ISODate));
    if (!q.exec()) {
        sqlFailed(q, error);
        return std::nullopt;
    }
    HandoffNote note;
    note.weekStart = weekStart;
    if (q.next()) {
        note.author = q.value(0).toString();
        note.body = q.value(1).toString();
        note.updatedAt = QDateTime::fromString(q.value(2).toString(), Qt::ISODateWithMs);
    }
    return note;
}

} // namespace wk
