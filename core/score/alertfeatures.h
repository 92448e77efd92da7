#pragma once

#include "domain/alert.h"
#include "domain/workspace.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <limits>
#include <vector>

namespace wk {

// What the actionable score looks at, one row of numbers per alert: what raised it (rule,
// kind, pipeline and how critical, severity), who it hits (plan, revenue), how big it was
// (count when raised and at its peak), when (hour of the week in the assignee's zone), how
// the same rule and subject fared lately (fired in 7 and 30 days, and the share of those
// that were false alarms), whether a pipeline upstream was already alerting, what the events
// were called, and how long since the warehouse last changed (a dbt run, a deploy).
//
// Rows are built in the order alerts rose, from what was known when each rose: an earlier
// alert counts in the history only once it had ended, so training on the past never peeks
// at the outcome it is asked to predict. Text values (rule, pipeline, plan) are numbered in
// a vocabulary kept with the model; one the model has not seen is missing, not a guess.
class AlertFeatures
{
public:
    enum Column {
        Rule,
        RuleKind,
        Pipeline,
        Criticality,
        Severity_,
        Plan,
        Revenue,
        CountWhenRaised,
        PeakCount,
        HourOfWeek,
        SubjectFired7d,
        SubjectFired30d,
        SubjectFalseShare30d,
        RuleFired7d,
        RuleFired30d,
        RuleFalseShare30d,
        UpstreamOpen,
        EventName,   // what the events were ("page not found"), or the external alert's title
        SinceChange, // hours since the last dbt run or deploy a source saw
        ColumnCount
    };
    // Whether XGBoost treats the column as categories rather than an order.
    static bool isCategorical(int column);
    static QString columnName(int column);

    // The vocabulary of text values, per categorical column; grown while training, fixed
    // when scoring.
    struct Vocabulary
    {
        QHash<QString, int> rule, kind, pipeline, plan, event;
        QStringList toList() const; // stored with the model: "rule\tid" lines
        static Vocabulary fromList(const QStringList &lines);
        bool operator==(const Vocabulary &) const = default;
    };

    // changes: when sources saw dbt runs and deploys, sorted; the time since the last one
    // before an alert is one of its features (missing when none is known).
    AlertFeatures(const Workspace &workspace, Vocabulary vocabulary, bool growVocabulary,
                  std::vector<TimestampNs> changes = {});

    // Rows for the alerts, in the order given; `history` is every alert that may count as
    // earlier (the alerts themselves usually), in any order.
    std::vector<float> rows(const QList<Alert> &alerts, const QList<Alert> &history);

    // What the alerts before one say about it, at the instant it rose (t): raised in
    // [t - 7d, t) and [t - 30d, t) by the same rule and subject and by the same rule; of
    // those that ended in [t - 30d, t) with a known outcome, the share of false alarms
    // (missing when none); and whether an upstream pipeline had an alert open at t.
    struct Recent
    {
        int subject7d = 0, subject30d = 0, rule7d = 0, rule30d = 0;
        float subjectFalseShare = std::numeric_limits<float>::quiet_NaN();
        float ruleFalseShare = std::numeric_limits<float>::quiet_NaN();
        bool upstreamOpen = false;
    };
    static constexpr qint64 dayNs = 86400 * nanosPerSecond;
    // The figures of Recent but upstreamOpen, from the alerts of the same rule and subject
    // and of the same rule, kept in any form that counts raisedIn(from, to) and gives the
    // falseShare(from, to) of those that ended in [from, to): rows() keeps sorted tracks
    // of a whole history, RaiseScorer the alerts of the last 30 days as they change.
    template <typename Alerts>
    static Recent recentAt(const Alerts &subject, const Alerts &rule, TimestampNs t)
    {
        Recent r;
        r.subject7d = subject.raisedIn(t - 7 * dayNs, t);
        r.subject30d = subject.raisedIn(t - 30 * dayNs, t);
        r.subjectFalseShare = subject.falseShare(t - 30 * dayNs, t);
        r.rule7d = rule.raisedIn(t - 7 * dayNs, t);
        r.rule30d = rule.raisedIn(t - 30 * dayNs, t);
        r.ruleFalseShare = rule.falseShare(t - 30 * dayNs, t);
        return r;
    }
    // One alert's row, from its own fields and what came before it.
    void appendRow(std::vector<float> &out, const Alert &alert, const Recent &recent);

    // How an alert counts in the history of later ones: when it stopped asking for
    // attention (the largest instant while it is open), and whether its outcome is known
    // and a false alarm.
    struct Ending
    {
        TimestampNs at = 0;
        bool known = false;
        bool falseAlarm = false;
        bool open() const { return at == std::numeric_limits<TimestampNs>::max(); }
    };
    static Ending endingOf(const Alert &alert, const Workspace &workspace);
    // The key of an alert's rule and subject, as the history groups them.
    static QString subjectKey(const Alert &alert)
    {
        return alert.ruleId + QLatin1Char('\x1f') + alert.subject;
    }
    const Vocabulary &vocabulary() const { return m_vocabulary; }

    // The count when the alert rose and the largest it reached, from its timeline.
    static std::pair<int, int> counts(const Alert &alert);
    // Hour of the week (0 = Monday 00:00) at an instant in a person's zone (UTC unknown).
    static int hourOfWeek(TimestampNs at, const QString &timeZone);
    // The name of what happened: a burst's event, an external alert's title; empty if none.
    static QString eventName(const Alert &alert);

private:
    float category(QHash<QString, int> &vocabulary, const QString &value);

    const Workspace &m_workspace;
    QHash<QString, QString> m_zoneOf; // person → time zone
    Vocabulary m_vocabulary;
    bool m_grow;
    std::vector<TimestampNs> m_changes;
};

} // namespace wk
