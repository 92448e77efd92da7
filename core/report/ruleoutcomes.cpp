#include "ruleoutcomes.h"

#include <QHash>

#include <algorithm>

namespace wk {

QList<RuleOutcomes> RuleOutcomes::tally(const QList<Alert> &alerts, const Workspace &workspace,
                                        TimestampNs from)
{
    QHash<QString, RuleOutcomes> byRule;
    for (const Alert &a : alerts) {
        if (a.isOpen() || a.triggeredAt < from)
            continue;
        RuleOutcomes &r = byRule[a.ruleId];
        r.ruleId = a.ruleId;
        ++r.ended;
        switch (outcomeOf(a, workspace).kind) {
        case AlertOutcome::Kind::Actionable:
            ++r.actionable;
            break;
        case AlertOutcome::Kind::Noise:
            ++r.noise;
            break;
        case AlertOutcome::Kind::WontFix:
            ++r.wontFix;
            break;
        case AlertOutcome::Kind::ResolvedByItself:
            ++r.byItself;
            break;
        case AlertOutcome::Kind::Unknown:
            ++r.unknown;
            break;
        }
    }
    QList<RuleOutcomes> out = byRule.values();
    std::sort(out.begin(), out.end(), [](const RuleOutcomes &a, const RuleOutcomes &b) {
        if (a.falseAlarms() != b.falseAlarms())
            return a.falseAlarms() > b.falseAlarms();
        return a.ruleId < b.ruleId;
    });
    return out;
}

} // namespace wk
