#include "pgtestdatabase.h"

#include "storage/database.h"

#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>

namespace wk::test {

PgTestDatabase::PgTestDatabase() : m_adminUrl(qEnvironmentVariable("WK_TEST_PG_URL"))
{
    if (m_adminUrl.isEmpty()) {
        m_error = QStringLiteral("WK_TEST_PG_URL is not set; run the tests with ctest, which "
                                 "starts the suite's PostgreSQL server");
        return;
    }
    m_name = QStringLiteral("wk_test_%1").arg(QRandomGenerator::global()->generate64(), 0, 16);
    if (!admin(QStringLiteral("CREATE DATABASE %1").arg(m_name)))
        return;
    QUrl url(m_adminUrl);
    url.setPath(QLatin1Char('/') + m_name);
    m_url = url.toString();
}

PgTestDatabase::~PgTestDatabase()
{
    if (!m_url.isEmpty())
        admin(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_name));
}

bool PgTestDatabase::admin(const QString &sql)
{
    const QString connection = QStringLiteral("wk-test-admin-%1").arg(m_name);
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connection);
        Database::applyPostgresUrl(db, QUrl(m_adminUrl));
        if (!db.open()) {
            m_error = db.lastError().text();
        } else {
            QSqlQuery q(db);
            ok = q.exec(sql);
            if (!ok)
                m_error = q.lastError().text();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    return ok;
}

} // namespace wk::test
