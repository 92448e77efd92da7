#pragma once

#include "actionablemodel.h"
#include "alertfeatures.h"

#include "domain/alert.h"
#include "domain/workspace.h"

#include <QHash>

#include <memory>
#include <optional>
#include <vector>

namespace wk {

// The actionable score of an alert as it is raised, for contact methods that page only
// above or below a score (actionable_at_least, actionable_below). The engine's thread asks
// it once per raised alert, so it keeps what the features need of the alerts seen so far,
// grouped as they look at them (by rule and subject, by rule, by pipeline) and updated as
// alerts change: scoring one alert reads its own rule's last 30 days, never the whole
// history. Its rows are those AlertFeatures::rows builds from the same alerts.
class RaiseScorer
{
public:
    explicit RaiseScorer(Workspace workspace);

    // The model scores come from; none: score() says nothing.
    void setModel(std::shared_ptr<const ActionableModel> model);
    bool hasModel() const { return m_model != nullptr; }
    // When sources saw dbt runs and deploys (EngineWorker::changesSeen).
    void setChanges(std::vector<TimestampNs> changes);

    // An alert as it is now: raised, changed, ended or marked.
    void remember(const Alert &alert);
    // The score of an alert raised now, 0-100; nothing without a model.
    std::optional<int> score(const Alert &alert);
    // Its row of features, from the alerts remembered before it rose.
    std::vector<float> row(const Alert &alert);

private:
    // An alert as it counts for later ones.
    struct Entry
    {
        TimestampNs raised = 0;
        AlertFeatures::Ending ending;
    };
    // The alerts of one key (a rule and subject, a rule, a pipeline), by id: what
    // AlertFeatures::recentAt and the upstream check count in.
    struct Group
    {
        QHash<qint64, Entry> byId;
        int raisedIn(TimestampNs from, TimestampNs to) const;
        float falseShare(TimestampNs from, TimestampNs to) const;
        // Raised before t and not ended by then (ended at t counts as ended).
        int openAt(TimestampNs t) const;
    };
    // Drops what no alert raised from now on can look at: ended over 30 days ago.
    void prune(TimestampNs now);

    Workspace m_workspace;
    std::shared_ptr<const ActionableModel> m_model;
    std::unique_ptr<AlertFeatures> m_features;
    std::vector<TimestampNs> m_changes;
    QHash<QString, Group> m_bySubject, m_byRule, m_byPipeline;
    TimestampNs m_latest = 0; // the newest instant remembered
    TimestampNs m_prunedAt = 0;
};

} // namespace wk
