#include "alertstore.h"

#include "database.h"
#include "deliverystore.h"
#include "rowstatement.h"
#include "sqlvalues.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>

namespace wk {

namespace {

QVariant optionalTime(const std::optional<TimestampNs> &t)
{
    return t ? QVariant(*t) : QVariant();
}

std::optional<TimestampNs> timeOrNothing(const QVariant &v)
{
    if (v.isNull())
        return std::nullopt;
    return v.toLongLong();
}

const char *const upsertSql =
    "INSERT INTO alerts (id, dedup_key, rule_id, rule_kind, pipeline_id, subject, title, "
    "evidence, severity, state, customer_id, revenue, event_count, triggered_at, updated_at, "
    "ack_by, resolve_by, acknowledged_at, resolved_at, snoozed_until, assignee, escalated, "
    "condition_active, silenced_by, inhibited_by, outcome, revision) VALUES (?, ?, ?, ?, ?, ?, ?, "
    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
    "evidence = excluded.evidence, severity = excluded.severity, state = excluded.state, "
    "event_count = excluded.event_count, updated_at = excluded.updated_at, acknowledged_at = "
    "excluded.acknowledged_at, resolved_at = excluded.resolved_at, snoozed_until = "
    "excluded.snoozed_until, assignee = excluded.assignee, escalated = excluded.escalated, "
    "condition_active = excluded.condition_active, silenced_by = excluded.silenced_by, "
    "inhibited_by = excluded.inhibited_by, outcome = excluded.outcome, revision = "
    "excluded.revision";

const char *const entrySql = "INSERT INTO alert_timeline (alert_id, seq, at, actor, action, "
                             "detail) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (alert_id, seq) DO "
                             "NOTHING";

void bindAlert(RowStatement &upsert, const Alert &a, qint64 revision)
{
    int i = 0;
    upsert.bind(i++, a.id);
    upsert.bind(i++, a.dedupKey);
    upsert.bind(i++, a.ruleId);
    upsert.bind(i++, a.ruleKind);
    upsert.bind(i++, a.pipelineId);
    upsert.bind(i++, a.subject);
    upsert.bind(i++, a.title);
    upsert.bind(i++, a.evidence);
    upsert.bind(i++, severityName(a.severity));
    upsert.bind(i++, alertStateName(a.state));
    upsert.bind(i++, a.customerId);
    upsert.bind(i++, a.revenue);
    upsert.bind(i++, a.eventCount);
    upsert.bind(i++, a.triggeredAt);
    upsert.bind(i++, a.updatedAt);
    upsert.bind(i++, a.ackBy);
    upsert.bind(i++, a.resolveBy);
    upsert.bind(i++, a.acknowledgedAt);
    upsert.bind(i++, a.resolvedAt);
    upsert.bind(i++, a.snoozedUntil);
    upsert.bind(i++, a.assignee);
    upsert.bind(i++, a.escalated ? 1 : 0);
    upsert.bind(i++, a.conditionActive ? 1 : 0);
    upsert.bind(i++, a.silencedBy);
    upsert.bind(i++, a.inhibitedBy);
    upsert.bind(i++, a.outcome.toStored());
    upsert.bind(i++, revision);
}

} // namespace

AlertStore::AlertStore(Database &db) : m_db(db) {}

AlertStore::~AlertStore() = default;

bool AlertStore::save(const QList<Alert> &changed, QString *error,
                      const QList<AlertRequest> &answered, const SourceCheckpoints &checkpoints,
                      const DeliveryChanges &deliveries)
{
    if (changed.isEmpty() && answered.isEmpty() && checkpoints.isEmpty() && deliveries.isEmpty())
        return true;
    const qint64 revision = m_revision + 1;
    QSqlDatabase db = m_db.connection();
    RowStatement *upsert = m_db.statement(QLatin1String(upsertSql), error);
    RowStatement *entry = m_db.statement(QLatin1String(entrySql), error);
    if (!upsert || !entry)
        return false;
    if (!db.transaction()) {
        if (error)
            *error = db.lastError().text();
        return false;
    }
    // Timeline lengths this save writes; they count once it commits. Only these are kept
    // apart: copying every alert's would make each save cost more as alerts pile up.
    QHash<qint64, qsizetype> written;
    for (const Alert &a : changed) {
        bindAlert(*upsert, a, revision);
        if (!upsert->exec()) {
            db.rollback();
            return statementFailed(*upsert, error);
        }
        // The timeline only grows; write the entries this store has not written yet.
        for (qsizetype seq = written.value(a.id, m_storedTimeline.value(a.id, 0));
             seq < a.timeline.size(); ++seq) {
            const TimelineEntry &e = a.timeline.at(seq);
            entry->bind(0, a.id);
            entry->bind(1, static_cast<qint64>(seq));
            entry->bind(2, e.at);
            entry->bind(3, e.actor);
            entry->bind(4, e.action);
            entry->bind(5, e.detail);
            if (!entry->exec()) {
                db.rollback();
                return statementFailed(*entry, error);
            }
        }
        written.insert(a.id, a.timeline.size());
    }
    QSqlQuery answer(db);
    answer.prepare(QStringLiteral("UPDATE alert_requests SET outcome = ?, error = ? WHERE id = ?"));
    for (const AlertRequest &r : answered) {
        answer.bindValue(0, r.outcome);
        answer.bindValue(1, sqlText(r.error));
        answer.bindValue(2, r.id);
        if (!answer.exec()) {
            db.rollback();
            return sqlFailed(answer, error);
        }
    }
    if (!CheckpointStore::write(db, checkpoints, QDateTime::currentDateTimeUtc(), error) ||
        !DeliveryStore::write(m_db, deliveries, error)) {
        db.rollback();
        return false;
    }
    // Consoles that follow this one hear of the change at commit, not at their next poll.
    if (!notifyTeam(error)) {
        db.rollback();
        return false;
    }
    if (!db.commit()) {
        if (error)
            *error = db.lastError().text();
        db.rollback();
        return false;
    }
    m_storedTimeline.insert(written);
    if (!changed.isEmpty())
        m_revision = revision;
    return true;
}

std::optional<QList<Alert>> AlertStore::load(QString *error)
{
    m_storedTimeline.clear();
    return read(false, error);
}

std::optional<QList<Alert>> AlertStore::loadChanged(QString *error)
{
    return read(true, error);
}

std::optional<QList<Alert>> AlertStore::loadSome(const QList<qint64> &ids, QString *error)
{
    if (ids.isEmpty())
        return QList<Alert>();
    QStringList marks;
    for (qint64 id : ids)
        marks << QString::number(id); // numbers only: nothing to quote
    return read(false, error, QStringLiteral(" WHERE id IN (%1)").arg(marks.join(u',')));
}

std::optional<QList<Alert>> AlertStore::read(bool changedOnly, QString *error, const QString &only)
{
    QSqlDatabase db = m_db.connection();
    QSqlQuery q(db);
    q.setForwardOnly(true);
    // Alerts and timeline from one snapshot, so that an alert never comes without the
    // entries stored with it.
    const bool snapshot = db.transaction();
    if (snapshot && m_db.backend() == Database::Backend::Postgres)
        q.exec(QStringLiteral("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"));
    const auto failed = [&](QSqlQuery &query) {
        sqlFailed(query, error);
        if (snapshot)
            db.rollback();
        return std::nullopt;
    };
    const QString since = changedOnly ? QStringLiteral(" WHERE revision > ?") : only;
    q.prepare(
        QStringLiteral(
            "SELECT id, dedup_key, rule_id, rule_kind, pipeline_id, subject, title, evidence, "
            "severity, state, customer_id, revenue, event_count, triggered_at, updated_at, "
            "ack_by, resolve_by, acknowledged_at, resolved_at, snoozed_until, assignee, "
            "escalated, condition_active, silenced_by, inhibited_by, revision, outcome FROM "
            "alerts%1 "
            "ORDER BY id")
            .arg(since));
    if (changedOnly)
        q.addBindValue(m_revision);
    if (!q.exec())
        return failed(q);
    QList<Alert> alerts;
    QHash<qint64, qsizetype> index;
    qint64 newest = changedOnly ? m_revision : 0;
    while (q.next()) {
        Alert a;
        a.id = q.value(0).toLongLong();
        a.dedupKey = q.value(1).toString();
        a.ruleId = q.value(2).toString();
        a.ruleKind = q.value(3).toString();
        a.pipelineId = q.value(4).toString();
        a.subject = q.value(5).toString();
        a.title = q.value(6).toString();
        a.evidence = q.value(7).toString();
        a.severity = severityFromName(q.value(8).toString()).value_or(Severity::Medium);
        a.state = alertStateFromName(q.value(9).toString()).value_or(AlertState::Triggered);
        a.customerId = q.value(10).toString();
        a.revenue = q.value(11).toDouble();
        a.eventCount = q.value(12).toInt();
        a.triggeredAt = q.value(13).toLongLong();
        a.updatedAt = q.value(14).toLongLong();
        a.ackBy = q.value(15).toLongLong();
        a.resolveBy = q.value(16).toLongLong();
        a.acknowledgedAt = timeOrNothing(q.value(17));
        a.resolvedAt = timeOrNothing(q.value(18));
        a.snoozedUntil = timeOrNothing(q.value(19));
        a.assignee = q.value(20).toString();
        a.escalated = q.value(21).toInt() != 0;
        a.conditionActive = q.value(22).toInt() != 0;
        a.silencedBy = q.value(23).toString();
        a.inhibitedBy = q.value(24).toString();
        newest = std::max(newest, q.value(25).toLongLong());
        // An outcome this build cannot read is left unmarked rather than failing the load:
        // the history stays usable and the outcome can be marked again.
        a.outcome = AlertOutcome::fromStored(q.value(26).toString()).value_or(AlertOutcome());
        index.insert(a.id, alerts.size());
        alerts.append(a);
    }
    if (changedOnly && alerts.isEmpty()) {
        if (snapshot)
            db.commit();
        return alerts;
    }
    q.prepare(
        QStringLiteral("SELECT alert_id, at, actor, action, detail FROM alert_timeline%1 "
                       "ORDER BY alert_id, seq")
            .arg(changedOnly ? QStringLiteral(" WHERE alert_id IN (SELECT id FROM alerts WHERE "
                                              "revision > ?)")
                 : only.isEmpty()
                     ? QString()
                     : QStringLiteral(" WHERE alert_id IN (SELECT id FROM alerts%1)").arg(only)));
    if (changedOnly)
        q.addBindValue(m_revision);
    if (!q.exec())
        return failed(q);
    while (q.next()) {
        const auto it = index.constFind(q.value(0).toLongLong());
        if (it == index.constEnd())
            continue;
        alerts[*it].timeline.append({q.value(1).toLongLong(), q.value(2).toString(),
                                     q.value(3).toString(), q.value(4).toString()});
    }
    if (snapshot)
        db.commit();
    if (!only.isEmpty())
        return alerts; // a few alerts looked at: what this store wrote or read stays as it was
    for (const Alert &a : std::as_const(alerts))
        m_storedTimeline.insert(a.id, a.timeline.size());
    m_revision = newest;
    return alerts;
}

bool AlertStore::saveSilence(const Silence &s, QString *error)
{
    QJsonArray matchers;
    for (const auto &[field, value] : s.matchers)
        matchers.append(QJsonArray{field, value});
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("INSERT INTO silences (id, matchers, starts_at, ends_at, created_by, "
                             "comment) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                             "matchers = excluded.matchers, starts_at = excluded.starts_at, "
                             "ends_at = excluded.ends_at, comment = excluded.comment"));
    q.addBindValue(s.id);
    q.addBindValue(QString::fromUtf8(QJsonDocument(matchers).toJson(QJsonDocument::Compact)));
    q.addBindValue(s.startsAt);
    q.addBindValue(s.endsAt);
    q.addBindValue(sqlText(s.createdBy));
    q.addBindValue(sqlText(s.comment));
    return q.exec() || sqlFailed(q, error);
}

