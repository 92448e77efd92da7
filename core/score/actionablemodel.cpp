#include "actionablemodel.h"

#include <QDataStream>
#include <QIODevice>
#include <QLocale>

#include <xgboost/c_api.h>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace wk {

namespace {

constexpr quint32 formatVersion = 2; // 2: event name and time since a change

QString lastError()
{
    return QString::fromUtf8(XGBGetLastError());
}

// A matrix of feature rows for XGBoost, freed when it goes.
class Matrix
{
public:
    Matrix(const float *rows, qsizetype count, QString *error)
    {
        if (XGDMatrixCreateFromMat(rows, bst_ulong(count), AlertFeatures::ColumnCount,
                                   std::numeric_limits<float>::quiet_NaN(), &m_handle) != 0) {
            m_handle = nullptr;
            *error = lastError();
            return;
        }
        const char *types[AlertFeatures::ColumnCount];
        for (int c = 0; c < AlertFeatures::ColumnCount; ++c)
            types[c] = AlertFeatures::isCategorical(c) ? "c" : "q";
        if (XGDMatrixSetStrFeatureInfo(m_handle, "feature_type", types,
                                       AlertFeatures::ColumnCount) != 0) {
            *error = lastError();
            XGDMatrixFree(m_handle);
            m_handle = nullptr;
        }
    }
    ~Matrix()
    {
        if (m_handle)
            XGDMatrixFree(m_handle);
    }
    Matrix(const Matrix &) = delete;
    Matrix &operator=(const Matrix &) = delete;
    DMatrixHandle handle() const { return m_handle; }

private:
    DMatrixHandle m_handle = nullptr;
};

std::shared_ptr<void> booster(DMatrixHandle train, QString *error)
{
    BoosterHandle b = nullptr;
    DMatrixHandle sets[] = {train};
    if (XGBoosterCreate(train ? sets : nullptr, train ? 1 : 0, &b) != 0) {
        *error = lastError();
        return {};
    }
    return std::shared_ptr<void>(b, [](void *h) { XGBoosterFree(h); });
}

QString percent(float share)
{
    return QStringLiteral("%1 %").arg(qRound(share * 100));
}

} // namespace

QString ActionableModel::words(const Workspace &ws, const Alert &a, int column, float value)
{
    const bool none = std::isnan(value);
    switch (column) {
    case AlertFeatures::Rule:
        return QStringLiteral("the rule '%1'").arg(a.ruleId);
    case AlertFeatures::RuleKind:
        return QStringLiteral("a %1 alert").arg(a.ruleKind);
    case AlertFeatures::Pipeline: {
        const Pipeline *p = ws.pipeline(a.pipelineId);
        return QStringLiteral("the pipeline %1").arg(p ? p->name : a.pipelineId);
    }
    case AlertFeatures::Criticality: {
        const Pipeline *p = ws.pipeline(a.pipelineId);
        return p ? QStringLiteral("%1 is %2").arg(p->name, severityName(p->criticality))
                 : QStringLiteral("the pipeline is unknown");
    }
    case AlertFeatures::Severity_:
        return QStringLiteral("%1 severity").arg(severityName(a.severity));
    case AlertFeatures::Plan: {
        const Customer *c = ws.customer(a.customerId);
        return c ? QStringLiteral("%1 is on the %2 plan").arg(c->name, c->plan)
                 : QStringLiteral("no known customer");
    }
    case AlertFeatures::Revenue:
        return QStringLiteral("$%1 a month at stake").arg(QLocale::c().toString(a.revenue, 'f', 0));
    case AlertFeatures::CountWhenRaised:
        return QStringLiteral("%1 events when raised").arg(int(value));
    case AlertFeatures::PeakCount:
        return QStringLiteral("it peaked at %1 events").arg(int(value));
    case AlertFeatures::HourOfWeek: {
        static const char *const days[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                           "Friday", "Saturday", "Sunday"};
        const int h = int(value);
        return QStringLiteral("raised %1 at %2:00 for the person paged")
            .arg(QLatin1String(days[std::clamp(h / 24, 0, 6)]))
            .arg(h % 24, 2, 10, QLatin1Char('0'));
    }
    case AlertFeatures::SubjectFired7d:
    case AlertFeatures::SubjectFired30d:
        return QStringLiteral("'%1' fired about %2 %3 times in the %4 days before")
            .arg(a.ruleId, a.subject)
            .arg(int(value))
            .arg(column == AlertFeatures::SubjectFired7d ? 7 : 30);
    case AlertFeatures::SubjectFalseShare30d:
        return none ? QStringLiteral("no earlier '%1' alert about %2 ended in 30 days")
                          .arg(a.ruleId, a.subject)
                    : QStringLiteral("%1 of the '%2' alerts about %3 that ended in 30 days were "
                                     "false alarms")
                          .arg(percent(value), a.ruleId, a.subject);
    case AlertFeatures::RuleFired7d:
    case AlertFeatures::RuleFired30d:
        return QStringLiteral("'%1' fired %2 times in the %3 days before")
            .arg(a.ruleId)
            .arg(int(value))
            .arg(column == AlertFeatures::RuleFired7d ? 7 : 30);
    case AlertFeatures::RuleFalseShare30d:
        return none ? QStringLiteral("no '%1' alert ended in 30 days").arg(a.ruleId)
                    : QStringLiteral("%1 of the '%2' alerts that ended in 30 days were false "
                                     "alarms")
                          .arg(percent(value), a.ruleId);
    case AlertFeatures::UpstreamOpen:
        return value > 0 ? QStringLiteral("a pipeline upstream was already alerting")
                         : QStringLiteral("no pipeline upstream was alerting");
    case AlertFeatures::EventName:
        return none ? QStringLiteral("no event name")
                    : QStringLiteral("'%1' events").arg(AlertFeatures::eventName(a));
    case AlertFeatures::SinceChange:
        if (none)
            return QStringLiteral("no dbt run or deploy seen before it");
        return value < 1 ? QStringLiteral("raised %1 min after a dbt run or deploy")
                               .arg(qRound(value * 60))
                         : QStringLiteral("raised %1 h after the last dbt run or deploy")
                               .arg(QLocale::c().toString(value, 'f', value < 10 ? 1 : 0));
    default:
        return {};
    }
}

