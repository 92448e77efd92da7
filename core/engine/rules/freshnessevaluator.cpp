#include "freshnessevaluator.h"

#include "domain/duration.h"

namespace wk {

void FreshnessEvaluator::add(const Event &e)
{
    observeNewest(e.time);
}

void FreshnessEvaluator::observeNewest(TimestampNs newest)
{
    if (!m_newest || newest > *m_newest)
        m_newest = newest;
}

void FreshnessEvaluator::evaluate(TimestampNs now, RuleOutcome &out)
{
    QList<AlertCondition> holding;
    if (m_newest) {
        const qint64 age = (now - *m_newest) / nanosPerSecond;
        const bool error = m_rule.errorAfterSeconds && age > *m_rule.errorAfterSeconds;
        const bool warn = m_rule.warnAfterSeconds && age > *m_rule.warnAfterSeconds;
        if (error || warn) {
            const qint64 limit = error ? *m_rule.errorAfterSeconds : *m_rule.warnAfterSeconds;
            AlertCondition c =
                condition(m_rule.source,
                          QStringLiteral("%1: newest data is %2 old (%3 after %4)")
                              .arg(m_rule.source,
                                   formatDuration(age >= 7200 ? age - age % 3600 : age - age % 60),
                                   error ? QStringLiteral("error") : QStringLiteral("warn"),
                                   formatDuration(limit)),
                          0);
            if (!error)
                c.severity = c.severity == Severity::Critical ? Severity::High : Severity::Medium;
            c.evidence = QStringLiteral("newest event at %1")
                             .arg(QString::fromStdString(formatTimestamp(*m_newest)));
            holding.append(c);
        }
    }
    settle(holding, out);
}

} // namespace wk
