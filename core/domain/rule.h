#pragma once

#include "severity.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace wk {

// A check that turns events or data into alerts, as the workspace defines it.
struct Rule
{
    enum class Kind { Burst, Freshness, Volume, Duplicates, Sequence, Sql };

    QString id;
    Kind kind = Kind::Burst;
    QString pipeline;
    Severity severity = Severity::High;
    QString source; // data source id (every kind but sql)

    // burst: threshold or more of these events per subject within the window
    QStringList events;
    int threshold = 5;
    qint64 windowSeconds = 432;
    QString users; // optional CSV (user_id, team_id, is_team_owner): report team owners only
    QString teams; // optional CSV (team_id, customer_id): rank by the customer's revenue

    // freshness: newest event older than warn_after / error_after
    std::optional<qint64> warnAfterSeconds;
    std::optional<qint64> errorAfterSeconds;

    // volume: events per period against the median of the previous baseline periods
    qint64 periodSeconds = 3600;
    int baselinePeriods = 24;
    double dropRatio = 0.5; // alert at or below this share of the baseline

    // sequence: the states an entity must pass through, in order
    QStringList steps;

    // sql: failing rows of a query (zero rows = pass), run every interval
    QString connection;
    QString query;
    qint64 intervalSeconds = 900;

    bool operator==(const Rule &) const = default;
};

QString ruleKindName(Rule::Kind kind);

// The titles of the alerts a rule raises, the same whether the console's engine or the
// warehouse evaluated it. A burst's title names the rule's bar, not the count: the count
// moves, the title stays.
QString burstTitle(const Rule &rule, const QString &subject, const QString &event);
QString volumeTitle(const Rule &rule, qint64 count, qint64 periodEndNs, double median);
QString duplicatesTitle(const Rule &rule, qint64 count);
std::optional<Rule::Kind> ruleKindFromName(const QString &name);

} // namespace wk
