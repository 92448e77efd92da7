#include "rulesql.h"

#include <QFileInfo>

namespace wk {

namespace {

const DataSource *sourceOf(const Workspace &workspace, const QString &id)
{
    for (const DataSource &s : workspace.sources) {
        if (s.id == id)
            return &s;
    }
    return nullptr;
}

// The workspace's customers as an inline table (customer_id, revenue), in the dialect's
// way of writing rows: VALUES where the dialect has it, an array of structs in BigQuery.
QString customerRows(const Workspace &workspace, const SqlDialect &d)
{
    const QList<Customer> &customers = workspace.customers;
    if (d.kind() == SqlDialect::Kind::BigQuery) {
        if (customers.isEmpty())
            return QStringLiteral(
                "SELECT * FROM UNNEST(ARRAY<STRUCT<customer_id STRING, revenue FLOAT64>>[])");
        QStringList rows;
        for (const Customer &c : customers)
            rows.append(QStringLiteral("STRUCT(%1 AS customer_id, %2 AS revenue)")
                            .arg(d.string(c.id), d.decimal(c.monthlyRevenue)));
        return QStringLiteral("SELECT * FROM UNNEST([\n  %1\n])")
            .arg(rows.join(QStringLiteral(",\n  ")));
    }
    if (customers.isEmpty())
        return QStringLiteral("SELECT CAST(NULL AS %1) AS customer_id, CAST(NULL AS %2) AS "
                              "revenue WHERE 1 = 0")
            .arg(d.textType(), d.decimalType());
    QStringList rows;
    for (const Customer &c : customers)
        rows.append(QStringLiteral("(%1, %2)").arg(d.string(c.id), d.decimal(c.monthlyRevenue)));
    const QString body = rows.join(QStringLiteral(",\n  "));
    if (d.kind() == SqlDialect::Kind::SparkSql)
        return QStringLiteral("SELECT * FROM VALUES\n  %1\nAS c (customer_id, revenue)").arg(body);
    return QStringLiteral("SELECT * FROM (VALUES\n  %1\n) AS c (customer_id, revenue)").arg(body);
}

// The table a rule's events are in, with its columns written for the dialect.
struct EventTable
{
    QString table;   // as written in the query
    QString subject; // column expressions
    QString name;
    QString time;
    QString id; // empty: no id column
    QString read;
};

std::optional<EventTable> eventTable(const Workspace &workspace, const Rule &rule,
                                     const SqlDialect &d, QString *error)
{
    const DataSource *source = sourceOf(workspace, rule.source);
    if (!source) {
        *error = QStringLiteral("rule '%1' reads source '%2', which the workspace does not define")
                     .arg(rule.id, rule.source);
        return std::nullopt;
    }
    if (source->kind == DataSource::Kind::Dbt) {
        *error = QStringLiteral("rule '%1' reads dbt source '%2', which holds no events")
                     .arg(rule.id, source->id);
        return std::nullopt;
    }
    const bool inWarehouse = source->kind == DataSource::Kind::Sql && !source->table.isEmpty();
    // A file source stands for the table a team would load the file into: its base name.
    const QString table = inWarehouse              ? source->table
                          : source->path.isEmpty() ? source->id
                                                   : RuleSql::tableOfFile(source->path);
    const QString timeName =
        source->timeColumn.isEmpty() ? QStringLiteral("event_timestamp") : source->timeColumn;
    EventTable t;
    t.table = d.identifier(table);
    t.subject = d.identifier(source->subjectColumn);
    t.name = d.identifier(source->nameColumn);
    t.time = d.identifier(timeName);
    if (!source->idColumn.isEmpty())
        t.id = d.identifier(source->idColumn);
    QStringList columns = {source->subjectColumn, source->nameColumn, timeName};
    if (!source->idColumn.isEmpty())
        columns.append(source->idColumn);
    t.read = QStringLiteral("events: table %1 (%2)%3")
                 .arg(table, columns.join(QStringLiteral(", ")),
                      inWarehouse ? QString()
                                  : QStringLiteral(", loaded from source '%1'").arg(source->id));
    return t;
}

QString header(const Rule &rule, const QString &what, const SqlDialect &d)
{
    return QStringLiteral("-- Watchkeeper rule '%1' (%2), %3.\n")
        .arg(rule.id, what, d.displayName());
}

QString tableOr(const RuleSql::Options &options, const char *word, const QString &table)
{
    return options.tables.value(QLatin1String(word), table);
}

} // namespace

std::optional<RuleSql::Parts> RuleSql::writeBurstParts(const Workspace &workspace, const Rule &rule,
                                                       const SqlDialect &d, const Options &options,
                                                       QString *error)
{
    if (rule.kind != Rule::Kind::Burst) {
        *error = QStringLiteral("rule '%1' is not a burst rule").arg(rule.id);
        return std::nullopt;
    }
    if (rule.events.isEmpty()) {
        *error = QStringLiteral("rule '%1' names no events").arg(rule.id);
        return std::nullopt;
    }
    const std::optional<EventTable> events = eventTable(workspace, rule, d, error);
    if (!events)
        return std::nullopt;
    const auto part = [&](const QString &name) {
        return options.partName ? options.partName(name) : name;
    };
    const QString subject = events->subject, name = events->name, time = events->time;
    Parts out;
    out.reads.append(events->read);

    QStringList names;
    for (const QString &e : rule.events)
        names.append(QStringLiteral("SELECT %1 AS event_name").arg(d.string(e)));
    out.parts.append(
        {QStringLiteral("sla_event_names"), names.join(QStringLiteral("\nUNION ALL\n"))});
    QString since, lookback;
    if (options.since) {
        since = d.instant(*options.since);
        lookback = d.secondsBefore(since, rule.windowSeconds);
    }

    const bool owners = !rule.users.isEmpty();
    if (owners) {
        const QString users =
            tableOr(options, "users", d.identifier(RuleSql::tableOfFile(rule.users)));
        out.reads.append(QStringLiteral("users: table %1 (user_id, team_id, is_team_owner)")
                             .arg(RuleSql::tableOfFile(rule.users)));
        QString customerJoin;
        QString rankColumn = QStringLiteral("CAST(NULL AS BIGINT)");
        QString customerColumn = QStringLiteral("CAST(NULL AS %1)").arg(d.textType());
        if (!rule.teams.isEmpty()) {
            out.reads.append(QStringLiteral("teams: table %1 (team_id, customer_id)")
                                 .arg(RuleSql::tableOfFile(rule.teams)));
            const QString teams =
                tableOr(options, "teams", d.identifier(RuleSql::tableOfFile(rule.teams)));
            customerColumn = d.asText(QStringLiteral("t.customer_id"));
            customerJoin = QStringLiteral("LEFT JOIN %1 AS t ON %2 = %3\n")
                               .arg(teams, d.asText(QStringLiteral("t.team_id")),
                                    d.asText(QStringLiteral("u.team_id")));
            // Findings for the console name the customer, whose revenue the console knows:
            // no ranking, and no customers written into every evaluation's query.
            if (!options.at) {
                QString customers = options.tables.value(QStringLiteral("customers"));
                if (customers.isEmpty()) {
                    out.reads.append(
                        QStringLiteral("customers: the workspace's %1, written into the query")
                            .arg(workspace.customers.size()));
                    out.parts.append({QStringLiteral("customers"), customerRows(workspace, d)});
                    customers = part(QStringLiteral("customers"));
                }
                out.parts.append({QStringLiteral("ranked_customers"),
                                  QStringLiteral("SELECT %1 AS customer_id, RANK() OVER (ORDER BY "
                                                 "revenue DESC) AS customer_rank\nFROM %2")
                                      .arg(d.asText(QStringLiteral("customer_id")), customers)});
                customerJoin += QStringLiteral("LEFT JOIN %1 AS rc ON rc.customer_id = %2\n")
                                    .arg(part(QStringLiteral("ranked_customers")),
                                         d.asText(QStringLiteral("t.customer_id")));
                rankColumn = QStringLiteral("rc.customer_rank");
            }
        }
        out.parts.append(
            {QStringLiteral("team_owners"),
             QStringLiteral("SELECT %1 AS user_id, %2 AS team_id, %3 AS customer_id, %4 AS "
                            "customer_rank\n"
                            "FROM %5 AS u\n"
                            "%6"
                            "WHERE LOWER(TRIM(%7)) IN ('1', 'true')")
                 .arg(d.asText(QStringLiteral("u.user_id")), d.asText(QStringLiteral("u.team_id")),
                      customerColumn, rankColumn, users, customerJoin,
                      d.asText(QStringLiteral("u.is_team_owner")))});
    }
    out.parts.append(
        {QStringLiteral("sla_events"),
         QStringLiteral("SELECT %1 AS user_id, %2 AS event_name, %3 AS event_time\n"
                        "FROM %4\n"
                        "WHERE %2 IN (SELECT event_name FROM %5)%6%7")
             .arg(d.asText(subject), name, time, tableOr(options, "events", events->table),
                  part(QStringLiteral("sla_event_names")),
                  options.since ? QStringLiteral("\n  AND %1 >= %2").arg(time, lookback)
                                : QString(),
                  options.at ? QStringLiteral("\n  AND %1 <= %2").arg(time, d.instant(*options.at))
                             : QString())});
    out.parts.append({QStringLiteral("window_counts"),
                      QStringLiteral("SELECT user_id, event_name, event_time,\n"
                                     "       COUNT(*) %1 AS event_count\n"
                                     "FROM %2")
                          .arg(d.slidingWindow(QStringLiteral("user_id, event_name"),
                                               QStringLiteral("event_time"), rule.windowSeconds),
                               part(QStringLiteral("sla_events")))});
    if (options.at) {
        // As the console evaluates it: each subject's peak over the windows ending since the
        // last evaluation, the count in the window ending now (a burst that still holds,
        // though none of its windows ended since), and the end of its last window at or over
        // the threshold (to tell a burst already reported from a new one).
        const QString recent =
            options.since ? QStringLiteral("event_time >= %1").arg(since) : QStringLiteral("1 = 1");
        const QString peak = QStringLiteral("MAX(CASE WHEN %1 THEN event_count END)").arg(recent);
        const QString current =
            QStringLiteral("SUM(CASE WHEN event_time >= %1 THEN 1 ELSE 0 END)")
                .arg(d.secondsBefore(d.instant(*options.at), rule.windowSeconds));
        out.parts.append(
            {QStringLiteral("peaks"),
             QStringLiteral("SELECT user_id, event_name, %1 AS event_count,\n"
                            "       %2 AS current_count,\n"
                            "       MAX(CASE WHEN %3 AND event_count >= %4 THEN event_time END) "
                            "AS last_over\n"
                            "FROM %5\n"
                            "GROUP BY user_id, event_name\n"
                            "HAVING %1 >= %4 OR %6 >= %4")
                 .arg(peak, current, recent)
                 .arg(rule.threshold)
                 .arg(part(QStringLiteral("window_counts")), current)});
    } else {
        out.parts.append(
            {QStringLiteral("peaks"),
             QStringLiteral("SELECT user_id, event_name, MAX(event_count) AS event_count\n"
                            "FROM %1\n"
                            "%2"
                            "GROUP BY user_id, event_name\n"
                            "HAVING MAX(event_count) >= %3")
                 .arg(part(QStringLiteral("window_counts")),
                      options.since ? QStringLiteral("WHERE event_time >= %1\n").arg(since)
                                    : QString())
                 .arg(rule.threshold)});
    }

    const QString id = QStringLiteral("p.user_id");
    QStringList order;
    if (owners)
        order.append(QStringLiteral("o.customer_rank ASC NULLS LAST"));
    order.append(QStringLiteral("p.event_count DESC"));
    order.append(QStringLiteral("CASE WHEN %1 THEN 0 ELSE 1 END").arg(d.isInteger(id)));
    order.append(QStringLiteral("CASE WHEN %1 THEN %2 END").arg(d.isInteger(id), d.asInteger(id)));
    order.append(d.binaryOrder(id));
    order.append(d.binaryOrder(QStringLiteral("p.event_name")));
    const QString findings =
        options.at
            ? QStringLiteral(", %1, p.current_count, p.last_over")
                  .arg(owners ? QStringLiteral("o.customer_id")
                              : QStringLiteral("CAST(NULL AS %1) AS customer_id").arg(d.textType()))
            : QString();
    if (owners)
        out.last =
            QStringLiteral("SELECT p.user_id, o.team_id, p.event_name, p.event_count%1\n"
                           "FROM %2 AS p\n"
                           "JOIN %3 AS o ON o.user_id = p.user_id\n")
                .arg(findings, part(QStringLiteral("peaks")), part(QStringLiteral("team_owners")));
    else
        out.last = QStringLiteral("SELECT p.user_id, CAST(NULL AS %1) AS team_id, p.event_name, "
                                  "p.event_count%2\n"
                                  "FROM %3 AS p\n")
                       .arg(d.textType(), findings, part(QStringLiteral("peaks")));
    out.last += QStringLiteral("ORDER BY %1").arg(order.join(QStringLiteral(",\n         ")));
    return out;
}

namespace {

std::optional<RuleSql::Query> writeBurst(const Workspace &workspace, const Rule &rule,
                                         const SqlDialect &d, const RuleSql::Options &options,
                                         QString *error)
{
    const std::optional<RuleSql::Parts> parts =
        RuleSql::writeBurstParts(workspace, rule, d, options, error);
    if (!parts)
        return std::nullopt;
    RuleSql::Query q;
    q.reads = parts->reads;
    QString sql = header(rule,
                         QStringLiteral("burst: %1 or more of one event per user within %2 s")
                             .arg(rule.threshold)
                             .arg(rule.windowSeconds),
                         d);
    if (options.since)
        sql += QStringLiteral("-- Windows ending at or after %1 only.\n")
                   .arg(d.instant(*options.since));
    QStringList ctes;
    for (const RuleSql::Part &p : parts->parts) {
        QString body = p.sql;
        body.replace(QLatin1Char('\n'), QStringLiteral("\n  "));
        ctes.append(QStringLiteral("%1 AS (\n  %2\n)").arg(p.name, body));
    }
    sql += QStringLiteral("WITH\n") + ctes.join(QStringLiteral(",\n")) + QLatin1Char('\n') +
           parts->last + QStringLiteral(";\n");
    q.sql = sql;
    return q;
}

QString evaluatedAt(const SqlDialect &d, const RuleSql::Options &options)
{
    return options.at ? d.instant(*options.at) : d.now();
}

std::optional<RuleSql::Query> writeFreshness(const Workspace &workspace, const Rule &rule,
                                             const SqlDialect &d, const RuleSql::Options &options,
                                             QString *error)
{
    if (!rule.warnAfterSeconds && !rule.errorAfterSeconds) {
        *error = QStringLiteral("rule '%1' has neither warn_after nor error_after").arg(rule.id);
        return std::nullopt;
    }
    const std::optional<EventTable> events = eventTable(workspace, rule, d, error);
    if (!events)
        return std::nullopt;
    // The smaller bar decides whether there is a row; the larger one names its level.
    const qint64 bar = std::min(rule.warnAfterSeconds.value_or(*rule.errorAfterSeconds),
                                rule.errorAfterSeconds.value_or(*rule.warnAfterSeconds));
    const QString level =
        rule.errorAfterSeconds && rule.warnAfterSeconds
            ? QStringLiteral("CASE WHEN age_seconds > %1 THEN 'error' ELSE 'warn' END")
                  .arg(*rule.errorAfterSeconds)
        : rule.errorAfterSeconds ? QStringLiteral("'error'")
                                 : QStringLiteral("'warn'");
    RuleSql::Query q;
    q.reads.append(events->read);
    q.sql = header(rule, QStringLiteral("freshness: a row when the newest event is too old"), d) +
            QStringLiteral("WITH\n"
                           "newest AS (\n"
                           "  SELECT MAX(%1) AS newest FROM %2 WHERE %1 <= %7\n"
                           "),\n"
                           "aged AS (\n"
                           "  SELECT newest, %3 AS age_seconds FROM newest\n"
                           ")\n"
                           "SELECT %4 AS source_id, newest, age_seconds, %5 AS level\n"
                           "FROM aged\n"
                           "WHERE age_seconds > %6;\n")
                .arg(events->time, tableOr(options, "events", events->table),
                     d.secondsBetween(QStringLiteral("newest"), evaluatedAt(d, options)),
                     d.string(rule.source), level, QString::number(bar))
                .arg(evaluatedAt(d, options));
    return q;
}

std::optional<RuleSql::Query> writeDuplicates(const Workspace &workspace, const Rule &rule,
                                              const SqlDialect &d, const RuleSql::Options &options,
                                              QString *error)
{
    const std::optional<EventTable> events = eventTable(workspace, rule, d, error);
    if (!events)
        return std::nullopt;
    const QString at = evaluatedAt(d, options);
    // Without an id column, a copy is a row equal in the columns the rule knows.
    const QString identity =
        events->id.isEmpty()
            ? QStringLiteral("%1, %2, %3").arg(events->subject, events->name, events->time)
            : events->id;
    RuleSql::Query q;
    q.reads.append(events->read);
    q.sql = header(rule,
                   QStringLiteral("duplicates: a row counting the copies within %1 s")
                       .arg(rule.windowSeconds),
                   d) +
            QStringLiteral("WITH\n"
                           "recent AS (\n"
                           "  SELECT %1 AS event_time,\n"
                           "         ROW_NUMBER() OVER (PARTITION BY %2 ORDER BY %1) AS copy\n"
                           "  FROM %3\n"
                           "  -- Ids are remembered for twice the window, as the console does.\n"
                           "  WHERE %1 >= %4 AND %1 <= %5\n"
                           "),\n"
                           "copies AS (\n"
                           "  SELECT COUNT(*) AS duplicate_count FROM recent\n"
                           "  WHERE copy > 1 AND event_time >= %6\n"
                           ")\n"
                           "SELECT %7 AS source_id, duplicate_count\n"
                           "FROM copies\n"
                           "WHERE duplicate_count > 0;\n")
                .arg(events->time, identity, tableOr(options, "events", events->table),
                     d.secondsBefore(at, 2 * rule.windowSeconds), at,
                     d.secondsBefore(at, rule.windowSeconds), d.string(rule.source));
    return q;
}

// The evaluator's bars: fewer baseline periods tell nothing, a smaller median is noise.
constexpr int minimumBaselinePeriods = 3;
constexpr int minimumBaselineMedian = 5;

std::optional<RuleSql::Query> writeVolume(const Workspace &workspace, const Rule &rule,
                                          const SqlDialect &d, const RuleSql::Options &options,
                                          QString *error)
{
    if (rule.periodSeconds <= 0 || rule.baselinePeriods <= 0) {
        *error = QStringLiteral("rule '%1' needs a period and a baseline").arg(rule.id);
        return std::nullopt;
    }
    const std::optional<EventTable> events = eventTable(workspace, rule, d, error);
    if (!events)
        return std::nullopt;
    const qint64 p = rule.periodSeconds;
    const int b = rule.baselinePeriods;
    const QString periodOfTime = d.periodOf(events->time, p);
    RuleSql::Query q;
    q.reads.append(events->read);
    QString sql = header(rule,
                         QStringLiteral("volume: a row when the last complete %1 s period has at "
                                        "most %2 of the median of the %3 before")
                             .arg(p)
                             .arg(rule.dropRatio)
                             .arg(b),
                         d);
    sql += QStringLiteral("WITH\n"
                          "bounds AS (\n"
                          "  SELECT %1 - 1 AS last_period\n"
                          "),\n"
                          "first_event AS (\n"
                          "  SELECT MIN(%2) AS first_time FROM %3 WHERE %2 <= %4\n"
                          "),\n")
               .arg(d.periodOf(evaluatedAt(d, options), p), events->time,
                    tableOr(options, "events", events->table), evaluatedAt(d, options));
    sql += QStringLiteral("counts AS (\n"
                          "  SELECT %1 AS period, COUNT(*) AS n\n"
                          "  FROM %2 CROSS JOIN bounds\n"
                          "  WHERE %3 >= %4 AND %3 < %5\n"
                          "  GROUP BY %1\n"
                          "),\n")
               .arg(periodOfTime, tableOr(options, "events", events->table), events->time,
                    d.fromEpochSeconds(QStringLiteral("(last_period - %1) * %2").arg(b).arg(p)),
                    d.fromEpochSeconds(QStringLiteral("(last_period + 1) * %1").arg(p)));
    // Periods without a single event count as zero: a dead queue is what the rule is for.
    sql += QStringLiteral("baseline AS (\n"
                          "  SELECT bounds.last_period - k AS period, COALESCE(counts.n, 0) AS n\n"
                          "  FROM bounds CROSS JOIN %1 CROSS JOIN first_event\n"
                          "  LEFT JOIN counts ON counts.period = bounds.last_period - k\n"
                          "  WHERE bounds.last_period - k >= %2\n"
                          "),\n"
                          "baseline_median AS (\n"
                          "  %3\n"
                          "),\n"
                          "latest AS (\n"
                          "  SELECT bounds.last_period, COALESCE(counts.n, 0) AS n\n"
                          "  FROM bounds LEFT JOIN counts ON counts.period = bounds.last_period\n"
                          ")\n")
               .arg(d.series(b), d.periodOf(QStringLiteral("first_event.first_time"), p),
                    d.medianOf(QStringLiteral("n"), QStringLiteral("baseline")));
    sql += QStringLiteral("SELECT %1 AS source_id, %2 AS period_start, latest.n AS event_count,\n"
                          "       baseline_median.median AS baseline_median,\n"
                          "       baseline_median.periods AS baseline_periods\n"
                          "FROM latest CROSS JOIN baseline_median\n"
                          "WHERE baseline_median.periods >= %3 AND baseline_median.median >= %4\n"
                          "  AND latest.n <= %5 * baseline_median.median;\n")
               .arg(d.string(rule.source),
                    d.fromEpochSeconds(QStringLiteral("latest.last_period * %1").arg(p)))
               .arg(minimumBaselinePeriods)
               .arg(minimumBaselineMedian)
               .arg(d.decimal(rule.dropRatio));
    q.sql = sql;
    return q;
}

} // namespace

QString RuleSql::tableOfFile(const QString &path)
{
    return QFileInfo(path).baseName();
}

std::optional<RuleSql::Query> RuleSql::write(const Workspace &workspace, const Rule &rule,
                                             const SqlDialect &dialect, const Options &options,
                                             QString *error)
{
    switch (rule.kind) {
    case Rule::Kind::Burst:
        return writeBurst(workspace, rule, dialect, options, error);
    case Rule::Kind::Freshness:
        return writeFreshness(workspace, rule, dialect, options, error);
    case Rule::Kind::Volume:
        return writeVolume(workspace, rule, dialect, options, error);
    case Rule::Kind::Duplicates:
        return writeDuplicates(workspace, rule, dialect, options, error);
    case Rule::Kind::Sequence:
    case Rule::Kind::Sql:
        break;
    }
    *error = QStringLiteral("rule '%1' is a %2 rule; burst, freshness, volume and duplicates "
                            "rules are written as SQL")
                 .arg(rule.id, ruleKindName(rule.kind));
    return std::nullopt;
}

} // namespace wk
