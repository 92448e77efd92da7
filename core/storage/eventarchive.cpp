#include "eventarchive.h"

#include "database.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace wk {

namespace {

bool failed(const QSqlError &e, QString *error)
{
    if (error)
        *error = e.text();
    return false;
}

// Empty text, never NULL: the columns are NOT NULL on both backends.
QString text(const QString &s)
{
    return s.isNull() ? QString(QLatin1String("")) : s;
}

} // namespace

bool EventArchive::append(const QList<Event> &events, QString *error)
{
    if (events.isEmpty())
        return true;
    QSqlDatabase db = m_db.connection();
    if (!db.transaction())
        return failed(db.lastError(), error);
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO event_archive (source, at, subject, name, event_id) "
                             "VALUES (?, ?, ?, ?, ?)"));
    for (const Event &e : events) {
        q.addBindValue(text(e.source));
        q.addBindValue(e.time);
        q.addBindValue(text(e.subject));
        q.addBindValue(text(e.name));
        q.addBindValue(text(e.id));
        if (!q.exec()) {
            failed(q.lastError(), error);
            db.rollback();
            return false;
        }
    }
    if (!db.commit()) {
        failed(db.lastError(), error);
        db.rollback();
        return false;
    }
    return true;
}

bool EventArchive::read(const QString &source, TimestampNs from, std::vector<Event> &events,
                        QString *error) const
{
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT at, subject, name, event_id FROM event_archive WHERE source = "
                             "? AND at >= ? ORDER BY at"));
    q.addBindValue(source);
    q.addBindValue(from);
    if (!q.exec())
        return failed(q.lastError(), error);
    while (q.next())
        events.push_back(Event{source, q.value(0).toLongLong(), q.value(1).toString(),
                               q.value(2).toString(), q.value(3).toString()});
    return true;
}

bool EventArchive::isChange(const Event &e)
{
    return (e.name.size() == 7 && e.name == QLatin1String("dbt run")) ||
           (e.name.size() == 6 &&
            e.name.compare(QLatin1String("deploy"), Qt::CaseInsensitive) == 0);
}

std::optional<std::vector<TimestampNs>> EventArchive::changes(TimestampNs from,
                                                              QString *error) const
{
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    // Deploys are matched as isChange() does, whatever their case.
    q.prepare(QStringLiteral("SELECT at FROM event_archive WHERE (name = 'dbt run' OR "
                             "LOWER(name) = 'deploy') AND at >= ? ORDER BY at"));
    q.addBindValue(from);
    if (!q.exec()) {
        failed(q.lastError(), error);
        return std::nullopt;
    }
    std::vector<TimestampNs> out;
    while (q.next())
        out.push_back(q.value(0).toLongLong());
    return out;
}

std::optional<qint64> EventArchive::prune(TimestampNs before, QString *error)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("DELETE FROM event_archive WHERE at < ?"));
    q.addBindValue(before);
    if (!q.exec()) {
        failed(q.lastError(), error);
        return std::nullopt;
    }
    return q.numRowsAffected();
}

std::optional<QList<std::pair<QString, qint64>>> EventArchive::sources(QString *error) const
{
    QSqlQuery q(m_db.connection());
    if (!q.exec(QStringLiteral(
            "SELECT source, COUNT(*) FROM event_archive GROUP BY source ORDER BY source"))) {
        failed(q.lastError(), error);
        return std::nullopt;
    }
    QList<std::pair<QString, qint64>> out;
    while (q.next())
        out.append({q.value(0).toString(), q.value(1).toLongLong()});
    return out;
}

} // namespace wk
