#pragma once

#include "domain/alert.h"
#include "domain/scoremodelinfo.h"
#include "domain/workspace.h"

#include <QFutureWatcher>
#include <QObject>

#include <optional>
#include <vector>

namespace wk {

class Database;

// Trains the actionable score on a pool thread, never the engine's (at a console's start,
// daily and on demand; in team mode only the leader trains), evaluates it on the newer part
// of the history, and stores the result; every console then takes the newest stored one.
class ScoreTrainer : public QObject
{
    Q_OBJECT
public:
    explicit ScoreTrainer(Database &db, QObject *parent = nullptr);
    ~ScoreTrainer() override;

    // False when a training is still running.
    // changes: when sources saw dbt runs and deploys (a feature of each alert).
    bool train(const Workspace &workspace, const QList<Alert> &alerts, TimestampNs now,
               const std::vector<TimestampNs> &changes = {});
    bool busy() const { return m_job.isRunning(); }
    // The newest stored training when it is newer than the last one this said or stored;
    // nothing otherwise (or on error, with *error set).
    std::optional<ScoreModelInfo> newer(QString *error);

    // What one training makes of a history; public for the tests.
    static ScoreModelInfo trainOn(const Workspace &workspace, const QList<Alert> &alerts,
                                  TimestampNs now, const std::vector<TimestampNs> &changes = {});

signals:
    // Stored, and newer than anything told before.
    void trained(const wk::ScoreModelInfo &info);
    void failed(const QString &error);

private:
    void finished();

    Database &m_db;
    QFutureWatcher<ScoreModelInfo> m_job;
    TimestampNs m_known = -1;
};

} // namespace wk
