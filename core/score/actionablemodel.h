#pragma once

#include "alertfeatures.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <memory>
#include <optional>

namespace wk {

// The chance that a new alert is actionable, learned from how the team's ended alerts
// turned out (gradient-boosted trees, XGBoost). Actionable outcomes are the positives;
// noise, won't fix and resolved by itself the negatives; alerts with no known outcome are
// left out. With too little history, or only one kind of outcome, there is no model and
// the reason says why: never a made-up score.
class ActionableModel
{
public:
    struct Settings
    {
        int rounds = 150;
        int maxDepth = 5;
        double learningRate = 0.1;
        int threads = 2;
        int minHistory = 200; // ended alerts with a known outcome
        int minEachKind = 20; // of actionable ones, and of false alarms
    };

    // The features and labels of the alerts whose outcome is known, in the order they rose.
    struct TrainingSet
    {
        std::vector<float> rows; // AlertFeatures::ColumnCount per alert
        std::vector<float> labels;
        QList<qint64> ids;
        QList<TimestampNs> raisedAt;
        AlertFeatures::Vocabulary vocabulary;
        int actionable = 0;
        int falseAlarms = 0;
        qsizetype size() const { return qsizetype(labels.size()); }
    };
    // changes: when sources saw dbt runs and deploys (see AlertFeatures).
    static TrainingSet trainingSet(const Workspace &workspace, const QList<Alert> &history,
                                   const std::vector<TimestampNs> &changes = {});

    static std::optional<ActionableModel> train(const TrainingSet &set, const Settings &settings,
                                                QString *whyNot);
    // Trains on the rows of the set whose index is in [from, to).
    static std::optional<ActionableModel> train(const TrainingSet &set, qsizetype from,
                                                qsizetype to, const Settings &settings,
                                                QString *whyNot);

    // Scores 0–100 for rows built with this model's vocabulary.
    std::vector<double> score(const std::vector<float> &rows) const;
    // The alerts' scores, their features built from the history.
    std::vector<double> score(const Workspace &workspace, const QList<Alert> &alerts,
                              const QList<Alert> &history,
                              const std::vector<TimestampNs> &changes = {}) const;

    // Each row's per-column contributions to the log-odds, then the bias: ColumnCount + 1
    // numbers per row.
    std::vector<float> contributions(const std::vector<float> &rows) const;
    // A feature's value for an alert, as a person would say it.
    static QString words(const Workspace &workspace, const Alert &alert, int column, float value);

    // What pushed one alert's score most, in words, strongest first.
    struct Reason
    {
        int column = 0;
        double contribution = 0; // in log-odds; positive raises the score
        QString words;
    };
    QList<Reason> explain(const Workspace &workspace, const Alert &alert,
                          const QList<Alert> &history, int count = 3,
                          const std::vector<TimestampNs> &changes = {}) const;

    const AlertFeatures::Vocabulary &vocabulary() const { return m_vocabulary; }
    int trainedOn() const { return m_trainedOn; }

    // The trees and the vocabulary, for the store.
    QByteArray save() const;
    static std::optional<ActionableModel> load(const QByteArray &bytes, QString *error);

private:
    std::shared_ptr<void> m_booster;
    AlertFeatures::Vocabulary m_vocabulary;
    int m_trainedOn = 0;
};

} // namespace wk
