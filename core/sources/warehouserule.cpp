#include "warehouserule.h"

#include "warehouse/rulesql.h"
#include "warehouseconnection.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace wk {

namespace {

const auto stateFormat = QLatin1String("warehouse-rule/1");

QString timeText(TimestampNs t)
{
    return QString::fromStdString(formatTimestamp(t));
}

// A rule that alerts on one subject (the source) while the query returns a row.
WarehouseRule::Result settleOne(const std::optional<AlertCondition> &holding,
                                const WarehouseRule::State &state, TimestampNs at)
{
    WarehouseRule::Result r;
    r.state.watermark = at;
    if (holding) {
        r.fire.append(*holding);
        r.state.active.insert(holding->dedupKey());
    }
    for (const QString &key : state.active) {
        if (!r.state.active.contains(key))
            r.clear.append(key);
    }
    return r;
}

} // namespace

QByteArray WarehouseRule::State::toJson() const
{
    QJsonObject o{{QStringLiteral("format"), stateFormat}};
    if (watermark)
        o.insert(QStringLiteral("watermark"), QString::number(*watermark));
    QJsonArray keys;
    for (const QString &k : active)
        keys.append(k);
    o.insert(QStringLiteral("active"), keys);
    QJsonObject seen;
    for (auto it = reported.cbegin(); it != reported.cend(); ++it)
        seen.insert(it.key(), QString::number(it.value()));
    o.insert(QStringLiteral("reported"), seen);
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

std::optional<WarehouseRule::State> WarehouseRule::State::fromJson(const QByteArray &json)
{
    const QJsonObject o = QJsonDocument::fromJson(json).object();
    if (o.value(QStringLiteral("format")).toString() != stateFormat)
        return std::nullopt;
    State s;
    bool ok = true;
    if (const QJsonValue w = o.value(QStringLiteral("watermark")); w.isString()) {
        s.watermark = w.toString().toLongLong(&ok);
        if (!ok)
            return std::nullopt;
    }
    for (const QJsonValue k : o.value(QStringLiteral("active")).toArray())
        s.active.insert(k.toString());
    const QJsonObject seen = o.value(QStringLiteral("reported")).toObject();
    for (auto it = seen.begin(); it != seen.end(); ++it) {
        s.reported.insert(it.key(), it.value().toString().toLongLong(&ok));
        if (!ok)
            return std::nullopt;
    }
    return s;
}

TimestampNs WarehouseRule::sinceFor(const DataSource &source, const State &state, TimestampNs at)
{
    const TimestampNs lookback = std::max<qint64>(0, source.lookbackSeconds) * nanosPerSecond;
    return std::min(state.watermark.value_or(at), at) - lookback;
}

std::optional<QString> WarehouseRule::query(const Workspace &workspace, const Rule &rule,
                                            const State &state, TimestampNs at, QString *error)
{
    const DataSource *source = workspace.source(rule.source);
    if (!source || !workspace.runsInWarehouse(rule)) {
        *error = QStringLiteral("rule '%1' does not run in a warehouse: it is not a burst, "
                                "volume or duplicates rule on an sql source")
                     .arg(rule.id);
        return std::nullopt;
    }
    RuleSql::Options options;
    options.at = at;
    if (rule.kind == Rule::Kind::Burst)
        options.since = sinceFor(*source, state, at);
    const auto q =
        RuleSql::write(workspace, rule, SqlDialect(SqlDialect::Kind::PostgreSql), options, error);
    if (!q)
        return std::nullopt;
    return q->sql;
}

WarehouseRule::Result WarehouseRule::settleBurst(const Workspace &workspace, const Rule &rule,
                                                 const QList<BurstRow> &rows, const State &state,
                                                 TimestampNs since, TimestampNs at)
{
    Result r;
    r.since = since;
    r.state.watermark = at;
    // What was reported before and can still be found again: a finding's last window at or
    // over the threshold ends at or after `since`, so older marks can never match one.
    for (auto it = state.reported.cbegin(); it != state.reported.cend(); ++it) {
        if (it.value() >= since)
            r.state.reported.insert(it.key(), it.value());
    }
    for (const BurstRow &row : rows) {
        const QString subject = row.subject + QLatin1Char('/') + row.event;
        const bool holds = row.current >= rule.threshold;
        // The count is the peak since the last look, not the count now: the windows between
        // two evaluations were never seen one by one, and the highest is what matters.
        AlertCondition c =
            AlertCondition::of(rule, subject, burstTitle(rule, row.subject, row.event), row.peak);
        const QString key = c.dedupKey();
        const auto known = state.reported.constFind(key);
        const bool fresh = known == state.reported.cend() || row.lastOver > known.value();
        if (row.lastOver > 0)
            r.state.reported[key] = std::max(r.state.reported.value(key), row.lastOver);
        if (!holds && !fresh)
            continue; // reported before, over since; the clear below ends it if it was open
        if (!row.team.isEmpty()) {
            c.evidence = QStringLiteral("team %1").arg(row.team);
            c.customerId = row.customer;
            if (const Customer *customer = workspace.customer(row.customer))
                c.revenue = customer->monthlyRevenue;
        }
        const QString found =
            QStringLiteral("found in the warehouse: %1 at the peak of the windows ending from "
                           "%2 to %3, the last at %4")
                .arg(row.peak)
                .arg(timeText(since), timeText(at), timeText(row.lastOver));
        c.evidence += (c.evidence.isEmpty() ? QString() : QStringLiteral("\n")) + found;
        if (!holds)
            c.evidence += QStringLiteral("; already over");
        r.fire.append(c);
        if (holds)
            r.state.active.insert(key);
        else
            r.clear.append(key);
    }
    for (const QString &key : state.active) {
        if (!r.state.active.contains(key) && !r.clear.contains(key))
            r.clear.append(key);
    }
    return r;
}

WarehouseRule::Result WarehouseRule::evaluate(const Workspace &workspace, const Rule &rule,
                                              const QString &password, const State &state,
                                              TimestampNs at)
{
    QElapsedTimer timer;
    timer.start();
    Result failed;
    failed.state = state;
    const auto finish = [&](Result r) {
        r.elapsedMs = timer.elapsed();
        return r;
    };
    const std::optional<QString> sql = query(workspace, rule, state, at, &failed.error);
    if (!sql)
        return finish(failed);
    const DataSource &source = *workspace.source(rule.source);
    WarehouseConnection connection(source.connection, password, source.timeoutSeconds);
    if (!connection.isPostgres()) {
        failed.error = QStringLiteral("rule '%1' runs as PostgreSQL in its source's database, "
                                      "and %2 is not a PostgreSQL server")
                           .arg(rule.id, connection.where());
        return finish(failed);
    }
    if (!connection.open(&failed.error))
        return finish(failed);
    QSqlQuery q(connection.database());
    q.setForwardOnly(true);
    if (!q.exec(*sql)) {
        failed.error = QStringLiteral("rule '%1' could not run in %2: %3")
                           .arg(rule.id, connection.where(), q.lastError().text().trimmed());
        return finish(failed);
    }
    qint64 rows = 0;
    Result r;
    switch (rule.kind) {
    case Rule::Kind::Burst: {
        // user_id, team_id, event_name, event_count, customer_id, current_count, last_over
        QList<BurstRow> found;
        while (q.next()) {
            BurstRow b;
            b.subject = q.value(0).toString();
            b.team = q.value(1).toString();
            b.event = q.value(2).toString();
            b.peak = q.value(3).toInt();
            b.customer = q.value(4).toString();
            b.current = q.value(5).toInt();
            b.lastOver = WarehouseConnection::timestampOf(q.value(6)).value_or(0);
            // A burst that holds with no window ended since the last look has no peak
            // there: the window ending now is its peak.
            b.peak = std::max(b.peak, b.current);
            found.append(b);
        }
        rows = found.size();
        r = settleBurst(workspace, rule, found, state, sinceFor(source, state, at), at);
        break;
    }
    case Rule::Kind::Volume: {
        // source_id, period_start, event_count, baseline_median, baseline_periods
        std::optional<AlertCondition> holding;
        if (q.next()) {
            ++rows;
            const qint64 count = q.value(2).toLongLong();
            const double median = q.value(3).toDouble();
            const TimestampNs start = WarehouseConnection::timestampOf(q.value(1)).value_or(0);
            AlertCondition c = AlertCondition::of(
                rule, rule.source,
                volumeTitle(rule, count, start + rule.periodSeconds * nanosPerSecond, median),
                static_cast<int>(count));
            c.evidence = QStringLiteral("median of the previous %1 periods: %2; alert at %3 % "
                                        "of it or less (counted in the warehouse)")
                             .arg(q.value(4).toLongLong())
                             .arg(median)
                             .arg(rule.dropRatio * 100);
            holding = c;
        }
        r = settleOne(holding, state, at);
        break;
    }
    case Rule::Kind::Duplicates: {
        // source_id, duplicate_count
        std::optional<AlertCondition> holding;
        if (q.next()) {
            ++rows;
            const qint64 count = q.value(1).toLongLong();
            AlertCondition c = AlertCondition::of(rule, rule.source, duplicatesTitle(rule, count),
                                                  static_cast<int>(count));
            c.evidence = QStringLiteral("counted in the warehouse");
            holding = c;
        }
        r = settleOne(holding, state, at);
        break;
    }
    default:
        break;
    }
    r.rows = rows;
    return finish(r);
}

} // namespace wk
