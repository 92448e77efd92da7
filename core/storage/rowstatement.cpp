#include "rowstatement.h"

#include <QSqlDriver>
#include <QSqlError>
#include <QVariant>

#include <sqlite3.h>

namespace wk {

RowStatement::RowStatement(const QSqlDatabase &db, const QString &sql)
{
    // The driver hands out its sqlite3 connection; the same library serves both, as the
    // Qt plugin links the system's SQLite.
    const QVariant handle = db.driver() ? db.driver()->handle() : QVariant();
    if (handle.isValid() && qstrcmp(handle.typeName(), "sqlite3*") == 0)
        m_handle = *static_cast<sqlite3 *const *>(handle.constData());
    if (m_handle) {
        m_prepared = sqlite3_prepare16_v2(m_handle, sql.utf16(),
                                          static_cast<int>(sql.size() * sizeof(char16_t)),
                                          &m_statement, nullptr) == SQLITE_OK;
        if (!m_prepared)
            failed();
        return;
    }
    m_query.emplace(db);
    m_prepared = m_query->prepare(sql);
    if (!m_prepared)
        m_error = m_query->lastError().text();
}

RowStatement::~RowStatement()
{
    if (m_statement)
        sqlite3_finalize(m_statement);
}

// SQLite counts parameters from 1, Qt from 0; callers count as Qt does.
void RowStatement::bind(int index, qint64 value)
{
    if (m_statement)
        sqlite3_bind_int64(m_statement, index + 1, value);
    else if (m_query)
        m_query->bindValue(index, value);
}

void RowStatement::bind(int index, double value)
{
    if (m_statement)
        sqlite3_bind_double(m_statement, index + 1, value);
    else if (m_query)
        m_query->bindValue(index, value);
}

void RowStatement::bind(int index, const QString &text)
{
    if (m_statement) {
        static const char16_t empty[] = u"";
        const void *chars = text.isNull() ? static_cast<const void *>(empty)
                                          : static_cast<const void *>(text.utf16());
        sqlite3_bind_text16(m_statement, index + 1, chars,
                            static_cast<int>(text.size() * sizeof(char16_t)), SQLITE_TRANSIENT);
    } else if (m_query) {
        m_query->bindValue(index, text.isNull() ? QString(QLatin1String("")) : text);
    }
}

void RowStatement::bindKey(int index, const QString &key)
{
    key.isNull() ? bindNull(index) : bind(index, key);
}

void RowStatement::bindNull(int index)
{
    if (m_statement)
        sqlite3_bind_null(m_statement, index + 1);
    else if (m_query)
        m_query->bindValue(index, QVariant());
}

bool RowStatement::exec()
{
    if (!m_prepared)
        return false;
    if (m_query) {
        if (m_query->exec())
            return true;
        m_error = m_query->lastError().text();
        return false;
    }
    int step = sqlite3_step(m_statement);
    while (step == SQLITE_ROW) // a statement that answers rows is run to its end
        step = sqlite3_step(m_statement);
    const bool ok = step == SQLITE_DONE;
    if (!ok)
        failed();
    sqlite3_reset(m_statement);
    sqlite3_clear_bindings(m_statement);
    return ok;
}

void RowStatement::failed()
{
    m_error = QString::fromUtf8(sqlite3_errmsg(m_handle));
}

} // namespace wk
