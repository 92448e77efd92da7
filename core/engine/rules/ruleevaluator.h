#pragma once

#include "domain/alertcondition.h"
#include "domain/customer.h"
#include "domain/event.h"
#include "domain/rule.h"

#include <QList>
#include <QSet>
#include <QStringList>

#include <memory>

namespace wk {

struct Diagnostic;
struct Workspace;

// What one evaluation of a rule found: problems to raise or update, and problems gone.
struct RuleOutcome
{
    QList<AlertCondition> fire;
    QStringList clear; // dedup keys
};

// The common part of every rule kind: it receives the events of its source and, when
// asked at an instant, reports what it sees.
class RuleEvaluator
{
public:
    explicit RuleEvaluator(Rule rule) : m_rule(std::move(rule)) {}
    virtual ~RuleEvaluator() = default;
    // The evaluator of the rule's kind, with the extra files it reads (a burst rule's users
    // and teams) loaded; their problems are appended to errors.
    static std::unique_ptr<RuleEvaluator> create(const Rule &rule, const Workspace &workspace,
                                                 const QString &baseDir, QList<Diagnostic> &errors);
    RuleEvaluator(const RuleEvaluator &) = delete;
    RuleEvaluator &operator=(const RuleEvaluator &) = delete;

    const Rule &rule() const { return m_rule; }
    virtual void add(const Event &) {}
    // After a restart or a takeover, with sources reading on from their checkpoints: the
    // events they deliver that are timed before `at` arrived while no console read them. A
    // rule that can records what they reveal as already over instead of missing it.
    virtual void resume(TimestampNs /*at*/) {}
    // The customers were read again (from their query): a rule that ranks by revenue takes
    // the new figures from its next report on, keeping what it has counted.
    virtual void customersChanged(const QList<Customer> & /*customers*/) {}
    virtual void evaluate(TimestampNs now, RuleOutcome &out) = 0;

protected:
    AlertCondition condition(const QString &subject, const QString &title, int count) const;
    // Reports the conditions that hold now and clears those of the last report that no
    // longer do.
    void settle(const QList<AlertCondition> &holding, RuleOutcome &out);

    Rule m_rule;

private:
    QSet<QString> m_active;
};

} // namespace wk