std::optional<QList<Silence>> AlertStore::loadSilences(QString *error)
{
    QSqlQuery q(m_db.connection());
    if (!q.exec(QStringLiteral("SELECT id, matchers, starts_at, ends_at, created_by, comment FROM "
                               "silences ORDER BY starts_at, id"))) {
        sqlFailed(q, error);
        return std::nullopt;
    }
    QList<Silence> out;
    while (q.next()) {
        Silence s;
        s.id = q.value(0).toString();
        for (const QJsonValue m : QJsonDocument::fromJson(q.value(1).toString().toUtf8()).array())
            s.matchers.append({m.toArray().at(0).toString(), m.toArray().at(1).toString()});
        s.startsAt = q.value(2).toLongLong();
        s.endsAt = q.value(3).toLongLong();
        s.createdBy = q.value(4).toString();
        s.comment = q.value(5).toString();
        out.append(s);
    }
    return out;
}

bool AlertStore::notifyTeam(QString *error)
{
    if (m_db.backend() != Database::Backend::Postgres)
        return true; // one console per SQLite store: nobody to tell
    QSqlQuery q(m_db.connection());
    return q.exec(QStringLiteral("NOTIFY %1").arg(QLatin1String(notifyChannel))) ||
           sqlFailed(q, error);
}

