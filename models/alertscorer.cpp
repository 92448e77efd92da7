#include "alertscorer.h"

#include "score/actionablemodel.h"

#include <QtConcurrent>

#include <algorithm>
#include <cmath>

namespace wk {

AlertScorer::AlertScorer(QObject *parent) : QObject(parent)
{
    m_whyNone = tr("no actionable score yet: the console trains one from how ended alerts "
                   "turned out, shortly after it starts");
    m_delay.setSingleShot(true);
    m_delay.setInterval(2000);
    connect(&m_delay, &QTimer::timeout, this, &AlertScorer::start);
    connect(&m_job, &QFutureWatcher<QHash<qint64, AlertScore>>::finished, this, [this] {
        emit scored(m_job.result(), m_whyNone);
        if (m_pending)
            m_delay.start();
    });
}

AlertScorer::~AlertScorer()
{
    m_job.waitForFinished();
}

void AlertScorer::setWorkspace(const Workspace &workspace)
{
    m_workspace = workspace;
    if (m_model)
        schedule();
}

void AlertScorer::setModel(const ScoreModelInfo &info)
{
    m_info = info;
    m_model.reset();
    if (info.hasModel()) {
        QString error;
        if (auto loaded = ActionableModel::load(info.model, &error)) {
            m_model = std::make_shared<const ActionableModel>(std::move(*loaded));
            m_whyNone.clear();
        } else {
            m_whyNone = tr("the stored actionable score cannot be used: %1").arg(error);
        }
    } else {
        m_whyNone = tr("no actionable score: %1").arg(info.whyNone);
    }
    // A new model rescores at once; without one, every score goes.
    m_pending = true;
    if (!m_job.isRunning()) {
        m_delay.stop();
        start();
    }
}

void AlertScorer::setChanges(const QList<qint64> &instants)
{
    m_changes.assign(instants.cbegin(), instants.cend());
    schedule();
}

void AlertScorer::setSource(std::function<QList<Alert>()> source)
{
    m_source = std::move(source);
}

void AlertScorer::schedule(const QList<Alert> &alerts)
{
    m_source = [alerts] { return alerts; };
    schedule();
}

void AlertScorer::schedule()
{
    m_pending = true;
    if (!m_job.isRunning() && !m_delay.isActive())
        m_delay.start();
}

void AlertScorer::start()
{
    if (m_job.isRunning())
        return;
    m_pending = false;
    m_job.setFuture(
        QtConcurrent::run([model = m_model, ws = m_workspace,
                           alerts = m_source ? m_source() : QList<Alert>(), changes = m_changes] {
            return model ? scoreAll(*model, ws, alerts, changes) : QHash<qint64, AlertScore>();
        }));
}

QHash<qint64, AlertScore> AlertScorer::scoreAll(const ActionableModel &model,
                                                const Workspace &workspace,
                                                const QList<Alert> &alerts,
                                                const std::vector<TimestampNs> &changes)
{
    AlertFeatures features(workspace, model.vocabulary(), false, changes);
    const std::vector<float> rows = features.rows(alerts, alerts);
    const std::vector<double> scores = model.score(rows);
    const std::vector<float> parts = model.contributions(rows);
    const size_t k = AlertFeatures::ColumnCount;
    QHash<qint64, AlertScore> out;
    if (scores.size() != size_t(alerts.size()) || parts.size() != scores.size() * (k + 1))
        return out;
    out.reserve(alerts.size());
    for (qsizetype i = 0; i < alerts.size(); ++i) {
        AlertScore s;
        s.score = float(scores[size_t(i)]);
        std::array<int, AlertFeatures::ColumnCount> order{};
        for (int c = 0; c < int(k); ++c)
            order[size_t(c)] = c;
        const float *row = parts.data() + size_t(i) * (k + 1);
        std::partial_sort(order.begin(), order.begin() + 3, order.end(),
                          [&](int a, int b) { return std::abs(row[a]) > std::abs(row[b]); });
        for (size_t p = 0; p < s.parts.size(); ++p) {
            const int c = order[p];
            if (row[c] != 0.0f)
                s.parts[p] = {c, row[c], rows[size_t(i) * k + size_t(c)]};
        }
        out.insert(alerts.at(i).id, s);
    }
    return out;
}

} // namespace wk
