#pragma once

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

#include <optional>

struct sqlite3;
struct sqlite3_stmt;

namespace wk {

// One statement run many times within a save, its values bound by position. On SQLite it
// goes through SQLite's own interface: Qt's binding builds a string and looks it up in a
// hash for every value, and under a storm of pages that cost the engine more than SQLite's
// inserts themselves. On PostgreSQL it is a QSqlQuery. Made, run and dropped within one
// transaction, so it never outlives its connection.
class RowStatement
{
public:
    RowStatement(const QSqlDatabase &db, const QString &sql);
    ~RowStatement();
    RowStatement(const RowStatement &) = delete;
    RowStatement &operator=(const RowStatement &) = delete;

    bool isPrepared() const { return m_prepared; }
    // True when it runs through SQLite's own interface rather than Qt's.
    bool isNative() const { return m_statement != nullptr; }

    void bind(int index, qint64 value);
    void bind(int index, int value) { bind(index, static_cast<qint64>(value)); }
    void bind(int index, double value);
    // A null QString binds as '': the store's text columns are NOT NULL.
    void bind(int index, const QString &text);
    // A null QString binds as NULL: for keys, which must never quietly become ''.
    void bindKey(int index, const QString &key);
    void bindNull(int index);
    void bind(int index, std::optional<qint64> value)
    {
        value ? bind(index, *value) : bindNull(index);
    }

    // Runs it with the values bound, which are then forgotten.
    bool exec();
    QString error() const { return m_error; }

private:
    void failed();

    sqlite3 *m_handle = nullptr;
    sqlite3_stmt *m_statement = nullptr;
    std::optional<QSqlQuery> m_query;
    bool m_prepared = false;
    QString m_error;
};

// Puts the statement's error into *error and returns false: `return statementFailed(s, error);`.
inline bool statementFailed(const RowStatement &statement, QString *error)
{
    if (error)
        *error = statement.error();
    return false;
}

} // namespace wk
