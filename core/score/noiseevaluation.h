#pragma once

#include "actionablemodel.h"

#include <QString>

#include <optional>
#include <vector>

namespace wk {

// How well the actionable score would have ranked alerts it had not seen: trained on the
// older part of the history, tested on the newer (a split in time, never a random one, so
// nothing from the future leaks back), against ranking by severity alone.
struct NoiseEvaluation
{
    // One ranking's figures on the test part.
    struct Figures
    {
        double auc = 0;                // chance an actionable alert ranks above a false alarm
        double precisionTop10 = 0;     // share actionable among the top tenth
        double falseAlarmsDemoted = 0; // share of false alarms ranked in the lower half
    };

    int trained = 0;
    int tested = 0;
    int testActionable = 0;
    double trainingSeconds = 0;
    Figures model;
    Figures severity;

    // trainShare: the older share of the labelled alerts the model learns from.
    static std::optional<NoiseEvaluation> run(const Workspace &workspace,
                                              const QList<Alert> &history, double trainShare,
                                              const ActionableModel::Settings &settings,
                                              QString *whyNot);
    static std::optional<NoiseEvaluation> run(const ActionableModel::TrainingSet &set,
                                              double trainShare,
                                              const ActionableModel::Settings &settings,
                                              QString *whyNot);
    // A ranking's figures, ties counted fairly (as the average over their orders).
    static Figures figures(const std::vector<double> &scores, const std::vector<float> &labels);

    QString text() const;
};

} // namespace wk