ActionableModel::TrainingSet ActionableModel::trainingSet(const Workspace &workspace,
                                                          const QList<Alert> &history,
                                                          const std::vector<TimestampNs> &changes)
{
    TrainingSet set;
    // Each alert's outcome is worked out once: which alerts have one, and what it was.
    struct Labelled
    {
        qsizetype index;
        bool actionable;
    };
    std::vector<Labelled> known;
    for (qsizetype i = 0; i < history.size(); ++i) {
        const AlertOutcome::Kind kind = outcomeOf(history.at(i), workspace).kind;
        if (kind != AlertOutcome::Kind::Unknown)
            known.push_back({i, kind == AlertOutcome::Kind::Actionable});
    }
    std::stable_sort(known.begin(), known.end(), [&](const Labelled &a, const Labelled &b) {
        return history.at(a.index).triggeredAt < history.at(b.index).triggeredAt;
    });
    QList<Alert> labelled;
    labelled.reserve(qsizetype(known.size()));
    for (const Labelled &l : known) {
        const Alert &a = history.at(l.index);
        labelled << a;
        set.labels.push_back(l.actionable ? 1.0f : 0.0f);
        set.ids << a.id;
        set.raisedAt << a.triggeredAt;
        ++(l.actionable ? set.actionable : set.falseAlarms);
    }
    AlertFeatures features(workspace, {}, true, changes);
    set.rows = features.rows(labelled, history);
    set.vocabulary = features.vocabulary();
    return set;
}

std::optional<ActionableModel> ActionableModel::train(const TrainingSet &set,
                                                      const Settings &settings, QString *whyNot)
{
    return train(set, 0, set.size(), settings, whyNot);
}

std::optional<ActionableModel> ActionableModel::train(const TrainingSet &set, qsizetype from,
                                                      qsizetype to, const Settings &settings,
                                                      QString *whyNot)
{
    from = std::clamp<qsizetype>(from, 0, set.size());
    to = std::clamp<qsizetype>(to, from, set.size());
    const qsizetype n = to - from;
    const int positives = int(std::count(set.labels.begin() + from, set.labels.begin() + to, 1.0f));
    const int negatives = int(n) - positives;
    auto refuse = [&](const QString &why) -> std::optional<ActionableModel> {
        if (whyNot)
            *whyNot = why;
        return std::nullopt;
    };
    if (n < settings.minHistory)
        return refuse(QStringLiteral("only %1 ended alerts have a known outcome; the score "
                                     "needs %2")
                          .arg(n)
                          .arg(settings.minHistory));
    if (positives < settings.minEachKind || negatives < settings.minEachKind)
        return refuse(QStringLiteral("%1 actionable and %2 false alarms among the ended alerts; "
                                     "the score needs at least %3 of each")
                          .arg(positives)
                          .arg(negatives)
                          .arg(settings.minEachKind));
    QString error;
    Matrix matrix(set.rows.data() + from * AlertFeatures::ColumnCount, n, &error);
    if (!matrix.handle())
        return refuse(QStringLiteral("cannot prepare the training data: %1").arg(error));
    if (XGDMatrixSetFloatInfo(matrix.handle(), "label", set.labels.data() + from, bst_ulong(n)) !=
        0)
        return refuse(QStringLiteral("cannot label the training data: %1").arg(lastError()));
    ActionableModel model;
    model.m_booster = booster(matrix.handle(), &error);
    if (!model.m_booster)
        return refuse(QStringLiteral("cannot start the learner: %1").arg(error));
    const QByteArray depth = QByteArray::number(settings.maxDepth);
    const QByteArray eta = QByteArray::number(settings.learningRate);
    const QByteArray threads = QByteArray::number(settings.threads);
    const std::pair<const char *, const char *> params[] = {
        {"objective", "binary:logistic"},
        {"tree_method", "hist"}, // what categorical columns need
        {"max_depth", depth.constData()},
        {"eta", eta.constData()},
        {"nthread", threads.constData()},
        {"min_child_weight", "2"},
        {"subsample", "0.9"},
        {"seed", "7"},
        {"verbosity", "0"},
    };
    for (const auto &[key, value] : params)
        if (XGBoosterSetParam(model.m_booster.get(), key, value) != 0)
            return refuse(QStringLiteral("the learner refused %1=%2: %3")
                              .arg(QLatin1String(key), QLatin1String(value), lastError()));
    for (int round = 0; round < settings.rounds; ++round)
        if (XGBoosterUpdateOneIter(model.m_booster.get(), round, matrix.handle()) != 0)
            return refuse(QStringLiteral("training failed: %1").arg(lastError()));
    model.m_vocabulary = set.vocabulary;
    model.m_trainedOn = int(n);
    return model;
}

