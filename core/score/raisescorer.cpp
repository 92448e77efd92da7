#include "raisescorer.h"

#include <cmath>
#include <limits>

namespace wk {

namespace {

constexpr qint64 dayNs = 86400 * nanosPerSecond;
constexpr TimestampNs stillOpen = std::numeric_limits<TimestampNs>::max();

} // namespace

RaiseScorer::RaiseScorer(Workspace workspace) : m_workspace(std::move(workspace)) {}

void RaiseScorer::setModel(std::shared_ptr<const ActionableModel> model)
{
    m_model = std::move(model);
    m_features.reset();
}

void RaiseScorer::setChanges(std::vector<TimestampNs> changes)
{
    m_changes = std::move(changes);
    m_features.reset();
}

void RaiseScorer::remember(const Alert &a)
{
    const AlertOutcome o = outcomeOf(a, m_workspace);
    Entry e;
    e.raised = a.triggeredAt;
    e.ended = a.isOpen() ? stillOpen : a.resolvedAt.value_or(a.updatedAt);
    e.known = o.kind != AlertOutcome::Kind::Unknown;
    e.falseAlarm = e.known && o.isFalseAlarm();
    m_bySubject[AlertFeatures::subjectKey(a)].insert(a.id, e);
    m_byRule[a.ruleId].insert(a.id, e);
    m_byPipeline[a.pipelineId].insert(a.id, e);
    m_latest = std::max({m_latest, a.triggeredAt, a.updatedAt});
    if (m_latest - m_prunedAt > dayNs)
        prune(m_latest);
}

void RaiseScorer::prune(TimestampNs now)
{
    m_prunedAt = now;
    // An entry counts for an alert raised at t only if it rose or ended after t - 30 days.
    const TimestampNs horizon = now - 31 * dayNs;
    for (QHash<QString, Group> *groups : {&m_bySubject, &m_byRule, &m_byPipeline}) {
        for (auto g = groups->begin(); g != groups->end();) {
            g->removeIf([horizon](const Group::iterator &it) { return it->ended < horizon; });
            g = g->isEmpty() ? groups->erase(g) : std::next(g);
        }
    }
}

int RaiseScorer::raisedIn(const Group &group, TimestampNs from, TimestampNs to)
{
    int n = 0;
    for (const Entry &e : group)
        n += e.raised >= from && e.raised < to ? 1 : 0;
    return n;
}

float RaiseScorer::falseShare(const Group &group, TimestampNs from, TimestampNs to)
{
    int known = 0, falseAlarms = 0;
    for (const Entry &e : group) {
        if (e.known && e.ended >= from && e.ended < to) {
            ++known;
            falseAlarms += e.falseAlarm ? 1 : 0;
        }
    }
    return known > 0 ? float(falseAlarms) / float(known) : std::numeric_limits<float>::quiet_NaN();
}

std::vector<float> RaiseScorer::row(const Alert &a)
{
    if (!m_features)
        m_features = std::make_unique<AlertFeatures>(
            m_workspace, m_model ? m_model->vocabulary() : AlertFeatures::Vocabulary(), false,
            m_changes);
    const TimestampNs t = a.triggeredAt;
    static const Group none;
    const auto subject = m_bySubject.constFind(AlertFeatures::subjectKey(a));
    const auto rule = m_byRule.constFind(a.ruleId);
    const Group &bySubject = subject == m_bySubject.constEnd() ? none : *subject;
    const Group &byRule = rule == m_byRule.constEnd() ? none : *rule;
    AlertFeatures::Recent recent;
    recent.subject7d = raisedIn(bySubject, t - 7 * dayNs, t);
    recent.subject30d = raisedIn(bySubject, t - 30 * dayNs, t);
    recent.subjectFalseShare = falseShare(bySubject, t - 30 * dayNs, t);
    recent.rule7d = raisedIn(byRule, t - 7 * dayNs, t);
    recent.rule30d = raisedIn(byRule, t - 30 * dayNs, t);
    recent.ruleFalseShare = falseShare(byRule, t - 30 * dayNs, t);
    if (const Pipeline *pipeline = m_workspace.pipeline(a.pipelineId)) {
        int open = 0;
        for (const QString &up : pipeline->upstream) {
            const auto group = m_byPipeline.constFind(up);
            if (group == m_byPipeline.constEnd())
                continue;
            // Raised before t and not ended by then (ended at t counts as ended).
            for (const Entry &e : *group)
                open += e.raised < t && e.ended > t ? 1 : 0;
        }
        recent.upstreamOpen = open > 0;
    }
    std::vector<float> out;
    out.reserve(AlertFeatures::ColumnCount);
    m_features->appendRow(out, a, recent);
    return out;
}

std::optional<int> RaiseScorer::score(const Alert &a)
{
    if (!m_model)
        return std::nullopt;
    const std::vector<double> scores = m_model->score(row(a));
    if (scores.size() != 1 || !std::isfinite(scores.front()))
        return std::nullopt;
    return int(std::lround(scores.front()));
}

} // namespace wk
