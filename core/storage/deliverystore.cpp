#include "deliverystore.h"

#include "database.h"
#include "sqlvalues.h"

#include <QHash>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace wk {

namespace {

const char *const columns =
    "key, alert_id, alert_key, step, person, contact, kind, target, subject, body_text, "
    "body_html, body_json, status, attempts, created_at, next_attempt_at, sent_at, result";

Delivery fromRow(const QSqlQuery &q)
{
    Delivery d;
    d.key = q.value(0).toString();
    d.alertId = q.value(1).toLongLong();
    d.alertKey = q.value(2).toString();
    d.step = q.value(3).toString();
    d.person = q.value(4).toString();
    d.contact = q.value(5).toInt();
    d.kind = q.value(6).toString();
    d.target = q.value(7).toString();
    d.subject = q.value(8).toString();
    d.text = q.value(9).toString();
    d.html = q.value(10).toString();
    d.json = q.value(11).toString();
    d.status = deliveryStatusFromName(q.value(12).toString());
    d.attempts = q.value(13).toInt();
    d.createdAt = q.value(14).toLongLong();
    d.nextAttemptAt = q.value(15).toLongLong();
    if (!q.value(16).isNull())
        d.sentAt = q.value(16).toLongLong();
    d.result = q.value(17).toString();
    return d;
}

std::optional<QList<Delivery>> readAll(QSqlQuery &q, QString *error)
{
    if (!q.exec()) {
        sqlFailed(q, error);
        return std::nullopt;
    }
    QList<Delivery> out;
    while (q.next())
        out << fromRow(q);
    return out;
}

} // namespace

bool DeliveryStore::write(QSqlDatabase &db, const DeliveryChanges &changes, QString *error)
{
    if (changes.isEmpty())
        return true;
    // Cancelled first: what is planned in the same save (a paging service told that the
    // alert is acknowledged) must still go.
    QSqlQuery cancel(db);
    cancel.prepare(QStringLiteral("UPDATE deliveries SET status = 'cancelled' WHERE alert_id = ? "
                                  "AND status = 'pending'"));
    for (qint64 id : changes.cancelled) {
        cancel.bindValue(0, id);
        if (!cancel.exec())
            return sqlFailed(cancel, error);
    }
    QSqlQuery insert(db);
    insert.prepare(QStringLiteral("INSERT INTO deliveries (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
                                  "?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING")
                       .arg(QLatin1String(columns)));
    for (const Delivery &d : changes.planned) {
        const QVariantList values = {d.key,
                                     d.alertId,
                                     sqlText(d.alertKey),
                                     sqlText(d.step),
                                     sqlText(d.person),
                                     d.contact,
                                     sqlText(d.kind),
                                     sqlText(d.target),
                                     sqlText(d.subject),
                                     sqlText(d.text),
                                     sqlText(d.html),
                                     sqlText(d.json),
                                     deliveryStatusName(d.status),
                                     d.attempts,
                                     d.createdAt,
                                     d.nextAttemptAt,
                                     d.sentAt ? QVariant(*d.sentAt) : QVariant(),
                                     sqlText(d.result)};
        for (int i = 0; i < values.size(); ++i)
            insert.bindValue(i, values.at(i));
        if (!insert.exec())
            return sqlFailed(insert, error);
    }
    QSqlQuery note(db);
    note.prepare(QStringLiteral(
        "INSERT INTO delivery_notes (key, noted_attempts) VALUES (?, ?) ON CONFLICT (key) DO "
        "UPDATE SET noted_attempts = excluded.noted_attempts WHERE "
        "delivery_notes.noted_attempts < excluded.noted_attempts"));
    for (const auto &[key, attempts] : changes.noted) {
        note.bindValue(0, key);
        note.bindValue(1, attempts);
        if (!note.exec())
            return sqlFailed(note, error);
    }
    return true;
}

std::optional<QList<Delivery>> DeliveryStore::due(TimestampNs now, int limit, QString *error)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT %1 FROM deliveries WHERE status = 'pending' AND "
                             "next_attempt_at <= ? ORDER BY next_attempt_at, created_at, key "
                             "LIMIT %2")
                  .arg(QLatin1String(columns))
                  .arg(limit));
    q.addBindValue(now);
    return readAll(q, error);
}

std::optional<QList<Delivery>> DeliveryStore::unnoted(QString *error)
{
    QSqlQuery q(m_db.connection());
    // Stores from before delivery_notes kept the count in the delivery's own row.
    QStringList prefixed = QString::fromLatin1(columns).split(QStringLiteral(", "));
    for (QString &c : prefixed)
        c.prepend(QStringLiteral("d."));
    q.prepare(QStringLiteral("SELECT %1 FROM deliveries d LEFT JOIN delivery_notes n ON n.key = "
                             "d.key WHERE d.attempts > d.noted_attempts AND d.attempts > "
                             "COALESCE(n.noted_attempts, 0) ORDER BY d.created_at, d.key")
                  .arg(prefixed.join(QStringLiteral(", "))));
    return readAll(q, error);
}

