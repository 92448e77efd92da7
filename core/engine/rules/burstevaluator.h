#pragma once

#include "ruleevaluator.h"

#include <QHash>
#include <QSet>

#include <optional>
#include <vector>

namespace wk {

struct Workspace;
struct Diagnostic;

// The burst rule, live: an alert the moment a subject's count of matching events in the
// closed window [t - W, t] reaches the threshold, its count raised as it grows, resolved
// when it falls back below. Late events are placed by their own time; a burst that only
// late events reveal, already over, is raised and resolved at once so that it is on
// record.
class BurstEvaluator : public RuleEvaluator
{
public:
    explicit BurstEvaluator(Rule rule);
    // Reads the rule's users/teams files (if any): then only team owners count, and alerts
    // carry the customer and revenue of the owner's team.
    bool loadOwners(const Workspace &workspace, const QString &baseDir, QList<Diagnostic> &errors);
    void customersChanged(const QList<Customer> &customers) override;
    void add(const Event &e) override;
    void resume(TimestampNs at) override;
    void evaluate(TimestampNs now, RuleOutcome &out) override;
    qsizetype trackedEvents() const;

private:
    struct Owner
    {
        QString team;
        QString customer;
        double revenue = 0;
    };
    struct Series
    {
        QString subject;
        QString name;
        std::vector<TimestampNs> times; // sorted
        std::optional<TimestampNs> earliestLate;
    };
    AlertCondition burst(const Series &s, int count) const;

    QSet<QString> m_events;
    std::optional<QHash<QString, Owner>> m_owners;
    QHash<QString, Series> m_series; // subject + '\x1f' + name
    QSet<QString> m_dirty;
    QSet<QString> m_active;
    std::optional<TimestampNs> m_lastEvaluation;
    // Windows ending before this were never evaluated (the console was down): late events
    // are searched for bursts up to it, not only within W after them.
    TimestampNs m_unevaluatedUntil = 0;
};

} // namespace wk
