#pragma once

#include "domain/alert.h"
#include "domain/workspace.h"

#include <QList>
#include <QString>

namespace wk {

// How one rule's ended alerts turned out: the start of "which rules cry wolf".
struct RuleOutcomes
{
    QString ruleId;
    int ended = 0;
    int actionable = 0;
    int noise = 0;
    int wontFix = 0;
    int byItself = 0;
    int unknown = 0; // ended, and nothing says how

    int falseAlarms() const { return noise + wontFix + byItself; }
    // Of the alerts whose outcome is known, the share that were false alarms; 0 with none.
    double falseAlarmShare() const
    {
        const int known = ended - unknown;
        return known > 0 ? double(falseAlarms()) / known : 0.0;
    }

    // The ended alerts raised at or after `from`, per rule; the most false alarms first,
    // then the rule id.
    static QList<RuleOutcomes> tally(const QList<Alert> &alerts, const Workspace &workspace,
                                     TimestampNs from);
};

} // namespace wk
