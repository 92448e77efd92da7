#include "shiftrequeststore.h"

#include "database.h"
#include "schedulestore.h"
#include "sqlvalues.h"

#include <QJsonDocument>
#include <QSqlDatabase>

namespace wk {

namespace {

QString definition(const ShiftRequest &r)
{
    return QString::fromUtf8(QJsonDocument(r.toJson()).toJson(QJsonDocument::Compact));
}

ShiftRequest read(const QSqlQuery &q)
{
    ShiftRequest r =
        ShiftRequest::fromJson(QJsonDocument::fromJson(q.value(1).toString().toUtf8()).object());
    r.version = q.value(0).toInt();
    return r;
}

} // namespace

bool ShiftRequestStore::add(const ShiftRequest &r, QString *error)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("INSERT INTO shift_requests (id, version, created_at, definition) "
                             "VALUES (?, ?, ?, ?)"));
    q.addBindValue(r.id);
    q.addBindValue(r.version);
    q.addBindValue(r.createdAt.toMSecsSinceEpoch());
    q.addBindValue(definition(r));
    return q.exec() || sqlFailed(q, error);
}

std::optional<QList<ShiftRequest>> ShiftRequestStore::load(const QDateTime &decidedAfter,
                                                           QString *error) const
{
    QSqlQuery q(m_db.connection());
    if (!q.exec(QStringLiteral("SELECT version, definition FROM shift_requests ORDER BY "
                               "created_at DESC, id"))) {
        sqlFailed(q, error);
        return std::nullopt;
    }
    QList<ShiftRequest> out;
    while (q.next()) {
        ShiftRequest r = read(q);
        if (!r.decidedAt.isValid() || !decidedAfter.isValid() || r.decidedAt >= decidedAfter)
            out << r;
    }
    return out;
}

std::optional<ShiftRequest> ShiftRequestStore::find(const QString &id, QString *error) const
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT version, definition FROM shift_requests WHERE id = ?"));
    q.addBindValue(id);
    if (!q.exec()) {
        sqlFailed(q, error);
        return std::nullopt;
    }
    if (!q.next()) {
        if (error)
            *error = QStringLiteral("there is no request %1").arg(id);
        return std::nullopt;
    }
    return read(q);
}

std::optional<bool>
ShiftRequestStore::update(ShiftRequest &r, const QList<ScheduleOverride> &overrides, QString *error)
{
    QSqlDatabase db = m_db.connection();
    if (!db.transaction()) {
        if (error)
            *error = db.lastError().text();
        return std::nullopt;
    }
    ShiftRequest next = r;
    ++next.version;
    QSqlQuery q(db);
    q.prepare(QStringLiteral("UPDATE shift_requests SET version = ?, definition = ? WHERE id = ? "
                             "AND version = ?"));
    q.addBindValue(next.version);
    q.addBindValue(definition(next));
    q.addBindValue(r.id);
    q.addBindValue(r.version);
    if (!q.exec()) {
        sqlFailed(q, error);
        db.rollback();
        return std::nullopt;
    }
    if (q.numRowsAffected() != 1) {
        db.rollback();
        return false;
    }
    for (const ScheduleOverride &o : overrides) {
        if (!ScheduleStore::insertOverride(db, o, error)) {
            db.rollback();
            return std::nullopt;
        }
    }
    if (!db.commit()) {
        if (error)
            *error = db.lastError().text();
        db.rollback();
        return std::nullopt;
    }
    r = next;
    return true;
}

} // namespace wk
