#include "scoretrainer.h"

#include "score/actionablemodel.h"
#include "score/noiseevaluation.h"
#include "storage/scoremodelstore.h"

#include <QtConcurrent>

namespace wk {

ScoreTrainer::ScoreTrainer(Database &db, QObject *parent) : QObject(parent), m_db(db)
{
    connect(&m_job, &QFutureWatcher<ScoreModelInfo>::finished, this, &ScoreTrainer::finished);
}

ScoreTrainer::~ScoreTrainer()
{
    // The job reads only its own copies; waiting keeps it from outliving the pool's users.
    m_job.waitForFinished();
}

ScoreModelInfo ScoreTrainer::trainOn(const Workspace &workspace, const QList<Alert> &alerts,
                                     TimestampNs now, const std::vector<TimestampNs> &changes)
{
    ScoreModelInfo info;
    info.trainedAt = now;
    const ActionableModel::TrainingSet set =
        ActionableModel::trainingSet(workspace, alerts, changes);
    info.history = int(set.size());
    const ActionableModel::Settings settings;
    QString why;
    const auto model = ActionableModel::train(set, settings, &why);
    if (!model) {
        info.whyNone = why;
        return info;
    }
    info.model = model->save();
    // The figures come from a second model that learns from the older part only.
    if (const auto e = NoiseEvaluation::run(set, 0.7, settings, &why))
        info.evaluation = e->text();
    else
        info.evaluation = QStringLiteral("not evaluated: %1").arg(why);
    return info;
}

bool ScoreTrainer::train(const Workspace &workspace, const QList<Alert> &alerts, TimestampNs now,
                         const std::vector<TimestampNs> &changes)
{
    if (busy())
        return false;
    m_job.setFuture(QtConcurrent::run(
        [workspace, alerts, now, changes] { return trainOn(workspace, alerts, now, changes); }));
    return true;
}

void ScoreTrainer::finished()
{
    const ScoreModelInfo info = m_job.result();
    QString error;
    if (!ScoreModelStore(m_db).save(info, &error)) {
        emit failed(QStringLiteral("cannot store the actionable score: %1").arg(error));
        return;
    }
    if (info.trainedAt > m_known) {
        m_known = info.trainedAt;
        emit trained(info);
    }
}

std::optional<ScoreModelInfo> ScoreTrainer::newer(QString *error)
{
    ScoreModelStore store(m_db);
    const auto newest = store.newestTrainedAt(error);
    if (!newest || *newest <= m_known || *newest == 0)
        return std::nullopt;
    auto info = store.newest(error);
    if (info)
        m_known = info->trainedAt;
    return info;
}

} // namespace wk
