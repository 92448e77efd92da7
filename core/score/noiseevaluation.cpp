#include "noiseevaluation.h"

#include <QElapsedTimer>

#include <algorithm>
#include <numeric>

namespace wk {

namespace {

// Each score's rank among all (1-based), ties given the average of the ranks they share.
std::vector<double> averageRanks(const std::vector<double> &scores)
{
    std::vector<size_t> order(scores.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(),
              [&](size_t a, size_t b) { return scores[a] < scores[b]; });
    std::vector<double> ranks(scores.size());
    for (size_t i = 0; i < order.size();) {
        size_t j = i;
        while (j + 1 < order.size() && scores[order[j + 1]] == scores[order[i]])
            ++j;
        const double rank = (double(i) + double(j)) / 2.0 + 1.0;
        for (size_t k = i; k <= j; ++k)
            ranks[order[k]] = rank;
        i = j + 1;
    }
    return ranks;
}

// The expected share of positives among the first `take` of a ranking from the top, ties
// at the cut shared in proportion.
double expectedShareInTop(const std::vector<double> &scores, const std::vector<float> &labels,
                          double take, bool positives)
{
    std::vector<size_t> order(scores.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(),
              [&](size_t a, size_t b) { return scores[a] > scores[b]; });
    double taken = 0, hits = 0;
    for (size_t i = 0; i < order.size() && taken < take;) {
        size_t j = i;
        double groupHits = 0;
        while (j < order.size() && scores[order[j]] == scores[order[i]]) {
            groupHits += (labels[order[j]] > 0.5f) == positives ? 1 : 0;
            ++j;
        }
        const double group = double(j - i);
        const double part = std::min(group, take - taken);
        hits += groupHits * part / group;
        taken += part;
        i = j;
    }
    return hits;
}

} // namespace

NoiseEvaluation::Figures NoiseEvaluation::figures(const std::vector<double> &scores,
                                                  const std::vector<float> &labels)
{
    Figures f;
    const size_t n = scores.size();
    double positives = 0;
    for (float l : labels)
        positives += l > 0.5f ? 1 : 0;
    const double negatives = double(n) - positives;
    if (n == 0 || positives == 0 || negatives == 0)
        return f;
    const std::vector<double> ranks = averageRanks(scores);
    double rankSum = 0;
    for (size_t i = 0; i < n; ++i)
        if (labels[i] > 0.5f)
            rankSum += ranks[i];
    f.auc = (rankSum - positives * (positives + 1) / 2.0) / (positives * negatives);
    const double top = std::max(1.0, double(n) / 10.0);
    f.precisionTop10 = expectedShareInTop(scores, labels, top, true) / top;
    // Demoted: in the lower half, i.e. not among the upper half.
    const double upperHalfFalse = expectedShareInTop(scores, labels, double(n) / 2.0, false);
    f.falseAlarmsDemoted = (negatives - upperHalfFalse) / negatives;
    return f;
}

std::optional<NoiseEvaluation> NoiseEvaluation::run(const Workspace &workspace,
                                                    const QList<Alert> &history, double trainShare,
                                                    const ActionableModel::Settings &settings,
                                                    QString *whyNot)
{
    return run(ActionableModel::trainingSet(workspace, history), trainShare, settings, whyNot);
}

std::optional<NoiseEvaluation> NoiseEvaluation::run(const ActionableModel::TrainingSet &set,
                                                    double trainShare,
                                                    const ActionableModel::Settings &settings,
                                                    QString *whyNot)
{
    const qsizetype cut = qsizetype(double(set.size()) * trainShare);
    NoiseEvaluation e;
    QElapsedTimer clock;
    clock.start();
    const std::optional<ActionableModel> model =
        ActionableModel::train(set, 0, cut, settings, whyNot);
    e.trainingSeconds = double(clock.nsecsElapsed()) / 1e9;
    if (!model)
        return std::nullopt;
    if (cut >= set.size()) {
        if (whyNot)
            *whyNot = QStringLiteral("nothing newer is left to test on");
        return std::nullopt;
    }
    const std::vector<float> testRows(set.rows.begin() + cut * AlertFeatures::ColumnCount,
                                      set.rows.end());
    const std::vector<float> testLabels(set.labels.begin() + cut, set.labels.end());
    e.trained = int(cut);
    e.tested = int(testLabels.size());
    e.testActionable = int(std::count(testLabels.begin(), testLabels.end(), 1.0f));
    e.model = figures(model->score(testRows), testLabels);
    std::vector<double> bySeverity;
    bySeverity.reserve(testLabels.size());
    for (qsizetype i = 0; i < qsizetype(testLabels.size()); ++i)
        bySeverity.push_back(double(
            set.rows[size_t((cut + i) * AlertFeatures::ColumnCount + AlertFeatures::Severity_)]));
    e.severity = figures(bySeverity, testLabels);
    return e;
}

QString NoiseEvaluation::text() const
{
    auto row = [](const QString &name, const Figures &f) {
        return QStringLiteral("%1  %2  %3  %4\n")
            .arg(name.leftJustified(18))
            .arg(f.auc, 5, 'f', 3)
            .arg(QStringLiteral("%1 %").arg(f.precisionTop10 * 100, 5, 'f', 1), 13)
            .arg(QStringLiteral("%1 %").arg(f.falseAlarmsDemoted * 100, 5, 'f', 1), 20);
    };
    return QStringLiteral("trained on the older %1 alerts in %2 s; tested on the newer %3 "
                          "(%4 actionable)\n\n")
               .arg(trained)
               .arg(trainingSeconds, 0, 'f', 2)
               .arg(tested)
               .arg(testActionable) +
           QStringLiteral("%1  %2  %3  %4\n")
               .arg(QStringLiteral("ranking").leftJustified(18), QStringLiteral("  AUC"),
                    QStringLiteral("top 10 % actionable").rightJustified(13),
                    QStringLiteral("false alarms demoted").rightJustified(20)) +
           row(QStringLiteral("actionable score"), model) +
           row(QStringLiteral("severity alone"), severity);
}

} // namespace wk