bool DeliveryStore::record(const Delivery &d, QString *error)
{
    QSqlQuery q(m_db.connection());
    // A delivery cancelled meanwhile stays cancelled unless this attempt sent it.
    // The message too: a delivery planned without one has it written by its first attempt.
    q.prepare(QStringLiteral("UPDATE deliveries SET status = CASE WHEN status = 'cancelled' AND "
                             "? <> 'sent' THEN 'cancelled' ELSE ? END, attempts = ?, "
                             "next_attempt_at = ?, sent_at = ?, result = ?, subject = ?, "
                             "body_text = ?, body_html = ?, body_json = ? WHERE key = ?"));
    q.addBindValue(deliveryStatusName(d.status));
    q.addBindValue(deliveryStatusName(d.status));
    q.addBindValue(d.attempts);
    q.addBindValue(d.nextAttemptAt);
    q.addBindValue(d.sentAt ? QVariant(*d.sentAt) : QVariant());
    q.addBindValue(sqlText(d.result));
    q.addBindValue(sqlText(d.subject));
    q.addBindValue(sqlText(d.text));
    q.addBindValue(sqlText(d.html));
    q.addBindValue(sqlText(d.json));
    q.addBindValue(d.key);
    return q.exec() || sqlFailed(q, error);
}

bool DeliveryStore::recordAll(const QList<Delivery> &deliveries, QString *error)
{
    if (deliveries.size() == 1)
        return record(deliveries.first(), error);
    // One commit for a wave of attempts rather than one each: the disk is the slow part.
    QSqlDatabase db = m_db.connection();
    if (!db.transaction()) {
        if (error)
            *error = db.lastError().text();
        return false;
    }
    for (const Delivery &d : deliveries) {
        if (!record(d, error)) {
            db.rollback();
            return false;
        }
    }
    if (db.commit())
        return true;
    if (error)
        *error = db.lastError().text();
    db.rollback();
    return false;
}

std::optional<QList<Delivery>> DeliveryStore::list(TimestampNs since, qint64 alertId,
                                                   QString *error)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT %1 FROM deliveries WHERE created_at >= ? AND (? = 0 OR "
                             "alert_id = ?) ORDER BY created_at DESC, key")
                  .arg(QLatin1String(columns)));
    q.addBindValue(since);
    q.addBindValue(alertId);
    q.addBindValue(alertId);
    return readAll(q, error);
}

std::optional<QList<ChannelHealth>> DeliveryStore::channels(TimestampNs since, QString *error)
{
    // Counted where the rows are: a storm leaves thousands of pages a day, and the pane
    // needs a line per method.
    QSqlQuery totals(m_db.connection());
    totals.setForwardOnly(true);
    totals.prepare(QStringLiteral(
        "SELECT person, contact, kind, SUM(CASE WHEN status = 'sent' THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END), SUM(CASE WHEN status = 'pending' "
        "AND attempts > 0 THEN 1 ELSE 0 END), MAX(CASE WHEN status = 'sent' THEN sent_at END) "
        "FROM deliveries WHERE created_at >= ? GROUP BY person, contact, kind"));
    totals.addBindValue(since);
    if (!totals.exec()) {
        sqlFailed(totals, error);
        return std::nullopt;
    }
    QList<ChannelHealth> out;
    QHash<QString, qsizetype> row;
    auto keyOf = [](const QSqlQuery &q) {
        return QStringLiteral("%1/%2/%3")
            .arg(q.value(0).toString())
            .arg(q.value(1).toInt())
            .arg(q.value(2).toString());
    };
    while (totals.next()) {
        ChannelHealth h;
        h.person = totals.value(0).toString();
        h.contact = totals.value(1).toInt();
        h.kind = totals.value(2).toString();
        h.sent = totals.value(3).toInt();
        h.failed = totals.value(4).toInt();
        h.retrying = totals.value(5).toInt();
        h.lastSent = totals.value(6).toLongLong();
        row.insert(keyOf(totals), out.size());
        out.append(h);
    }
    // The latest attempted page of each method decides how it is doing.
    QSqlQuery latest(m_db.connection());
    latest.setForwardOnly(true);
    latest.prepare(QStringLiteral(
        "SELECT person, contact, kind, status, result, created_at FROM (SELECT person, contact, "
        "kind, status, result, created_at, ROW_NUMBER() OVER (PARTITION BY person, contact, "
        "kind ORDER BY created_at DESC, key DESC) AS n FROM deliveries WHERE created_at >= ? "
        "AND attempts > 0 AND status <> 'cancelled') attempted WHERE n = 1"));
    latest.addBindValue(since);
    if (!latest.exec()) {
        sqlFailed(latest, error);
        return std::nullopt;
    }
    while (latest.next()) {
        const auto it = row.constFind(keyOf(latest));
        if (it == row.constEnd())
            continue;
        ChannelHealth &h = out[*it];
        h.status = ChannelHealth::judge(deliveryStatusFromName(latest.value(3).toString()));
        h.lastResult = latest.value(4).toString();
        h.lastAttempt = latest.value(5).toLongLong();
    }
    return out;
}

std::optional<bool> DeliveryStore::claimLink(const QString &nonce, qint64 alertId, TimestampNs at,
                                             QString *error)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("INSERT INTO used_links (nonce, alert_id, used_at) VALUES (?, ?, ?) "
                             "ON CONFLICT (nonce) DO NOTHING"));
    q.addBindValue(nonce);
    q.addBindValue(alertId);
    q.addBindValue(at);
    if (!q.exec()) {
        sqlFailed(q, error);
        return std::nullopt;
    }
    return q.numRowsAffected() == 1;
}

std::optional<bool> DeliveryStore::linkUsed(const QString &nonce, QString *error)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT 1 FROM used_links WHERE nonce = ?"));
    q.addBindValue(nonce);
    if (!q.exec()) {
        sqlFailed(q, error);
        return std::nullopt;
    }
    return q.next();
}

bool DeliveryStore::releaseLink(const QString &nonce, QString *error)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("DELETE FROM used_links WHERE nonce = ?"));
    q.addBindValue(nonce);
    return q.exec() || sqlFailed(q, error);
}

} // namespace wk
