#pragma once

#include "domain/alert.h"
#include "domain/scoremodelinfo.h"
#include "domain/workspace.h"
#include "score/alertscore.h"

#include <QFutureWatcher>
#include <QHash>
#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>

namespace wk {

class ActionableModel;

// Scores every alert the console shows with the newest trained model, on a pool thread:
// when the model arrives, and after alerts change (at most every two seconds, and never two
// scorings at once, however fast changes come).
class AlertScorer : public QObject
{
    Q_OBJECT
public:
    explicit AlertScorer(QObject *parent = nullptr);
    ~AlertScorer() override;

    void setWorkspace(const Workspace &workspace);
    void setModel(const ScoreModelInfo &info);
    // When sources saw dbt runs and deploys, sorted (EngineWorker::changesSeen).
    void setChanges(const QList<qint64> &instants);
    // Where the alerts to score come from, asked when a scoring starts. No copy of the list
    // is kept between scorings: the console's alert table shares its list with every copy,
    // and its next change would first copy all 100,000 alerts to stop sharing them.
    void setSource(std::function<QList<Alert>()> source);
    // Scores the source's alerts soon.
    void schedule();
    // Scores these alerts soon; the last list given wins.
    void schedule(const QList<Alert> &alerts);
    // Why there is no score (no model yet, too little history); empty when there is one.
    QString whyNone() const { return m_whyNone; }
    const ScoreModelInfo &info() const { return m_info; }
    // Whether a scoring is running or waiting, for tests.
    bool busy() const { return m_job.isRunning() || m_delay.isActive(); }

    // Scores and reasons for the alerts, their features built from the same list.
    static QHash<qint64, AlertScore> scoreAll(const ActionableModel &model,
                                              const Workspace &workspace,
                                              const QList<Alert> &alerts,
                                              const std::vector<TimestampNs> &changes = {});

signals:
    void scored(const QHash<qint64, wk::AlertScore> &scores, const QString &whyNone);

private:
    void start();

    Workspace m_workspace;
    ScoreModelInfo m_info;
    std::shared_ptr<const ActionableModel> m_model;
    QString m_whyNone;
    std::function<QList<Alert>()> m_source;
    std::vector<TimestampNs> m_changes;
    bool m_pending = false;
    QTimer m_delay;
    QFutureWatcher<QHash<qint64, AlertScore>> m_job;
};

} // namespace wk
