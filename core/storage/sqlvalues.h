#pragma once

#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

namespace wk {

// Qt binds a null QString as SQL NULL; the store's text columns are NOT NULL.
inline QVariant sqlText(const QString &s)
{
    return s.isNull() ? QVariant(QStringLiteral("")) : QVariant(s);
}

// Puts the query's error into *error and returns false: `return sqlFailed(q, error);`.
inline bool sqlFailed(const QSqlQuery &q, QString *error)
{
    if (error)
        *error = q.lastError().text();
    return false;
}

} // namespace wk
