#include "sqlfreshnessprobe.h"

#include "warehouseconnection.h"

#include <QElapsedTimer>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace wk {

namespace {

QString quote(const QString &identifier)
{
    // Not QSqlDriver::escapeIdentifier: it passes a name through untouched when it already
    // starts and ends with a quote, which is exactly how an injection would look.
    QString s = identifier;
    s.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + s + QLatin1Char('"');
}

} // namespace

QString SqlFreshnessProbe::quoteQualified(const QString &name)
{
    QStringList parts;
    for (const QString &part : name.split(QLatin1Char('.')))
        parts << quote(part);
    return parts.join(QLatin1Char('.'));
}

SqlFreshnessProbe::Result SqlFreshnessProbe::run(const DataSource &source, const QString &password)
{
    Result result;
    QElapsedTimer timer;
    timer.start();
    {
        WarehouseConnection connection(source.connection, password, source.timeoutSeconds);
        const bool postgres = connection.isPostgres();
        const QString where = connection.where();
        if (connection.open(&result.error)) {
            QSqlQuery q(connection.database());
            q.setForwardOnly(true);
            const QStringList parts = source.table.split(QLatin1Char('.'));
            if (postgres && parts.size() <= 2) {
                // A missing table or column is named plainly rather than as a SQL error.
                q.prepare(QStringLiteral(
                    "SELECT 1 FROM information_schema.columns WHERE table_schema = "
                    "COALESCE(?, current_schema()) AND table_name = ? AND column_name = ?"));
                q.addBindValue(parts.size() == 2 ? QVariant(parts.first())
                                                 : QVariant(QMetaType::fromType<QString>()));
                q.addBindValue(parts.last());
                q.addBindValue(source.timeColumn);
                if (!q.exec())
                    result.error = q.lastError().text().trimmed();
                else if (!q.next())
                    result.error = QStringLiteral("%1 has no table %2 with a column %3 (or this "
                                                  "login may not see it)")
                                       .arg(where, source.table, source.timeColumn);
                q.finish();
            }
            if (result.error.isEmpty()) {
                if (q.exec(QStringLiteral("SELECT MAX(%1) FROM %2")
                               .arg(quote(source.timeColumn), quoteQualified(source.table))) &&
                    q.next()) {
                    const QVariant v = q.value(0);
                    result.newest = WarehouseConnection::timestampOf(v);
                    if (!v.isNull() && !result.newest)
                        result.error = QStringLiteral("the newest %1 of %2 is '%3', not a time")
                                           .arg(source.timeColumn, source.table, v.toString());
                } else {
                    result.error = q.lastError().text().trimmed();
                }
            }
        }
    }
    result.elapsedMs = timer.elapsed();
    return result;
}

} // namespace wk
