#include "rule.h"

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

} // namespace wk
