#include "dbtpackage.h"

#include "rulesql.h"

#include "text/csvvalues.h"

#include <QRegularExpression>
#include <QSet>

namespace wk {

namespace {

// A dbt duration: the largest whole unit dbt knows (minute, hour, day).
QString dbtPeriod(qint64 seconds)
{
    if (seconds % 86400 == 0)
        return QStringLiteral("{count: %1, period: day}").arg(seconds / 86400);
    if (seconds % 3600 == 0)
        return QStringLiteral("{count: %1, period: hour}").arg(seconds / 3600);
    return QStringLiteral("{count: %1, period: minute}").arg(std::max<qint64>(1, seconds / 60));
}

QString yamlQuoted(const QString &text)
{
    QString s = text;
    s.replace(QLatin1Char('\\'), QStringLiteral("\\\\"))
        .replace(QLatin1Char('"'), QStringLiteral("\\\""));
    return QLatin1Char('"') + s + QLatin1Char('"');
}

QString sourceRef(const QString &table)
{
    return QStringLiteral("{{ source('%1', '%2') }}")
        .arg(QLatin1String(DbtPackage::sourceName), table);
}

// The dbt source table an events source stands for: a sql source's table (its last part),
// a file source's base name.
QString eventsTableOf(const DataSource &s)
{
    if (s.kind == DataSource::Kind::Sql && !s.table.isEmpty())
        return s.table.split(QLatin1Char('.')).last();
    return s.path.isEmpty() ? s.id : RuleSql::tableOfFile(s.path);
}

struct SourceTable
{
    QString name;
    QString loadedAt;
    std::optional<qint64> warnAfter;
    std::optional<qint64> errorAfter;
    QStringList columns;
};

} // namespace

QString DbtPackage::modelPrefix(const QString &ruleId)
{
    QString p = ruleId.toLower();
    p.replace(QRegularExpression(QStringLiteral("[^a-z0-9_]")), QStringLiteral("_"));
    if (p.isEmpty() || p.front().isDigit())
        p.prepend(QStringLiteral("rule_"));
    return p;
}

std::optional<QList<DbtPackage::File>> DbtPackage::write(const Workspace &workspace,
                                                         const SqlDialect &dialect, QString *error)
{
    QList<File> files;
    QList<SourceTable> tables;
    const auto table = [&](const QString &name) -> SourceTable & {
        for (SourceTable &t : tables) {
            if (t.name == name)
                return t;
        }
        tables.append({name, {}, {}, {}, {}});
        return tables.last();
    };
    QString schema = QStringLiteral("version: 2\n\nmodels:\n");
    int rules = 0;
    for (const Rule &rule : workspace.rules) {
        if (rule.kind != Rule::Kind::Burst && rule.kind != Rule::Kind::Volume &&
            rule.kind != Rule::Kind::Duplicates)
            continue;
        const DataSource *source = workspace.source(rule.source);
        if (!source || source->kind == DataSource::Kind::Dbt)
            continue;
        const QString prefix = modelPrefix(rule.id);
        const QString eventsTable = eventsTableOf(*source);
        SourceTable &events = table(eventsTable);
        events.loadedAt =
            source->timeColumn.isEmpty() ? QStringLiteral("event_timestamp") : source->timeColumn;
        events.columns = {source->subjectColumn, source->nameColumn, events.loadedAt};
        if (rule.kind != Rule::Kind::Burst) {
            // One model: a row while the rule would alert, judged when the view is read.
            RuleSql::Options options;
            options.tables.insert(QStringLiteral("events"), sourceRef(eventsTable));
            const auto q = RuleSql::write(workspace, rule, dialect, options, error);
            if (!q)
                return std::nullopt;
            ++rules;
            QString sql = q->sql.trimmed();
            if (sql.endsWith(QLatin1Char(';')))
                sql.chop(1); // dbt wraps a model in its own statement
            const QString alerts = prefix + QStringLiteral("__alerts");
            files.append({QStringLiteral("models/%1/%2.sql").arg(prefix, alerts),
                          QStringLiteral("-- Written by `watchkeeper dbt export`.\n") + sql +
                              QLatin1Char('\n')});
            const bool volume = rule.kind == Rule::Kind::Volume;
            schema += QStringLiteral("  - name: %1\n"
                                     "    description: %2\n"
                                     "    columns:\n"
                                     "      - name: source_id\n        tests: [not_null]\n"
                                     "      - name: %3\n        tests: [not_null]\n")
                          .arg(alerts,
                               yamlQuoted(volume ? QStringLiteral("A row while the last complete "
                                                                  "period of '%1' has dropped "
                                                                  "(rule '%2')")
                                                       .arg(rule.source, rule.id)
                                                 : QStringLiteral("A row while '%1' has "
                                                                  "duplicate events within the "
                                                                  "last %2 s (rule '%3')")
                                                       .arg(rule.source)
                                                       .arg(rule.windowSeconds)
                                                       .arg(rule.id)),
                               volume ? QStringLiteral("event_count")
                                      : QStringLiteral("duplicate_count"));
            continue;
        }
        RuleSql::Options options;
        options.partName = [&](const QString &part) {
            return QStringLiteral("{{ ref('%1__%2') }}").arg(prefix, part);
        };
        options.tables.insert(QStringLiteral("events"), sourceRef(eventsTable));
        QString usersTable, teamsTable;
        if (!rule.users.isEmpty()) {
            usersTable = RuleSql::tableOfFile(rule.users);
            table(usersTable).columns = {QStringLiteral("user_id")};
            options.tables.insert(QStringLiteral("users"), sourceRef(usersTable));
        }
        if (!rule.teams.isEmpty()) {
            teamsTable = RuleSql::tableOfFile(rule.teams);
            // A team without a customer is allowed: it ranks last.
            table(teamsTable).columns = {QStringLiteral("team_id")};
            options.tables.insert(QStringLiteral("teams"), sourceRef(teamsTable));
            options.tables.insert(
                QStringLiteral("customers"),
                QStringLiteral("{{ ref('%1') }}").arg(QLatin1String(customersSeed)));
        }
        const std::optional<RuleSql::Parts> parts =
            RuleSql::writeBurstParts(workspace, rule, dialect, options, error);
        if (!parts)
            return std::nullopt;
        ++rules;
        const QString header =
            QStringLiteral("-- Watchkeeper rule '%1': written by `watchkeeper dbt "
                           "export` for %2.\n")
                .arg(rule.id, dialect.displayName());
        for (const RuleSql::Part &p : parts->parts)
            files.append({QStringLiteral("models/%1/%1__%2.sql").arg(prefix, p.name),
                          header + p.sql + QLatin1Char('\n')});
        const QString alerts = prefix + QStringLiteral("__alerts");
        files.append({QStringLiteral("models/%1/%2.sql").arg(prefix, alerts),
                      header + parts->last + QLatin1Char('\n')});
        // The checks a team would write on the seed's model, as dbt column tests.
        QStringList names;
        for (const QString &e : rule.events)
            names.append(yamlQuoted(e));
        schema += QStringLiteral("  - name: %1\n"
                                 "    description: %2\n"
                                 "    columns:\n")
                      .arg(alerts, yamlQuoted(QStringLiteral("Users with %1 or more of one SLA "
                                                             "event within %2 s (rule '%3')")
                                                  .arg(rule.threshold)
                                                  .arg(rule.windowSeconds)
                                                  .arg(rule.id)));
        schema += QStringLiteral("      - name: user_id\n        tests:\n          - not_null\n");
        if (!usersTable.isEmpty())
            schema += QStringLiteral("          - relationships:\n              to: %1\n"
                                     "              field: user_id\n")
                          .arg(yamlQuoted(QStringLiteral("source('%1', '%2')")
                                              .arg(QLatin1String(sourceName), usersTable)));
        if (!usersTable.isEmpty()) {
            schema +=
                QStringLiteral("      - name: team_id\n        tests:\n          - not_null\n");
            if (!teamsTable.isEmpty())
                schema += QStringLiteral("          - relationships:\n              to: %1\n"
                                         "              field: team_id\n")
                              .arg(yamlQuoted(QStringLiteral("source('%1', '%2')")
                                                  .arg(QLatin1String(sourceName), teamsTable)));
        }
        schema += QStringLiteral("      - name: event_name\n        tests:\n          - not_null\n"
                                 "          - accepted_values:\n              values: [%1]\n")
                      .arg(names.join(QStringLiteral(", ")));
        schema +=
            QStringLiteral("      - name: event_count\n        tests:\n          - not_null\n");
        files.append({QStringLiteral("tests/%1__event_count_positive.sql").arg(prefix),
                      QStringLiteral("-- An alert counts at least one event.\n"
                                     "select * from {{ ref('%1') }} where event_count <= 0\n")
                          .arg(alerts)});
    }
    if (rules == 0) {
        *error = QStringLiteral("the workspace has no burst, volume or duplicates rule on an "
                                "event source to export");
        return std::nullopt;
    }

    // Freshness: a freshness rule's own bars, else the strictest SLA policy of the pipelines
    // that read the source.
    for (const DataSource &s : workspace.sources) {
        if (s.kind == DataSource::Kind::Dbt)
            continue;
        bool used = false;
        for (const SourceTable &t : tables)
            used = used || t.name == eventsTableOf(s);
        if (!used)
            continue;
        SourceTable &t = table(eventsTableOf(s));
        for (const Rule &r : workspace.rules) {
            if (r.kind == Rule::Kind::Freshness && r.source == s.id) {
                t.warnAfter = r.warnAfterSeconds;
                t.errorAfter = r.errorAfterSeconds;
            }
        }
        if (t.warnAfter || t.errorAfter)
            continue;
        for (const Pipeline &p : workspace.pipelines) {
            const SlaPolicy *policy = workspace.slaPolicy(p.slaPolicy);
            if (p.source == s.id && policy && policy->freshnessMaxAgeSeconds)
                t.errorAfter = std::min(t.errorAfter.value_or(*policy->freshnessMaxAgeSeconds),
                                        *policy->freshnessMaxAgeSeconds);
        }
    }

    QString sources =
        QStringLiteral("version: 2\n\n"
                       "sources:\n"
                       "  - name: %1\n"
                       "    description: \"The tables Watchkeeper's rules read.\"\n"
                       "    schema: \"{{ var('watchkeeper_schema', target.schema) }}\"\n"
                       "    tables:\n")
            .arg(QLatin1String(sourceName));
    for (const SourceTable &t : tables) {
        sources += QStringLiteral("      - name: %1\n").arg(t.name);
        if (!t.loadedAt.isEmpty()) {
            sources += QStringLiteral("        loaded_at_field: %1\n").arg(t.loadedAt);
            if (t.warnAfter || t.errorAfter) {
                sources += QStringLiteral("        freshness:\n");
                if (t.warnAfter)
                    sources +=
                        QStringLiteral("          warn_after: %1\n").arg(dbtPeriod(*t.warnAfter));
                if (t.errorAfter)
                    sources +=
                        QStringLiteral("          error_after: %1\n").arg(dbtPeriod(*t.errorAfter));
            }
        }
        sources += QStringLiteral("        columns:\n");
        for (const QString &c : t.columns)
            sources +=
                QStringLiteral("          - name: %1\n            tests: [not_null]\n").arg(c);
    }

    QString seed = QStringLiteral("customer_id,name,plan,revenue,churned\n");
    for (const Customer &c : workspace.customers)
        seed += QStringLiteral("%1,%2,%3,%4,%5\n")
                    .arg(csv::quoted(c.id), csv::quoted(c.name), csv::quoted(c.plan))
                    .arg(c.monthlyRevenue)
                    .arg(c.churned ? QStringLiteral("true") : QStringLiteral("false"));

    files.prepend({QStringLiteral("seeds/%1.csv").arg(QLatin1String(customersSeed)), seed});
    files.prepend({QStringLiteral("models/schema.yml"), schema});
    files.prepend({QStringLiteral("models/sources.yml"), sources});
    files.prepend({QStringLiteral("dbt_project.yml"),
                   QStringLiteral("# Written by `watchkeeper dbt export` from the workspace '%1'.\n"
                                  "name: watchkeeper_rules\n"
                                  "version: \"1.0.0\"\n"
                                  "config-version: 2\n"
                                  "model-paths: [\"models\"]\n"
                                  "seed-paths: [\"seeds\"]\n"
                                  "test-paths: [\"tests\"]\n"
                                  "models:\n"
                                  "  watchkeeper_rules:\n"
                                  "    +materialized: view\n"
                                  "vars:\n"
                                  "  # The schema that holds the events, users and teams tables.\n"
                                  "  watchkeeper_schema: null\n")
                       .arg(workspace.name)});
    return files;
}

} // namespace wk
