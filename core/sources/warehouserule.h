#pragma once

#include "domain/alertcondition.h"
#include "domain/timestamp.h"
#include "domain/workspace.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

#include <optional>

namespace wk {

// A burst, volume or duplicates rule on an sql source, evaluated where its events are: the
// rule is written as PostgreSQL (RuleSql) and the database does the counting, so the
// console receives findings, not events. A burst rule reads only the windows ending since
// the last evaluation, less the source's lookback for rows loaded late; volume and
// duplicates read their own spans (the baseline periods, twice the window).
//
// What it finds follows the live burst rule: an alert while a subject's window ending now
// holds the threshold, resolved when it no longer does, and a burst that began and ended
// between two evaluations raised and resolved at once, so that it is on record.
// Blocking, with the source's timeout on the connect and the statement: run it off the
// engine's thread.
class WarehouseRule
{
public:
    // What one evaluation leaves for the next. Stored with the alerts it raised, so that
    // a restart or a takeover reads on from the same watermark and reports no burst twice.
    struct State
    {
        std::optional<TimestampNs> watermark; // the instant of the last evaluation
        QSet<QString> active;                 // dedup keys holding after it
        // Burst: by dedup key, the end of the last window at or over the threshold that was
        // reported; a finding whose last such window ends no later was reported before.
        QHash<QString, TimestampNs> reported;

        QByteArray toJson() const;
        // Nothing for text that is not a state this class wrote.
        static std::optional<State> fromJson(const QByteArray &json);
        bool operator==(const State &) const = default;
    };

    struct Result
    {
        QList<AlertCondition> fire;
        QStringList clear; // dedup keys
        State state;       // the state to carry on with; the old one when error is set
        QString error;
        TimestampNs since = 0; // the first window end read (a burst rule)
        qint64 rows = 0;       // rows the query returned
        qint64 elapsedMs = 0;
    };

    // The rule evaluated at `at`. password: from the keychain, or empty.
    static Result evaluate(const Workspace &workspace, const Rule &rule, const QString &password,
                           const State &state, TimestampNs at);

    // The first window end an evaluation at `at` reads: the watermark less the lookback, or
    // the lookback before `at` on a first evaluation (a new console does not page for last
    // year's bursts).
    static TimestampNs sinceFor(const DataSource &source, const State &state, TimestampNs at);

    // The query behind evaluate(), for `watchkeeper sql` and the tests. Nothing, with the
    // reason in *error, for a rule that does not run in the warehouse.
    static std::optional<QString> query(const Workspace &workspace, const Rule &rule,
                                        const State &state, TimestampNs at, QString *error);

    // One row of a burst rule's findings, as the query returns it.
    struct BurstRow
    {
        QString subject;
        QString event;
        QString team;
        QString customer;
        int peak = 0;    // over the windows ending since the last evaluation
        int current = 0; // in the window ending at the evaluation
        TimestampNs lastOver = 0;
    };
    // What a burst rule's rows mean against the last state: the work of evaluate() once the
    // database answered, apart so that it can be tested on its own.
    static Result settleBurst(const Workspace &workspace, const Rule &rule,
                              const QList<BurstRow> &rows, const State &state, TimestampNs since,
                              TimestampNs at);
};

} // namespace wk
