#include "engine.h"

#include "domain/clock.h"
#include "rules/duplicatesevaluator.h"

namespace wk {

Engine::Engine(const Workspace &workspace, QString baseDir, const Clock &clock)
    : m_workspace(workspace), m_baseDir(std::move(baseDir)), m_clock(clock),
      m_book(workspace, clock)
{}

Engine::~Engine() = default;

bool Engine::prepare(QList<Diagnostic> *errors)
{
    QList<Diagnostic> problems;
    m_rules.clear();
    m_bySource.clear();
    m_dedupBySource.clear();
    for (const Rule &rule : m_workspace.rules) {
        // The source runner evaluates these in their database and hands on what they find.
        if (m_workspace.runsInWarehouse(rule))
            continue;
        std::unique_ptr<RuleEvaluator> evaluator =
            RuleEvaluator::create(rule, m_workspace, m_baseDir, problems);
        if (rule.kind == Rule::Kind::Duplicates)
            m_dedupBySource.insert(rule.source,
                                   static_cast<DuplicatesEvaluator *>(evaluator.get()));
        if (rule.kind != Rule::Kind::Duplicates && !rule.source.isEmpty())
            m_bySource[rule.source].push_back(evaluator.get());
        m_rules.push_back(std::move(evaluator));
    }
    if (errors)
        *errors += problems;
    return problems.isEmpty();
}

void Engine::carryOverNewest(const QHash<QString, TimestampNs> &newest)
{
    for (auto it = newest.cbegin(); it != newest.cend(); ++it)
        m_newest[it.key()] = std::max(m_newest.value(it.key()), it.value());
}

void Engine::ingest(const Event &e)
{
    ++m_ingested;
    auto newest = m_newest.find(e.source);
    if (newest == m_newest.end())
        m_newest.insert(e.source, e.time);
    else if (e.time > *newest)
        *newest = e.time;
    if (DuplicatesEvaluator *dedup = m_dedupBySource.value(e.source)) {
        if (!dedup->accept(e)) {
            ++m_duplicates;
            return;
        }
    }
    const auto it = m_bySource.constFind(e.source);
    if (it == m_bySource.constEnd())
        return;
    for (RuleEvaluator *r : *it)
        r->add(e);
}

void Engine::apply(const QList<ExternalEvent> &events)
{
    for (const ExternalEvent &e : events) {
        AlertCondition c;
        c.ruleId = e.origin;
        c.ruleKind = QStringLiteral("external");
        c.subject = e.key;
        const QString key = c.dedupKey();
        if (e.action != ExternalEvent::Action::Trigger && !m_book.openAlert(key)) {
            // Answered as the sender expects, but worth a word: a sender acting on keys
            // nobody triggered is often misconfigured.
            m_unmatched << QStringLiteral("%1 of %2 key '%3', which has no open alert")
                               .arg(e.action == ExternalEvent::Action::Resolve
                                        ? QStringLiteral("a resolve")
                                        : QStringLiteral("an acknowledge"),
                                    e.origin, e.key);
            continue;
        }
        if (e.action == ExternalEvent::Action::Resolve) {
            m_book.clear(key, e.actor,
                         e.note.isEmpty() ? QStringLiteral("resolved in %1").arg(e.origin)
                                          : e.note);
            continue;
        }
        if (e.action == ExternalEvent::Action::Acknowledge) {
            const Alert *a = m_book.openAlert(key);
            if (a && (a->state == AlertState::Triggered || a->state == AlertState::Snoozed))
                m_book.acknowledge(a->id, e.actor);
            continue;
        }
        for (const QString &hint : e.pipelineHints) {
            if (m_workspace.pipeline(hint)) {
                c.pipelineId = hint;
                break;
            }
        }
        for (const Customer &customer : m_workspace.customers) {
            if (customer.id == e.customer) {
                c.customerId = customer.id;
                c.revenue = customer.monthlyRevenue;
            }
        }
        c.title = e.title;
        c.evidence = e.evidence;
        if (c.pipelineId.isEmpty() && !e.pipelineHints.isEmpty())
            c.evidence += QStringLiteral("\nno workspace pipeline is named %1")
                              .arg(e.pipelineHints.join(QStringLiteral(", ")));
        if (c.pipelineId.isEmpty() && m_workspace.pipeline(m_workspace.receiver.defaultPipeline))
            c.pipelineId = m_workspace.receiver.defaultPipeline;
        c.severity = e.severity;
        c.count = 1;
        c.restates = true;
        m_book.fire(c);
    }
}

void Engine::setCustomers(const QList<Customer> &customers)
{
    m_workspace.customers = customers;
    for (const auto &rule : m_rules)
        rule->customersChanged(customers);
}

void Engine::ingest(const QList<Event> &events)
{
    for (const Event &e : events)
        ingest(e);
}

void Engine::expectOpenAlertsAgain()
{
    const TimestampNs now = m_clock.now();
    QHash<QString, const Rule *> windowed;
    for (const auto &r : m_rules) {
        const Rule &rule = r->rule();
        if (rule.kind == Rule::Kind::Burst || rule.kind == Rule::Kind::Volume ||
            rule.kind == Rule::Kind::Duplicates || rule.kind == Rule::Kind::Sequence)
            windowed.insert(rule.id, &rule);
    }
    for (const Alert &a : m_book.alerts()) {
        const Rule *rule = windowed.value(a.ruleId);
        if (!rule || !a.isOpen())
            continue;
        const qint64 window =
            rule->kind == Rule::Kind::Volume ? rule->periodSeconds : rule->windowSeconds;
        m_unconfirmed.insert(a.dedupKey, now + std::max<qint64>(window, 1) * nanosPerSecond);
    }
}

void Engine::resume()
{
    const TimestampNs now = m_clock.now();
    for (const auto &rule : m_rules)
        rule->resume(now);
}

void Engine::evaluate()
{
    const TimestampNs now = m_clock.now();
    for (const auto &rule : m_rules) {
        RuleOutcome outcome;
        rule->evaluate(now, outcome);
        for (const AlertCondition &c : std::as_const(outcome.fire)) {
            m_unconfirmed.remove(c.dedupKey()); // seen again: its rule takes it from here
            m_book.fire(c);
        }
        for (const QString &key : std::as_const(outcome.clear))
            m_book.clear(key);
    }
    for (auto it = m_unconfirmed.begin(); it != m_unconfirmed.end();) {
        if (it.value() > now) {
            ++it;
            continue;
        }
        m_book.clear(it.key(), QStringLiteral("engine"),
                     QStringLiteral("no longer observed since the console restarted: its rule's "
                                    "window passed without the condition"));
        it = m_unconfirmed.erase(it);
    }
    m_book.tick();
}

} // namespace wk
