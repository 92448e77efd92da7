#include "sqlassertionevaluator.h"

#include "storage/database.h"

#include <QAtomicInteger>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QUrl>

namespace wk {

namespace {

// Opens the warehouse connection named by a URL; the caller removes it.
QSqlDatabase openConnection(const QString &url, const QString &name, QString *error)
{
    const bool postgres = Database::isPostgresUrl(url);
    QSqlDatabase db = QSqlDatabase::addDatabase(
        postgres ? QStringLiteral("QPSQL") : QStringLiteral("QSQLITE"), name);
    if (postgres) {
        Database::applyPostgresUrl(db, QUrl(url));
        // A check must never hang the engine: bound the connect and the statement.
        db.setConnectOptions(
            QStringLiteral("connect_timeout=10;options='-c statement_timeout=30000 -c "
                           "default_transaction_read_only=on'"));
    } else {
        QString path = url;
        path.remove(QRegularExpression(QStringLiteral("^sqlite:(//)?")));
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"));
    }
    if (!db.open() && error)
        *error = db.lastError().text().trimmed();
    return db;
}

} // namespace

void SqlAssertionEvaluator::evaluate(TimestampNs now, RuleOutcome &out)
{
    if (m_lastRun && now - *m_lastRun < m_rule.intervalSeconds * nanosPerSecond)
        return; // nothing new to say; the last report stands
    m_lastRun = now;
    static QAtomicInteger<quint64> counter;
    const QString name = QStringLiteral("wk-sql-rule-%1").arg(counter.fetchAndAddRelaxed(1));
    QList<AlertCondition> holding;
    {
        QString error;
        QSqlDatabase db = openConnection(m_rule.connection, name, &error);
        int rows = 0;
        QStringList sample;
        if (error.isEmpty()) {
            QSqlQuery q(db);
            q.setForwardOnly(true);
            if (q.exec(m_rule.query)) {
                while (q.next()) {
                    if (rows < 5) {
                        QStringList values;
                        for (int i = 0; i < q.record().count(); ++i)
                            values << q.value(i).toString();
                        sample << values.join(QStringLiteral(", "));
                    }
                    ++rows;
                }
            } else {
                error = q.lastError().text().trimmed();
            }
        }
        if (!error.isEmpty()) {
            AlertCondition c =
                condition(QStringLiteral("query"),
                          QStringLiteral("%1: the check could not run").arg(m_rule.id), 0);
            c.evidence = error;
            holding.append(c);
        } else if (rows > 0) {
            AlertCondition c =
                condition(QStringLiteral("query"),
                          QStringLiteral("%1: %2 failing row(s)").arg(m_rule.id).arg(rows), rows);
            c.evidence = sample.join(QLatin1Char('\n'));
            holding.append(c);
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    settle(holding, out);
}

} // namespace wk
