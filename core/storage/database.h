#pragma once

#include <QSqlDatabase>
#include <QString>
#include <QUrl>

#include <map>
#include <memory>

namespace wk {

class RowStatement;

// One open connection to Watchkeeper's store, SQLite or PostgreSQL, with the schema
// migrated to the version this build knows. Qt Sql connections belong to the thread
// that opened them, so each thread opens its own Database.
class Database
{
public:
    enum class Backend { Sqlite, Postgres };

    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    // location: a PostgreSQL URL (postgresql://user:password@host:port/dbname), an SQLite
    // URL (sqlite:///path/to/file.sqlite), a plain file path, or empty for the default
    // SQLite file in the user's data directory. Returns null with *error set on failure.
    static std::unique_ptr<Database> open(const QString &location, QString *error);

    // The same, for reading a store that must already be there: a missing SQLite file is an
    // error instead of a new, empty store.
    static std::unique_ptr<Database> openExisting(const QString &location, QString *error);

    static QString defaultSqlitePath();
    // The file an SQLite location names (the default file for an empty one).
    static QString sqlitePath(const QString &location);
    // True when location names a database rather than a workspace file.
    static bool isDatabaseUrl(const QString &location);
    static bool isPostgresUrl(const QString &location);
    // Host, port, user, password and database name of a postgresql:// URL, for any QPSQL
    // connection the project opens (its store, a warehouse a rule checks, the test server).
    static void applyPostgresUrl(QSqlDatabase &db, const QUrl &url);

    QSqlDatabase connection() const;
    // Asks the server whether the connection still works.
    bool isAlive() const;
    // Opens the connection again after the server went away or restarted. Session state
    // (advisory locks, LISTEN, settings) is gone and must be set up again by the caller.
    bool reconnect(QString *error);
    Backend backend() const { return m_backend; }
    // The statement for sql, prepared once on this connection and kept until it closes:
    // the writes a storm repeats thousands of times. Null with *error set when it cannot
    // be prepared.
    RowStatement *statement(const QString &sql, QString *error);
    // SQLite (nothing elsewhere): whether this connection's commits fold the write-ahead log
    // back into the database once it passes 1000 pages, as SQLite does by default. The
    // engine's connection leaves that to the sender's thread while one pages (checkpoint()),
    // so that a storm of pages does not make the engine's saves wait for the disk.
    bool setAutoCheckpoint(bool on, QString *error = nullptr);
    // SQLite: folds what it can of the log back now, waiting for no reader or writer.
    bool checkpoint(QString *error = nullptr);
    int schemaVersion() const;
    static int latestSchemaVersion();

private:
    Database(QString connectionName, Backend backend);
    bool migrate(QString *error);

    QString m_connectionName;
    Backend m_backend;
    // Finalized before the connection closes, which SQLite requires.
    std::map<QString, std::unique_ptr<RowStatement>> m_statements;
};

} // namespace wk
