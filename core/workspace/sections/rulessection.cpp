#include "workspacesections.h"

#include "domain/duration.h"
#include "workspace/yamlreader.h"
#include "workspace/yamlwriter.h"

namespace wk {

namespace {

QString readRule(YamlReader &r, const YAML::Node &n, const QString &what, Workspace &ws)
{
    Rule rule;
    rule.id = readId(r, n, "id", what);
    const QString label = rule.id.isEmpty() ? what : QStringLiteral("rule '%1'").arg(rule.id);
    const QString kind = r.text(n, "kind", label, true);
    if (const auto k = ruleKindFromName(kind))
        rule.kind = *k;
    else if (!kind.isEmpty())
        r.error(n["kind"], QStringLiteral("'kind' of %1 must be burst, freshness, volume, "
                                          "duplicates, sequence or sql, not '%2'")
                               .arg(label, kind));
    switch (rule.kind) {
    case Rule::Kind::Burst:
        r.checkKeys(n,
                    {"id", "kind", "pipeline", "severity", "source", "events", "threshold",
                     "window", "users", "teams"},
                    label);
        break;
    case Rule::Kind::Freshness:
        r.checkKeys(n,
                    {"id", "kind", "pipeline", "severity", "source", "warn_after", "error_after"},
                    label);
        break;
    case Rule::Kind::Volume:
        r.checkKeys(n,
                    {"id", "kind", "pipeline", "severity", "source", "period", "baseline", "drop"},
                    label);
        break;
    case Rule::Kind::Duplicates:
        r.checkKeys(n, {"id", "kind", "pipeline", "severity", "source", "window"}, label);
        break;
    case Rule::Kind::Sequence:
        r.checkKeys(n, {"id", "kind", "pipeline", "severity", "source", "steps"}, label);
        break;
    case Rule::Kind::Sql:
        r.checkKeys(n, {"id", "kind", "pipeline", "severity", "connection", "query", "interval"},
                    label);
        break;
    }
    rule.pipeline = r.text(n, "pipeline", label, true);
    r.reference(n, "pipeline", QStringLiteral("pipeline"), rule.pipeline, label);
    const QString severity = r.text(n, "severity", label, true);
    if (const auto sev = severityFromName(severity))
        rule.severity = *sev;
    else if (!severity.isEmpty())
        r.error(n["severity"], QStringLiteral("'severity' of %1 must be critical, high or medium, "
                                              "not '%2'")
                                   .arg(label, severity));
    if (rule.kind != Rule::Kind::Sql) {
        rule.source = r.text(n, "source", label, true);
        r.reference(n, "source", QStringLiteral("source"), rule.source, label);
    }
    auto positiveInt = [&](const char *key, int fallback) {
        const auto v = r.number(n, key, label);
        if (v && (*v < 1 || *v != static_cast<int>(*v))) {
            r.error(n[key], QStringLiteral("'%1' of %2 must be a whole number of at least 1")
                                .arg(QString::fromLatin1(key), label));
            return fallback;
        }
        return v ? static_cast<int>(*v) : fallback;
    };
    switch (rule.kind) {
    case Rule::Kind::Burst:
        rule.events = r.list(n, "events", label);
        if (rule.events.isEmpty())
            rule.events = {QStringLiteral("time out"), QStringLiteral("page not found")};
        rule.threshold = positiveInt("threshold", 5);
        rule.windowSeconds = r.duration(n, "window", label).value_or(432);
        rule.users = r.text(n, "users", label);
        rule.teams = r.text(n, "teams", label);
        if (!rule.teams.isEmpty() && rule.users.isEmpty())
            r.error(n["teams"], QStringLiteral("%1 gives 'teams' without 'users'").arg(label));
        break;
    case Rule::Kind::Freshness:
        rule.warnAfterSeconds = r.duration(n, "warn_after", label);
        rule.errorAfterSeconds = r.duration(n, "error_after", label);
        if (!rule.warnAfterSeconds && !rule.errorAfterSeconds)
            r.error(n, QStringLiteral("%1 needs 'warn_after', 'error_after' or both").arg(label));
        if (rule.warnAfterSeconds && rule.errorAfterSeconds &&
            *rule.warnAfterSeconds >= *rule.errorAfterSeconds)
            r.error(
                n["warn_after"],
                QStringLiteral("'warn_after' of %1 must be shorter than 'error_after'").arg(label));
        break;
    case Rule::Kind::Volume: {
        rule.periodSeconds = r.duration(n, "period", label).value_or(3600);
        rule.baselinePeriods = positiveInt("baseline", 24);
        const auto drop = r.number(n, "drop", label);
        if (drop && (*drop <= 0 || *drop >= 1))
            r.error(n["drop"], QStringLiteral("'drop' of %1 must be between 0 and 1, e.g. 0.5 for "
                                              "half the baseline")
                                   .arg(label));
        rule.dropRatio = drop.value_or(0.5);
        break;
    }
    case Rule::Kind::Duplicates:
        rule.windowSeconds = r.duration(n, "window", label).value_or(3600);
        break;
    case Rule::Kind::Sequence:
        rule.steps = r.list(n, "steps", label);
        if (rule.steps.size() < 2)
            r.error(n, QStringLiteral("%1 needs at least two 'steps'").arg(label));
        break;
    case Rule::Kind::Sql:
        rule.connection = r.text(n, "connection", label, true);
        rule.query = r.text(n, "query", label, true);
        rule.intervalSeconds = r.duration(n, "interval", label).value_or(900);
        break;
    }
    ws.rules.append(rule);
    return rule.id;
}

} // namespace

void readRules(YamlReader &r, const YAML::Node &root, Workspace &ws)
{
    r.section(root, "rules", QStringLiteral("rule"),
              [&](const YAML::Node &n, const QString &what) { return readRule(r, n, what, ws); });
}

void writeRules(YAML::Emitter &out, const Workspace &ws)
{
    if (ws.rules.isEmpty())
        return;
    out << YAML::Key << "rules" << YAML::Value << YAML::BeginSeq;
    for (const Rule &r : ws.rules) {
        out << YAML::BeginMap;
        writeKey(out, "id", r.id, true);
        writeKey(out, "kind", ruleKindName(r.kind), true);
        writeKey(out, "pipeline", r.pipeline, true);
        writeKey(out, "severity", severityName(r.severity), true);
        if (r.kind != Rule::Kind::Sql)
            writeKey(out, "source", r.source, true);
        switch (r.kind) {
        case Rule::Kind::Burst:
            writeList(out, "events", r.events);
            out << YAML::Key << "threshold" << YAML::Value << r.threshold;
            writeKey(out, "window", formatDuration(r.windowSeconds));
            writeKey(out, "users", r.users);
            writeKey(out, "teams", r.teams);
            break;
        case Rule::Kind::Freshness:
            if (r.warnAfterSeconds)
                writeKey(out, "warn_after", formatDuration(*r.warnAfterSeconds));
            if (r.errorAfterSeconds)
                writeKey(out, "error_after", formatDuration(*r.errorAfterSeconds));
            break;
        case Rule::Kind::Volume:
            writeKey(out, "period", formatDuration(r.periodSeconds));
            out << YAML::Key << "baseline" << YAML::Value << r.baselinePeriods;
            out << YAML::Key << "drop" << YAML::Value << yamlNumber(r.dropRatio);
            break;
        case Rule::Kind::Duplicates:
            writeKey(out, "window", formatDuration(r.windowSeconds));
            break;
        case Rule::Kind::Sequence:
            writeList(out, "steps", r.steps);
            break;
        case Rule::Kind::Sql:
            writeKey(out, "connection", r.connection, true);
            writeBlock(out, "query", r.query);
            writeKey(out, "interval", formatDuration(r.intervalSeconds));
            break;
        }
        out << YAML::EndMap;
    }
    out << YAML::EndSeq;
}

} // namespace wk
