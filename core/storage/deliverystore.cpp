#include "deliverystore.h"

#include "database.h"
#include "rowstatement.h"
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
    "body_html, body_json, status, attempts, created_at, next_attempt_at, sent_at, result, "
    "recorded_batch";

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
    d.recorded = q.value(18).toLongLong();
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

// A delivery cancelled meanwhile stays cancelled unless this attempt sent it.
// The message too: a delivery planned without one has it written by its first attempt.
const char *const recordSql =
    "UPDATE deliveries SET status = CASE WHEN status = 'cancelled' AND ? <> 'sent' THEN "
    "'cancelled' ELSE ? END, attempts = ?, next_attempt_at = ?, sent_at = ?, result = ?, "
    "subject = ?, body_text = ?, body_html = ?, body_json = ?, recorded_batch = ? WHERE key = ?";

bool execRecord(RowStatement &q, const Delivery &d, QString *error)
{
    int i = 0;
    q.bind(i++, deliveryStatusName(d.status));
    q.bind(i++, deliveryStatusName(d.status));
    q.bind(i++, d.attempts);
    q.bind(i++, d.nextAttemptAt);
    q.bind(i++, d.sentAt);
    q.bind(i++, d.result);
    q.bind(i++, d.subject);
    q.bind(i++, d.text);
    q.bind(i++, d.html);
    q.bind(i++, d.json);
    q.bind(i++, d.recorded);
    q.bindKey(i++, d.key);
    return q.exec() || statementFailed(q, error);
}

} // namespace

bool DeliveryStore::write(Database &database, const DeliveryChanges &changes, QString *error)
{
    if (changes.isEmpty())
        return true;
    // Cancelled first: what is planned in the same save (a paging service told that the
    // alert is acknowledged) must still go.
    RowStatement *cancel = database.statement(
        QStringLiteral("UPDATE deliveries SET status = 'cancelled' WHERE alert_id = ? AND "
                       "status = 'pending'"),
        error);
    if (!cancel)
        return false;
    for (qint64 id : changes.cancelled) {
        cancel->bind(0, id);
        if (!cancel->exec())
            return statementFailed(*cancel, error);
    }
    RowStatement *insert =
        changes.planned.isEmpty()
            ? nullptr
            : database.statement(QStringLiteral("INSERT INTO deliveries (%1) VALUES (?, ?, ?, ?, "
                                                "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON "
                                                "CONFLICT (key) DO NOTHING")
                                     .arg(QLatin1String(columns)),
                                 error);
    for (const Delivery &d : changes.planned) {
        if (!insert)
            return false;
        int i = 0;
        insert->bindKey(i++, d.key);
        insert->bind(i++, d.alertId);
        insert->bind(i++, d.alertKey);
        insert->bind(i++, d.step);
        insert->bind(i++, d.person);
        insert->bind(i++, d.contact);
        insert->bind(i++, d.kind);
        insert->bind(i++, d.target);
        insert->bind(i++, d.subject);
        insert->bind(i++, d.text);
        insert->bind(i++, d.html);
        insert->bind(i++, d.json);
        insert->bind(i++, deliveryStatusName(d.status));
        insert->bind(i++, d.attempts);
        insert->bind(i++, d.createdAt);
        insert->bind(i++, d.nextAttemptAt);
        insert->bind(i++, d.sentAt);
        insert->bind(i++, d.result);
        insert->bind(i++, d.recorded);
        if (!insert->exec())
            return statementFailed(*insert, error);
    }
    if (changes.notedUpTo == 0)
        return true;
    // One mark for however many attempts: a storm of pages costs the engine's save one row.
    QSqlQuery note(database.connection());
    note.prepare(QStringLiteral("UPDATE delivery_marks SET noted = ? WHERE noted < ?"));
    note.addBindValue(changes.notedUpTo);
    note.addBindValue(changes.notedUpTo);
    return note.exec() || sqlFailed(note, error);
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
    q.prepare(QStringLiteral("SELECT %1 FROM deliveries WHERE recorded_batch > (SELECT noted "
                             "FROM delivery_marks) ORDER BY recorded_batch, created_at, key")
                  .arg(QLatin1String(columns)));
    return readAll(q, error);
}

bool DeliveryStore::record(Delivery &d, QString *error)
{
    QList<Delivery> one{d};
    if (!recordAll(one, error))
        return false;
    d = one.first();
    return true;
}

bool DeliveryStore::recordAll(QList<Delivery> &deliveries, QString *error)
{
    // One commit for a wave of attempts rather than one each: the disk is the slow part.
    QSqlDatabase db = m_db.connection();
    if (!db.transaction()) {
        if (error)
            *error = db.lastError().text();
        return false;
    }
    QSqlQuery q(db);
    // Numbered in order, so that what the engine has put on the timelines is one number.
    if (!q.exec(QStringLiteral("UPDATE delivery_marks SET recorded = recorded + 1")) ||
        !q.exec(QStringLiteral("SELECT recorded FROM delivery_marks")) || !q.next()) {
        sqlFailed(q, error);
        db.rollback();
        return false;
    }
    const qint64 recording = q.value(0).toLongLong();
    RowStatement *record = m_db.statement(QLatin1String(recordSql), error);
    if (!record) {
        db.rollback();
        return false;
    }
    for (Delivery &d : deliveries) {
        const qint64 before = std::exchange(d.recorded, recording);
        if (!execRecord(*record, d, error)) {
            d.recorded = before;
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
