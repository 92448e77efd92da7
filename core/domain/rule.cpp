#include "rule.h"

#include "duration.h"
#include "timestamp.h"

namespace wk {

QString ruleKindName(Rule::Kind kind)
{
    switch (kind) {
    case Rule::Kind::Burst:
        return QStringLiteral("burst");
    case Rule::Kind::Freshness:
        return QStringLiteral("freshness");
    case Rule::Kind::Volume:
        return QStringLiteral("volume");
    case Rule::Kind::Duplicates:
        return QStringLiteral("duplicates");
    case Rule::Kind::Sequence:
        return QStringLiteral("sequence");
    case Rule::Kind::Sql:
        return QStringLiteral("sql");
    }
    return {};
}

std::optional<Rule::Kind> ruleKindFromName(const QString &name)
{
    for (auto k : {Rule::Kind::Burst, Rule::Kind::Freshness, Rule::Kind::Volume,
                   Rule::Kind::Duplicates, Rule::Kind::Sequence, Rule::Kind::Sql}) {
        if (ruleKindName(k) == name)
            return k;
    }
    return std::nullopt;
}

QString burstTitle(const Rule &rule, const QString &subject, const QString &event)
{
    const qint64 w = rule.windowSeconds;
    const QString window = w % 60 == 0 ? QStringLiteral("%1 min").arg(w / 60)
                           : w > 60    ? QStringLiteral("%1 min").arg(w / 60.0, 0, 'g', 3)
                                       : QStringLiteral("%1 s").arg(w);
    return QStringLiteral("\"%1\" burst for %2 (%3+ within %4)")
        .arg(event, subject)
        .arg(rule.threshold)
        .arg(window);
}

QString volumeTitle(const Rule &rule, qint64 count, qint64 periodEndNs, double median)
{
    return QStringLiteral("%1: %2 events in the %3 to %4, usually %5")
        .arg(rule.source)
        .arg(count)
        .arg(formatDuration(rule.periodSeconds),
             QString::fromStdString(formatTimestamp(periodEndNs)))
        .arg(median);
}

QString duplicatesTitle(const Rule &rule, qint64 count)
{
    return QStringLiteral("%1: %2 duplicate event(s) in the last %3")
        .arg(rule.source)
        .arg(count)
        .arg(formatDuration(rule.windowSeconds));
}

} // namespace wk
