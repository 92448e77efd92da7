#pragma once

#include "domain/alert.h"
#include "domain/alertoutcome.h"
#include "domain/delivery.h"
#include "rulereplay.h"

#include <QList>
#include <QTimeZone>

#include <optional>

namespace wk {

struct RuleHistory;

// An alert that fires on one side of a backtest only, with what is on record of it.
struct BacktestAlert
{
    ReplayedAlert alert;
    // The stored alert it is (alerts that would no longer fire): its outcome and pages.
    std::optional<qint64> storedId;
    AlertOutcome outcome; // Unknown when not on record
    int pages = 0;
    int nightPages = 0;
    bool atNight = false; // raised between 22:00 and 07:00
};

struct BacktestResult
{
    QList<ReplayedAlert> before; // the rule as it is
    QList<ReplayedAlert> after;  // the rule as changed
    QList<BacktestAlert> gone;   // would no longer fire
    QList<BacktestAlert> added;  // would newly fire
    int kept = 0;                // fire either way
    // Of the alerts that would no longer fire, by what is on record.
    int goneNoise = 0;
    int goneActionable = 0;
    int goneByItself = 0;
    int goneWontFix = 0;
    int goneUnknown = 0;     // on record, no outcome yet
    int goneNotOnRecord = 0; // the store has no alert for it
    int pagesSaved = 0;
    int nightPagesSaved = 0;
    int nightAlertsSaved = 0;
    int nightAlertsAdded = 0;
    // Of the alerts that fire either way: how much later (positive) or earlier the changed
    // rule raises them, the median; nothing when none fire either way.
    std::optional<qint64> medianRaiseShiftNs;

    // "noise 3, resolved by itself 1, actionable 0, won't fix 0, no outcome yet 2, not on
    // record 1": the alerts that would no longer fire, by what is on record.
    QString goneBreakdown() const;
    // The median shift in words: "10s later", "unchanged", "no alert fires either way".
    QString raiseShiftText() const;
};

// What a change to a rule would have done: its source history replayed as the rule is and
// as it would be, both joined with the stored alerts of the rule (their outcomes, and the
// pages they caused).
class Backtest
{
public:
    Backtest(const Workspace &workspace, QString baseDir);

    struct Record
    {
        QList<Alert> alerts;               // the rule's stored alerts
        QList<Delivery> deliveries;        // pages planned for them
        QTimeZone zone = QTimeZone::utc(); // night for alerts, and for people with no zone
    };

    std::optional<BacktestResult> run(const Rule &before, const Rule &after,
                                      const RuleHistory &history, TimestampNs from,
                                      TimestampNs until, QList<Diagnostic> *errors) const;
    // The comparison alone, for a dialog that replays the rule as it is once and the changed
    // one at each edit.
    BacktestResult compare(QList<ReplayedAlert> before, QList<ReplayedAlert> after,
                           const Record &record) const;

    static bool atNight(TimestampNs t, const QTimeZone &zone);
    static qsizetype countAtNight(const QList<ReplayedAlert> &alerts, const QTimeZone &zone);

private:
    const Workspace &m_workspace;
    QString m_baseDir;
};

} // namespace wk