bool AlertStore::addRequest(const AlertRequest &r, QString *error)
{
    QSqlDatabase db = m_db.connection();
    if (!db.transaction()) {
        if (error)
            *error = db.lastError().text();
        return false;
    }
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO alert_requests (id, alert_id, action, actor, until_ns, "
                             "requested_at, console, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
    q.addBindValue(r.id);
    q.addBindValue(r.alertId);
    q.addBindValue(r.action);
    q.addBindValue(sqlText(r.actor));
    q.addBindValue(optionalTime(r.until));
    q.addBindValue(r.requestedAt);
    q.addBindValue(r.console);
    q.addBindValue(sqlText(r.detail));
    if (!q.exec()) {
        db.rollback();
        return sqlFailed(q, error);
    }
    if (!notifyTeam(error)) {
        db.rollback();
        return false;
    }
    if (!db.commit()) {
        if (error)
            *error = db.lastError().text();
        db.rollback();
        return false;
    }
    return true;
}

std::optional<QList<AlertRequest>> AlertStore::pendingRequests(QString *error)
{
    return readRequests(QStringLiteral("outcome = ?"), QString(QLatin1String("")), error);
}

std::optional<QList<AlertRequest>> AlertStore::answeredRequests(const QString &console,
                                                                QString *error)
{
    return readRequests(QStringLiteral("outcome <> '' AND console = ?"), console, error);
}

std::optional<QList<AlertRequest>> AlertStore::readRequests(const QString &where,
                                                            const QString &value, QString *error)
{
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral(
                  "SELECT id, alert_id, action, actor, until_ns, requested_at, console, "
                  "outcome, error, detail FROM alert_requests WHERE %1 ORDER BY requested_at, id")
                  .arg(where));
    q.addBindValue(value);
    if (!q.exec()) {
        sqlFailed(q, error);
        return std::nullopt;
    }
    QList<AlertRequest> out;
    while (q.next()) {
        AlertRequest r;
        r.id = q.value(0).toString();
        r.alertId = q.value(1).toLongLong();
        r.action = q.value(2).toString();
        r.actor = q.value(3).toString();
        r.until = timeOrNothing(q.value(4));
        r.requestedAt = q.value(5).toLongLong();
        r.console = q.value(6).toString();
        r.outcome = q.value(7).toString();
        r.error = q.value(8).toString();
        r.detail = q.value(9).toString();
        out.append(r);
    }
    return out;
}

bool AlertStore::forgetRequests(const QStringList &ids, QString *error)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("DELETE FROM alert_requests WHERE id = ?"));
    for (const QString &id : ids) {
        q.bindValue(0, id);
        if (!q.exec())
            return sqlFailed(q, error);
    }
    return true;
}

bool AlertStore::purgeAnsweredRequests(TimestampNs before, QString *error)
{
    QSqlQuery q(m_db.connection());
    q.prepare(
        QStringLiteral("DELETE FROM alert_requests WHERE outcome <> '' AND requested_at < ?"));
    q.addBindValue(before);
    return q.exec() || sqlFailed(q, error);
}

} // namespace wk
