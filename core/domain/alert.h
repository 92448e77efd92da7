#pragma once

#include "alertoutcome.h"
#include "severity.h"
#include "timestamp.h"

#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>

namespace wk {

enum class AlertState { Triggered, Acknowledged, Snoozed, Resolved, WontFix };

QString alertStateName(AlertState s);
std::optional<AlertState> alertStateFromName(const QString &name);

// One line of an alert's history: who did what, when.
struct TimelineEntry
{
    TimestampNs at = 0;
    QString actor; // a person id, or "engine"
    QString action;
    QString detail;

    bool operator==(const TimelineEntry &) const = default;
};

// Something broken that a person must look at, with its SLA clocks.
struct Alert
{
    qint64 id = 0;
    QString dedupKey; // rule id + subject: one open alert per key
    QString ruleId;
    QString ruleKind; // burst, freshness, volume, duplicates, sequence, sql, external
    QString pipelineId;
    QString subject; // the user, table or entity the rule found broken
    QString title;
    QString evidence; // what the rule saw, for the details pane
    Severity severity = Severity::Medium;
    AlertState state = AlertState::Triggered;
    QString customerId;
    double revenue = 0; // monthly revenue of the affected customer
    int eventCount = 0;
    TimestampNs triggeredAt = 0;
    TimestampNs updatedAt = 0;
    TimestampNs ackBy = 0;
    TimestampNs resolveBy = 0;
    std::optional<TimestampNs> acknowledgedAt;
    std::optional<TimestampNs> resolvedAt;
    std::optional<TimestampNs> snoozedUntil;
    QString assignee; // person id
    bool escalated = false;
    bool conditionActive = true; // the rule still sees the problem
    QString silencedBy;          // silence id, when a silence matches
    QString inhibitedBy;         // why it is suppressed, e.g. an upstream failure
    AlertOutcome outcome;        // how it ended, when a person said so (outcomeOf for all)
    QList<TimelineEntry> timeline;

    bool isOpen() const
    {
        return state == AlertState::Triggered || state == AlertState::Acknowledged ||
               state == AlertState::Snoozed;
    }
    bool operator==(const Alert &) const = default;
};

// The actionable score (0-100) an alert had when it was raised, which the timeline keeps
// as an entry of this action: notification rules that use the score read it there, so a
// console that takes over pages by the same score. Nothing when it was raised unscored.
inline constexpr const char scoredAction[] = "scored";
std::optional<int> scoreWhenRaised(const Alert &alert);
QString scoredDetail(int score);

} // namespace wk

Q_DECLARE_METATYPE(wk::Alert)
