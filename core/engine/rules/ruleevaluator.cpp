#include "ruleevaluator.h"

#include "burstevaluator.h"
#include "duplicatesevaluator.h"
#include "freshnessevaluator.h"
#include "sequenceevaluator.h"
#include "sqlassertionevaluator.h"
#include "text/diagnostic.h"
#include "volumeevaluator.h"

namespace wk {

std::unique_ptr<RuleEvaluator> RuleEvaluator::create(const Rule &rule, const Workspace &workspace,
                                                     const QString &baseDir,
                                                     QList<Diagnostic> &errors)
{
    switch (rule.kind) {
    case Rule::Kind::Burst: {
        auto burst = std::make_unique<BurstEvaluator>(rule);
        burst->loadOwners(workspace, baseDir, errors);
        return burst;
    }
    case Rule::Kind::Freshness:
        return std::make_unique<FreshnessEvaluator>(rule);
    case Rule::Kind::Volume:
        return std::make_unique<VolumeEvaluator>(rule);
    case Rule::Kind::Duplicates:
        return std::make_unique<DuplicatesEvaluator>(rule);
    case Rule::Kind::Sequence:
        return std::make_unique<SequenceEvaluator>(rule);
    case Rule::Kind::Sql:
        return std::make_unique<SqlAssertionEvaluator>(rule);
    }
    return {};
}

AlertCondition RuleEvaluator::condition(const QString &subject, const QString &title,
                                        int count) const
{
    return AlertCondition::of(m_rule, subject, title, count);
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
