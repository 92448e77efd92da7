#include "calendarkeystore.h"

#include "database.h"

#include <QByteArray>
#include <QDateTime>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <array>

namespace wk {

namespace {

// 256 bits, URL-safe: the address is the only secret a calendar app can carry.
QString newKey()
{
    std::array<quint32, 8> words{};
    QRandomGenerator::system()->fillRange(words.data(), words.size());
    return QString::fromLatin1(
        QByteArray(reinterpret_cast<const char *>(words.data()), sizeof(words))
            .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

bool failed(const QSqlQuery &q, QString *error)
{
    if (error)
        *error = q.lastError().text();
    return false;
}

} // namespace

std::optional<QString> CalendarKeyStore::keyOf(const QString &person, QString *error)
{
    QSqlQuery q(m_db.connection());
    // Two consoles asking at once keep the first key made.
    q.prepare(QStringLiteral("INSERT INTO calendar_keys (person_id, feed_key, created_at) "
                             "VALUES (?, ?, ?) ON CONFLICT (person_id) DO NOTHING"));
    q.addBindValue(person);
    q.addBindValue(newKey());
    q.addBindValue(QDateTime::currentMSecsSinceEpoch());
    if (!q.exec()) {
        failed(q, error);
        return std::nullopt;
    }
    q.prepare(QStringLiteral("SELECT feed_key FROM calendar_keys WHERE person_id = ?"));
    q.addBindValue(person);
    if (!q.exec() || !q.next()) {
        failed(q, error);
        return std::nullopt;
    }
    return q.value(0).toString();
}

std::optional<QString> CalendarKeyStore::replace(const QString &person, QString *error)
{
    QSqlQuery q(m_db.connection());
    const QString key = newKey();
    q.prepare(QStringLiteral("INSERT INTO calendar_keys (person_id, feed_key, created_at) "
                             "VALUES (?, ?, ?) ON CONFLICT (person_id) DO UPDATE SET "
                             "feed_key = excluded.feed_key, created_at = excluded.created_at"));
    q.addBindValue(person);
    q.addBindValue(key);
    q.addBindValue(QDateTime::currentMSecsSinceEpoch());
    if (!q.exec()) {
        failed(q, error);
        return std::nullopt;
    }
    return key;
}

std::optional<QString> CalendarKeyStore::ownerOf(const QString &key, QString *error) const
{
    if (key.isEmpty())
        return QString();
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT person_id FROM calendar_keys WHERE feed_key = ?"));
    q.addBindValue(key);
    if (!q.exec()) {
        failed(q, error);
        return std::nullopt;
    }
    return q.next() ? q.value(0).toString() : QString();
}

} // namespace wk
