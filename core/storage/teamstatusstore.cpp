#include "teamstatusstore.h"

#include "database.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace wk {

namespace {

const QString statusKey = QStringLiteral("leader");

// Nanosecond times exceed a double's exact range, so they travel as strings.
QJsonValue time(TimestampNs t)
{
    return QString::number(t);
}

TimestampNs time(const QJsonValue &v)
{
    return v.toString().toLongLong();
}

QJsonObject toJson(const SourceHealth &h)
{
    return {{QStringLiteral("id"), h.id},
            {QStringLiteral("kind"), h.kind},
            {QStringLiteral("where"), h.where},
            {QStringLiteral("last_success"), time(h.lastSuccess)},
            {QStringLiteral("newest_data"), time(h.newestData)},
            {QStringLiteral("delivered"), QString::number(h.delivered)},
            {QStringLiteral("error"), h.error},
            {QStringLiteral("failing_since"), time(h.failingSince)},
            {QStringLiteral("note"), h.note},
            {QStringLiteral("status"), h.status},
            {QStringLiteral("alarming"), h.alarming}};
}

SourceHealth sourceFromJson(const QJsonObject &o)
{
    SourceHealth h;
    h.id = o.value(QStringLiteral("id")).toString();
    h.kind = o.value(QStringLiteral("kind")).toString();
    h.where = o.value(QStringLiteral("where")).toString();
    h.lastSuccess = time(o.value(QStringLiteral("last_success")));
    h.newestData = time(o.value(QStringLiteral("newest_data")));
    h.delivered = o.value(QStringLiteral("delivered")).toString().toLongLong();
    h.error = o.value(QStringLiteral("error")).toString();
    h.failingSince = time(o.value(QStringLiteral("failing_since")));
    h.note = o.value(QStringLiteral("note")).toString();
    h.status = o.value(QStringLiteral("status")).toString();
    h.alarming = o.value(QStringLiteral("alarming")).toBool();
    return h;
}

QJsonObject toJson(const dbt::Node &n)
{
    return {{QStringLiteral("unique_id"), n.uniqueId},
            {QStringLiteral("name"), n.name},
            {QStringLiteral("resource_type"), n.resourceType},
            {QStringLiteral("description"), n.description},
            {QStringLiteral("owner"), n.owner},
            {QStringLiteral("group"), n.group},
            {QStringLiteral("attached_to"), n.attachedTo}};
}

dbt::Node nodeFromJson(const QJsonObject &o)
{
    dbt::Node n;
    n.uniqueId = o.value(QStringLiteral("unique_id")).toString();
    n.name = o.value(QStringLiteral("name")).toString();
    n.resourceType = o.value(QStringLiteral("resource_type")).toString();
    n.description = o.value(QStringLiteral("description")).toString();
    n.owner = o.value(QStringLiteral("owner")).toString();
    n.group = o.value(QStringLiteral("group")).toString();
    n.attachedTo = o.value(QStringLiteral("attached_to")).toString();
    return n;
}

} // namespace

bool TeamStatusStore::publish(const EngineStatus &status, TimestampNs now, QString *error)
{
    QJsonArray sources;
    for (const SourceHealth &h : status.sources)
        sources.append(toJson(h));
    QJsonObject newest;
    for (auto it = status.newestBySource.cbegin(); it != status.newestBySource.cend(); ++it)
        newest.insert(it.key(), time(it.value()));
    QJsonObject models;
    for (auto it = status.dbtModels.cbegin(); it != status.dbtModels.cend(); ++it)
        models.insert(it.key(), toJson(it.value()));
    const QJsonObject doc{{QStringLiteral("leader"), status.leader},
                          {QStringLiteral("dbt_models"), models},
                          {QStringLiteral("last_evaluation"), time(status.lastEvaluation)},
                          {QStringLiteral("events_per_second"), status.eventsPerSecond},
                          {QStringLiteral("newest_by_source"), newest},
                          {QStringLiteral("sources"), sources}};
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("INSERT INTO team_status (key, value, updated_at) VALUES (?, ?, ?) "
                             "ON CONFLICT (key) DO UPDATE SET value = excluded.value, "
                             "updated_at = excluded.updated_at"));
    q.addBindValue(statusKey);
    q.addBindValue(QString::fromUtf8(QJsonDocument(doc).toJson(QJsonDocument::Compact)));
    q.addBindValue(now);
    if (q.exec())
        return true;
    if (error)
        *error = q.lastError().text();
    return false;
}

std::optional<TimestampNs> TeamStatusStore::heartbeat() const
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT updated_at FROM team_status WHERE key = ?"));
    q.addBindValue(statusKey);
    if (!q.exec() || !q.next())
        return std::nullopt;
    return q.value(0).toLongLong();
}

bool TeamStatusStore::endLeaderSession(qint64 lock, QString *error)
{
    QSqlQuery q(m_db.connection());
    // pg_terminate_backend waits up to a second for the session to go, lock and all.
    if (q.exec(QStringLiteral(
                   "SELECT pg_terminate_backend(l.pid, 1000) FROM pg_locks l JOIN pg_database d ON "
                   "d.oid = l.database WHERE d.datname = current_database() AND l.locktype = "
                   "'advisory' AND l.objid = %1 AND l.granted AND l.pid <> pg_backend_pid()")
                   .arg(lock)))
        return true;
    if (error)
        *error = q.lastError().text();
    return false;
}

bool TeamStatusStore::readInto(EngineStatus *status, QString *error)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT value FROM team_status WHERE key = ?"));
    q.addBindValue(statusKey);
    if (!q.exec()) {
        if (error)
            *error = q.lastError().text();
        return false;
    }
    if (!q.next())
        return true;
    const QJsonObject doc = QJsonDocument::fromJson(q.value(0).toString().toUtf8()).object();
    status->leader = doc.value(QStringLiteral("leader")).toString();
    status->lastEvaluation = time(doc.value(QStringLiteral("last_evaluation")));
    status->eventsPerSecond = doc.value(QStringLiteral("events_per_second")).toDouble();
    status->newestBySource.clear();
    const QJsonObject newest = doc.value(QStringLiteral("newest_by_source")).toObject();
    for (auto it = newest.begin(); it != newest.end(); ++it)
        status->newestBySource.insert(it.key(), time(it.value()));
    status->sources.clear();
    for (const QJsonValue v : doc.value(QStringLiteral("sources")).toArray())
        status->sources.append(sourceFromJson(v.toObject()));
    status->dbtModels.clear();
    const QJsonObject models = doc.value(QStringLiteral("dbt_models")).toObject();
    for (auto it = models.begin(); it != models.end(); ++it)
        status->dbtModels.insert(it.key(), nodeFromJson(it.value().toObject()));
    return true;
}

} // namespace wk
