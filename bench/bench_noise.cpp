// The actionable score on 100,000 ended alerts of a generated history (seeded, with the
// planted signal of the seed's example): the time to build the features and to train, the
// model's evaluation on the newer part against ranking by severity alone, scoring speed,
// and, as a peer in the same run, a logistic regression over the same features fitted by
// plain gradient descent (the simplest learner a team might try first).

#include "score/actionablemodel.h"
#include "score/noiseevaluation.h"
#include "score/raisescorer.h"
#include "score/synthetichistory.h"
#include "workspace/workspacereader.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <cmath>
#include <cstdio>
#include <sys/resource.h>

using namespace wk;

namespace {

double peakMb()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss / 1024.0;
}

double seconds(const QElapsedTimer &t)
{
    return double(t.nsecsElapsed()) / 1e9;
}

// Logistic regression on standardized numeric columns (categorical ones as their number,
// missing as 0): the peer the trees should beat.
std::vector<double> logisticScores(const std::vector<float> &train,
                                   const std::vector<float> &labels, const std::vector<float> &test)
{
    const int k = AlertFeatures::ColumnCount;
    const size_t n = labels.size();
    std::vector<double> mean(k, 0), sd(k, 1);
    auto value = [](float v) { return std::isnan(v) ? 0.0 : double(v); };
    for (int c = 0; c < k; ++c) {
        double s = 0, s2 = 0;
        for (size_t i = 0; i < n; ++i) {
            const double v = value(train[i * k + c]);
            s += v;
            s2 += v * v;
        }
        mean[c] = s / double(n);
        sd[c] = std::max(1e-9, std::sqrt(s2 / double(n) - mean[c] * mean[c]));
    }
    std::vector<double> w(k + 1, 0);
    for (int epoch = 0; epoch < 200; ++epoch) {
        std::vector<double> grad(k + 1, 0);
        for (size_t i = 0; i < n; ++i) {
            double z = w[k];
            for (int c = 0; c < k; ++c)
                z += w[c] * (value(train[i * k + c]) - mean[c]) / sd[c];
            const double err = 1.0 / (1.0 + std::exp(-z)) - double(labels[i]);
            for (int c = 0; c < k; ++c)
                grad[c] += err * (value(train[i * k + c]) - mean[c]) / sd[c];
            grad[k] += err;
        }
        for (int c = 0; c <= k; ++c)
            w[c] -= 0.5 * grad[c] / double(n);
    }
    std::vector<double> out;
    for (size_t i = 0; i < test.size() / k; ++i) {
        double z = w[k];
        for (int c = 0; c < k; ++c)
            z += w[c] * (value(test[i * k + c]) - mean[c]) / sd[c];
        out.push_back(z);
    }
    return out;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const auto loaded =
        WorkspaceReader::readFile(QStringLiteral(WK_SOURCE_DIR "/resources/demo/workspace.yaml"));
    if (!loaded.workspace) {
        std::fprintf(stderr, "cannot read the demo workspace\n");
        return 1;
    }
    const Workspace &ws = *loaded.workspace;
    SyntheticHistory::Options options;
    options.alerts = 100'000;
    options.days = 180;
    options.seed = 2026;
    QElapsedTimer t;
    t.start();
    const QList<Alert> history = SyntheticHistory::generate(ws, options);
    std::printf("generated %lld ended alerts over %d days in %.2f s\n",
                static_cast<long long>(history.size()), options.days, seconds(t));

    t.restart();
    const ActionableModel::TrainingSet set = ActionableModel::trainingSet(ws, history);
    const double featureSeconds = seconds(t);
    std::printf("features of %lld labelled alerts (%d actionable, %d false alarms): %.2f s\n",
                static_cast<long long>(set.size()), set.actionable, set.falseAlarms,
                featureSeconds);

    t.restart();
    QString why;
    const auto model = ActionableModel::train(set, {}, &why);
    if (!model) {
        std::fprintf(stderr, "no model: %s\n", qPrintable(why));
        return 1;
    }
    const double trainSeconds = seconds(t);
    std::printf("training on all %lld: %.2f s (target: under 5 s); features and training "
                "together %.2f s; model %lld bytes\n",
                static_cast<long long>(set.size()), trainSeconds, featureSeconds + trainSeconds,
                static_cast<long long>(model->save().size()));

    t.restart();
    const std::vector<double> scores = model->score(set.rows);
    std::printf("scoring %zu alerts: %.3f s (%.1f µs each)\n", scores.size(), seconds(t),
                seconds(t) * 1e6 / double(scores.size()));

    // As the engine pages by the score: each alert scored alone as it is raised, from what
    // the engine keeps of the alerts before it, against the features of the whole history.
    {
        RaiseScorer live(ws);
        live.setModel(std::make_shared<const ActionableModel>(*model));
        t.restart();
        for (const Alert &a : history)
            live.remember(a);
        const double rememberSeconds = seconds(t);
        const qsizetype n = std::min<qsizetype>(2000, history.size());
        t.restart();
        long long sum = 0;
        for (qsizetype i = history.size() - n; i < history.size(); ++i)
            sum += live.score(history.at(i)).value_or(0);
        const double each = seconds(t) / double(n);
        t.restart();
        AlertFeatures whole(ws, model->vocabulary(), false);
        const QList<Alert> one = history.mid(history.size() - 1);
        const std::vector<float> row = whole.rows(one, history);
        std::printf("scoring one alert as it is raised (engine thread): %.1f µs, its history "
                    "kept as alerts change (%.2f µs per change); from the whole history: %.1f ms "
                    "(%.0fx); mean score %.1f\n",
                    each * 1e6, rememberSeconds * 1e6 / double(history.size()), seconds(t) * 1e3,
                    seconds(t) / each, double(sum) / double(n));
        if (row.empty())
            return 1;
    }

    // The honest figures: older 70 % to learn, newer 30 % to test.
    const auto e = NoiseEvaluation::run(ws, history, 0.7, {}, &why);
    if (!e) {
        std::fprintf(stderr, "no evaluation: %s\n", qPrintable(why));
        return 1;
    }
    std::printf("\n%s", qPrintable(e->text()));
    const qsizetype cut = qsizetype(double(set.size()) * 0.7);
    const std::vector<float> trainRows(set.rows.begin(),
                                       set.rows.begin() + cut * AlertFeatures::ColumnCount);
    const std::vector<float> trainLabels(set.labels.begin(), set.labels.begin() + cut);
    const std::vector<float> testRows(set.rows.begin() + cut * AlertFeatures::ColumnCount,
                                      set.rows.end());
    const std::vector<float> testLabels(set.labels.begin() + cut, set.labels.end());
    t.restart();
    const auto peer =
        NoiseEvaluation::figures(logisticScores(trainRows, trainLabels, testRows), testLabels);
    std::printf("%-18s  %5.3f  %11.1f %%  %18.1f %%   (fitted in %.2f s)\n", "logistic (peer)",
                peer.auc, peer.precisionTop10 * 100, peer.falseAlarmsDemoted * 100, seconds(t));
    std::printf("\nAUC: score / severity %.2fx, score / logistic %.2fx; peak RSS %.0f MB\n",
                e->model.auc / std::max(1e-9, e->severity.auc),
                e->model.auc / std::max(1e-9, peer.auc), peakMb());
    return 0;
}
