#include "ruleevaluator.h"

namespace wk {

AlertCondition RuleEvaluator::condition(const QString &subject, const QString &title,
                                        int count) const
{
    AlertCondition c;
    c.ruleId = m_rule.id;
    c.ruleKind = ruleKindName(m_rule.kind);
    c.pipelineId = m_rule.pipeline;
    c.severity = m_rule.severity;
    c.subject = subject;
    c.title = title;
    c.count = count;
    return c;
}

void RuleEvaluator::settle(const QList<AlertCondition> &holding, RuleOutcome &out)
{
    QSet<QString> now;
    for (const AlertCondition &c : holding) {
        now.insert(c.dedupKey());
        out.fire.append(c);
    }
    for (const QString &key : std::as_const(m_active)) {
        if (!now.contains(key))
            out.clear.append(key);
    }
    m_active = now;
}

} // namespace wk
