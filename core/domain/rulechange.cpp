#include "rulechange.h"

#include "duration.h"

namespace wk {

namespace {

QStringList listValue(const QString &text)
{
    QStringList items;
    for (const QString &part : text.split(QLatin1Char(','))) {
        const QString item = part.trimmed();
        if (!item.isEmpty())
            items << item;
    }
    return items;
}

std::optional<qint64> positiveDuration(const QString &key, const QString &text, QString *error)
{
    const auto seconds = parseDuration(text.trimmed());
    if (!seconds || *seconds < 1) {
        *error = QStringLiteral("'%1' must be a duration such as 90s, 10m or 2h, not '%2'")
                     .arg(key, text);
        return std::nullopt;
    }
    return seconds;
}

} // namespace

QStringList RuleChange::keys(Rule::Kind kind)
{
    QStringList keys;
    switch (kind) {
    case Rule::Kind::Burst:
        keys = {QStringLiteral("events"), QStringLiteral("threshold"), QStringLiteral("window")};
        break;
    case Rule::Kind::Freshness:
        keys = {QStringLiteral("warn_after"), QStringLiteral("error_after")};
        break;
    case Rule::Kind::Volume:
        keys = {QStringLiteral("period"), QStringLiteral("baseline"), QStringLiteral("drop")};
        break;
    case Rule::Kind::Duplicates:
        keys = {QStringLiteral("window")};
        break;
    case Rule::Kind::Sequence:
        keys = {QStringLiteral("steps")};
        break;
    case Rule::Kind::Sql:
        keys = {QStringLiteral("interval")};
        break;
    }
    return keys << QStringLiteral("severity");
}

QString RuleChange::value(const Rule &rule, const QString &key)
{
    if (key == QLatin1String("severity"))
        return severityName(rule.severity);
    if (key == QLatin1String("events"))
        return rule.events.join(QStringLiteral(", "));
    if (key == QLatin1String("steps"))
        return rule.steps.join(QStringLiteral(", "));
    if (key == QLatin1String("threshold"))
        return QString::number(rule.threshold);
    if (key == QLatin1String("window"))
        return formatDuration(rule.windowSeconds);
    if (key == QLatin1String("warn_after"))
        return rule.warnAfterSeconds ? formatDuration(*rule.warnAfterSeconds) : QString();
    if (key == QLatin1String("error_after"))
        return rule.errorAfterSeconds ? formatDuration(*rule.errorAfterSeconds) : QString();
    if (key == QLatin1String("period"))
        return formatDuration(rule.periodSeconds);
    if (key == QLatin1String("baseline"))
        return QString::number(rule.baselinePeriods);
    if (key == QLatin1String("drop"))
        return QString::number(rule.dropRatio);
    if (key == QLatin1String("interval"))
        return formatDuration(rule.intervalSeconds);
    return {};
}

bool RuleChange::apply(Rule &rule, const QString &assignment, QString *error)
{
    const qsizetype eq = assignment.indexOf(QLatin1Char('='));
    if (eq <= 0) {
        *error = QStringLiteral("'%1' is not key=value, e.g. threshold=7").arg(assignment);
        return false;
    }
    return set(rule, assignment.left(eq).trimmed(), assignment.mid(eq + 1).trimmed(), error);
}

bool RuleChange::set(Rule &rule, const QString &key, const QString &value, QString *error)
{
    if (!keys(rule.kind).contains(key)) {
        *error = QStringLiteral("a %1 rule has no '%2' to change; it has %3")
                     .arg(ruleKindName(rule.kind), key, keys(rule.kind).join(QStringLiteral(", ")));
        return false;
    }
    Rule changed = rule;
    if (key == QLatin1String("severity")) {
        const auto severity = severityFromName(value);
        if (!severity) {
            *error =
                QStringLiteral("'severity' must be critical, high or medium, not '%1'").arg(value);
            return false;
        }
        changed.severity = *severity;
    } else if (key == QLatin1String("events") || key == QLatin1String("steps")) {
        const QStringList items = listValue(value);
        const qsizetype least = key == QLatin1String("steps") ? 2 : 1;
        if (items.size() < least) {
            *error = QStringLiteral("'%1' needs at least %2 name(s), separated by commas")
                         .arg(key)
                         .arg(least);
            return false;
        }
        (key == QLatin1String("steps") ? changed.steps : changed.events) = items;
    } else if (key == QLatin1String("threshold") || key == QLatin1String("baseline")) {
        bool ok = false;
        const int n = value.toInt(&ok);
        if (!ok || n < 1) {
            *error = QStringLiteral("'%1' must be a whole number of at least 1, not '%2'")
                         .arg(key, value);
            return false;
        }
        (key == QLatin1String("threshold") ? changed.threshold : changed.baselinePeriods) = n;
    } else if (key == QLatin1String("drop")) {
        bool ok = false;
        const double d = value.toDouble(&ok);
        if (!ok || d <= 0 || d >= 1) {
            *error = QStringLiteral("'drop' must be between 0 and 1, e.g. 0.5 for half the "
                                    "baseline, not '%1'")
                         .arg(value);
            return false;
        }
        changed.dropRatio = d;
    } else if ((key == QLatin1String("warn_after") || key == QLatin1String("error_after")) &&
               (value.isEmpty() || value == QLatin1String("none"))) {
        (key == QLatin1String("warn_after") ? changed.warnAfterSeconds : changed.errorAfterSeconds)
            .reset();
    } else {
        const auto seconds = positiveDuration(key, value, error);
        if (!seconds)
            return false;
        if (key == QLatin1String("window"))
            changed.windowSeconds = *seconds;
        else if (key == QLatin1String("period"))
            changed.periodSeconds = *seconds;
        else if (key == QLatin1String("interval"))
            changed.intervalSeconds = *seconds;
        else if (key == QLatin1String("warn_after"))
            changed.warnAfterSeconds = *seconds;
        else
            changed.errorAfterSeconds = *seconds;
    }
    if (changed.kind == Rule::Kind::Freshness) {
        if (!changed.warnAfterSeconds && !changed.errorAfterSeconds) {
            *error = QStringLiteral("a freshness rule needs 'warn_after', 'error_after' or both");
            return false;
        }
        if (changed.warnAfterSeconds && changed.errorAfterSeconds &&
            *changed.warnAfterSeconds >= *changed.errorAfterSeconds) {
            *error = QStringLiteral("'warn_after' must be shorter than 'error_after'");
            return false;
        }
    }
    rule = changed;
    return true;
}

QStringList RuleChange::describe(const Rule &before, const Rule &after)
{
    QStringList lines;
    for (const QString &key : keys(before.kind)) {
        const QString was = value(before, key);
        const QString now = value(after, key);
        if (was != now)
            lines << QStringLiteral("%1 %2 → %3")
                         .arg(key, was.isEmpty() ? QStringLiteral("none") : was,
                              now.isEmpty() ? QStringLiteral("none") : now);
    }
    return lines;
}

} // namespace wk
