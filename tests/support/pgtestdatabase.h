#pragma once

#include <QString>

namespace wk::test {

// A fresh, empty PostgreSQL database on the test suite's server, dropped again on
// destruction, so that tests never see each other's rows.
class PgTestDatabase
{
public:
    PgTestDatabase();
    ~PgTestDatabase();
    PgTestDatabase(const PgTestDatabase &) = delete;
    PgTestDatabase &operator=(const PgTestDatabase &) = delete;

    bool isValid() const { return !m_url.isEmpty(); }
    QString url() const { return m_url; }
    QString error() const { return m_error; }

private:
    bool admin(const QString &sql);

    QString m_adminUrl;
    QString m_name;
    QString m_url;
    QString m_error;
};

} // namespace wk::test
