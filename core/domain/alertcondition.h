#pragma once

#include "domain/rule.h"
#include "domain/severity.h"

#include <QString>

namespace wk {

// What a rule reports while a problem lasts; the alert book turns it into an alert.
struct AlertCondition
{
    QString ruleId;
    QString ruleKind; // burst, freshness, volume, duplicates, sequence, sql
    QString pipelineId;
    QString subject;
    QString title;
    QString evidence;
    Severity severity = Severity::Medium;
    QString customerId;
    double revenue = 0;
    int count = 0;
    // An external tool's latest notification: its title and severity replace the alert's,
    // lower or higher, where a rule's condition only ever raises them.
    bool restates = false;

    QString dedupKey() const { return ruleId + QLatin1Char('/') + subject; }

    // What a rule reports about one subject, wherever the rule was evaluated.
    static AlertCondition of(const Rule &rule, const QString &subject, const QString &title,
                             int count)
    {
        AlertCondition c;
        c.ruleId = rule.id;
        c.ruleKind = ruleKindName(rule.kind);
        c.pipelineId = rule.pipeline;
        c.severity = rule.severity;
        c.subject = subject;
        c.title = title;
        c.count = count;
        return c;
    }
};

} // namespace wk
