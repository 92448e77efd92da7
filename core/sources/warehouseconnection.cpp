#include "warehouseconnection.h"

#include "storage/database.h"

#include <QAtomicInteger>
#include <QRegularExpression>
#include <QSqlError>
#include <QTimeZone>
#include <QUrl>
#include <QVariant>

namespace wk {

WarehouseConnection::WarehouseConnection(const QString &connection, const QString &password,
                                         qint64 timeoutSeconds)
{
    static QAtomicInteger<quint64> counter;
    m_name = QStringLiteral("wk-warehouse-%1").arg(counter.fetchAndAddRelaxed(1));
    m_postgres = Database::isPostgresUrl(connection);
    m_where = QUrl(connection).toDisplayString(QUrl::RemovePassword);
    m_db = QSqlDatabase::addDatabase(
        m_postgres ? QStringLiteral("QPSQL") : QStringLiteral("QSQLITE"), m_name);
    const qint64 timeout = std::max<qint64>(1, timeoutSeconds);
    if (m_postgres) {
        Database::applyPostgresUrl(m_db, QUrl(connection));
        if (!password.isEmpty())
            m_db.setPassword(password);
        m_db.setConnectOptions(
            QStringLiteral("connect_timeout=%1;options='-c statement_timeout=%2'")
                .arg(timeout)
                .arg(timeout * 1000));
    } else {
        QString path = connection;
        path.remove(QRegularExpression(QStringLiteral("^sqlite:(//)?")));
        m_db.setDatabaseName(path);
        m_db.setConnectOptions(
            QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=%1").arg(timeout * 1000));
    }
}

WarehouseConnection::~WarehouseConnection()
{
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_name);
}

std::optional<TimestampNs> WarehouseConnection::timestampOf(const QVariant &v)
{
    if (v.isNull())
        return std::nullopt;
    if (v.metaType().id() == QMetaType::QDateTime)
        return toTimestamp(v.toDateTime());
    if (v.metaType().id() == QMetaType::QDate)
        return toTimestamp(v.toDate().startOfDay(QTimeZone::utc()));
    return parseTimestamp(v.toString().toStdString());
}

bool WarehouseConnection::open(QString *error)
{
    if (m_db.open())
        return true;
    *error =
        QStringLiteral("cannot connect to %1: %2").arg(m_where, m_db.lastError().text().trimmed());
    return false;
}

} // namespace wk
