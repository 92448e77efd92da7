#pragma once

#include <QString>

#include <optional>

namespace wk {

class Database;

// Each person's secret key for their calendar feeds, shared by every console of a team.
// A key is made the first time it is asked for; replacing it makes every address that
// carried the old one answer 404.
class CalendarKeyStore
{
public:
    explicit CalendarKeyStore(Database &db) : m_db(db) {}

    std::optional<QString> keyOf(const QString &person, QString *error);
    std::optional<QString> replace(const QString &person, QString *error);
    // The person whose key this is; empty when no one's is.
    std::optional<QString> ownerOf(const QString &key, QString *error) const;

private:
    Database &m_db;
};

} // namespace wk
