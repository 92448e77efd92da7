#pragma once

#include "domain/timestamp.h"

#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace wk {

// A connection of its own to a team's database (PostgreSQL, or SQLite read-only), for one
// blocking read off the engine's thread: the timeout bounds both the connect and each
// statement. Closed and removed when it goes out of scope.
class WarehouseConnection
{
public:
    // password: from the keychain, or empty when the connection needs none.
    WarehouseConnection(const QString &connection, const QString &password, qint64 timeoutSeconds);
    ~WarehouseConnection();
    WarehouseConnection(const WarehouseConnection &) = delete;
    WarehouseConnection &operator=(const WarehouseConnection &) = delete;

    // False with a sentence naming the server (never its password) in *error.
    bool open(QString *error);
    QSqlDatabase &database() { return m_db; }
    bool isPostgres() const { return m_postgres; }
    // The connection as it may be shown: without a password.
    QString where() const { return m_where; }

    // A time the database answered: a timestamp, a date (its midnight, UTC) or text in one
    // of the forms parseTimestamp reads; nothing for NULL or anything else.
    static std::optional<TimestampNs> timestampOf(const QVariant &value);

private:
    QString m_name;
    QSqlDatabase m_db;
    bool m_postgres = false;
    QString m_where;
};

} // namespace wk
