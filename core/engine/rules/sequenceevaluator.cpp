#include "sequenceevaluator.h"

#include <algorithm>

namespace wk {

void SequenceEvaluator::add(const Event &e)
{
    const int step = static_cast<int>(m_rule.steps.indexOf(e.name));
    if (step < 0)
        return;
    auto &h = m_history[e.subject];
    // Late events go where their time puts them, so the order judged is the real one.
    const std::pair<TimestampNs, int> item{e.time, step};
    h.insert(std::upper_bound(h.begin(), h.end(), item), item);
    m_dirty.insert(e.subject);
}

void SequenceEvaluator::evaluate(TimestampNs now, RuleOutcome &out)
{
    for (const QString &subject : std::as_const(m_dirty)) {
        const auto &h = m_history.value(subject);
        int reached = -1;
        for (const auto &[time, step] : h) {
            if (time > now)
                break;
            if (step == 0) {
                reached = 0; // a new run through the steps
                continue;
            }
            if (step > reached + 1) {
                const QStringList missing = m_rule.steps.mid(reached + 1, step - reached - 1);
                const QString from =
                    reached >= 0 ? m_rule.steps.at(reached) : QStringLiteral("(start)");
                const QString key = subject + QLatin1Char('@') + QString::number(time);
                if (!m_reported.contains(key)) {
                    m_reported.insert(key);
                    AlertCondition c = condition(key,
                                                 QStringLiteral("%1 went %2 → %3 without %4")
                                                     .arg(subject, from, m_rule.steps.at(step),
                                                          missing.join(QStringLiteral(", "))),
                                                 1);
                    c.evidence =
                        QStringLiteral("at %1").arg(QString::fromStdString(formatTimestamp(time)));
                    out.fire.append(c);
                }
            }
            reached = std::max(reached, step);
        }
    }
    m_dirty.clear();
}

} // namespace wk