std::vector<double> ActionableModel::score(const std::vector<float> &rows) const
{
    const qsizetype n = qsizetype(rows.size() / AlertFeatures::ColumnCount);
    std::vector<double> out;
    if (n == 0 || !m_booster)
        return out;
    QString error;
    Matrix matrix(rows.data(), n, &error);
    bst_ulong length = 0;
    const float *result = nullptr;
    if (!matrix.handle() ||
        XGBoosterPredict(m_booster.get(), matrix.handle(), 0, 0, 0, &length, &result) != 0)
        return out;
    out.reserve(length);
    for (bst_ulong i = 0; i < length; ++i)
        out.push_back(double(result[i]) * 100.0);
    return out;
}

std::vector<double> ActionableModel::score(const Workspace &workspace, const QList<Alert> &alerts,
                                           const QList<Alert> &history,
                                           const std::vector<TimestampNs> &changes) const
{
    AlertFeatures features(workspace, m_vocabulary, false, changes);
    return score(features.rows(alerts, history));
}

std::vector<float> ActionableModel::contributions(const std::vector<float> &rows) const
{
    const qsizetype n = qsizetype(rows.size() / AlertFeatures::ColumnCount);
    if (n == 0 || !m_booster)
        return {};
    QString error;
    Matrix matrix(rows.data(), n, &error);
    bst_ulong length = 0;
    const float *result = nullptr;
    // Option 4: each feature's contribution to the log-odds, then the bias.
    if (!matrix.handle() ||
        XGBoosterPredict(m_booster.get(), matrix.handle(), 4, 0, 0, &length, &result) != 0 ||
        length != bst_ulong(n) * (AlertFeatures::ColumnCount + 1))
        return {};
    return std::vector<float>(result, result + length);
}

QList<ActionableModel::Reason>
ActionableModel::explain(const Workspace &workspace, const Alert &alert,
                         const QList<Alert> &history, int count,
                         const std::vector<TimestampNs> &changes) const
{
    AlertFeatures features(workspace, m_vocabulary, false, changes);
    const std::vector<float> row = features.rows({alert}, history);
    const std::vector<float> parts = contributions(row);
    if (parts.empty())
        return {};
    QList<Reason> reasons;
    for (int c = 0; c < AlertFeatures::ColumnCount; ++c)
        if (parts[size_t(c)] != 0.0f)
            reasons.append(
                {c, double(parts[size_t(c)]), words(workspace, alert, c, row[size_t(c)])});
    std::sort(reasons.begin(), reasons.end(), [](const Reason &a, const Reason &b) {
        return std::abs(a.contribution) > std::abs(b.contribution);
    });
    return reasons.mid(0, count);
}

QByteArray ActionableModel::save() const
{
    bst_ulong length = 0;
    const char *trees = nullptr;
    if (!m_booster ||
        XGBoosterSaveModelToBuffer(m_booster.get(), R"({"format": "ubj"})", &length, &trees) != 0)
        return {};
    QByteArray out;
    QDataStream s(&out, QIODevice::WriteOnly);
    s << formatVersion << qint32(m_trainedOn) << m_vocabulary.toList()
      << QByteArray(trees, qsizetype(length));
    return out;
}

std::optional<ActionableModel> ActionableModel::load(const QByteArray &bytes, QString *error)
{
    QDataStream s(bytes);
    quint32 version = 0;
    qint32 trainedOn = 0;
    QStringList vocabulary;
    QByteArray trees;
    s >> version >> trainedOn >> vocabulary >> trees;
    auto fail = [&](const QString &why) -> std::optional<ActionableModel> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    if (s.status() != QDataStream::Ok || version != formatVersion || trees.isEmpty())
        return fail(QStringLiteral("the stored model is not one this build reads"));
    ActionableModel model;
    QString why;
    model.m_booster = booster(nullptr, &why);
    if (!model.m_booster)
        return fail(why);
    if (XGBoosterLoadModelFromBuffer(model.m_booster.get(), trees.constData(),
                                     bst_ulong(trees.size())) != 0)
        return fail(QStringLiteral("the stored model cannot be read: %1").arg(lastError()));
    model.m_vocabulary = AlertFeatures::Vocabulary::fromList(vocabulary);
    model.m_trainedOn = trainedOn;
    return model;
}

} // namespace wk
