#include "raisescorer.h"

#include <cmath>
#include <limits>

namespace wk {

namespace {

constexpr qint64 dayNs = AlertFeatures::dayNs;

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
    const Entry e{a.triggeredAt, AlertFeatures::endingOf(a, m_workspace)};
    m_bySubject[AlertFeatures::subjectKey(a)].byId.insert(a.id, e);
    m_byRule[a.ruleId].byId.insert(a.id, e);
    m_byPipeline[a.pipelineId].byId.insert(a.id, e);
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
            g->byId.removeIf([horizon](const QHash<qint64, Entry>::iterator &it) {
                return it->ending.at < horizon;
            });
            g = g->byId.isEmpty() ? groups->erase(g) : std::next(g);
        }
    }
}

int RaiseScorer::Group::raisedIn(TimestampNs from, TimestampNs to) const
{
    int n = 0;
    for (const Entry &e : byId)
        n += e.raised >= from && e.raised < to ? 1 : 0;
    return n;
}

float RaiseScorer::Group::falseShare(TimestampNs from, TimestampNs to) const
{
    int known = 0, falseAlarms = 0;
    for (const Entry &e : byId) {
        if (e.ending.known && e.ending.at >= from && e.ending.at < to) {
            ++known;
            falseAlarms += e.ending.falseAlarm ? 1 : 0;
        }
    }
    return known > 0 ? float(falseAlarms) / float(known) : std::numeric_limits<float>::quiet_NaN();
}

int RaiseScorer::Group::openAt(TimestampNs t) const
{
    int n = 0;
    for (const Entry &e : byId)
        n += e.raised < t && e.ending.at > t ? 1 : 0;
    return n;
}

std::vector<float> RaiseScorer::row(const Alert &a)
{
    if (!m_features)
        m_features = std::make_unique<AlertFeatures>(
            m_workspace, m_model ? m_model->vocabulary() : AlertFeatures::Vocabulary(), false,
            m_changes);
    static const Group none;
    auto group = [](const QHash<QString, Group> &groups, const QString &key) -> const Group & {
        const auto it = groups.constFind(key);
        return it == groups.constEnd() ? none : *it;
    };
    const TimestampNs t = a.triggeredAt;
    AlertFeatures::Recent recent = AlertFeatures::recentAt(
        group(m_bySubject, AlertFeatures::subjectKey(a)), group(m_byRule, a.ruleId), t);
    if (const Pipeline *pipeline = m_workspace.pipeline(a.pipelineId)) {
        int open = 0;
        for (const QString &up : pipeline->upstream)
            open += group(m_byPipeline, up).openAt(t);
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
