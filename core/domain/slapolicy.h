#pragma once

#include "severity.h"

#include <QList>
#include <QString>

#include <optional>

namespace wk {

// A promised delivery, e.g. "latest statuses" by the end of the week.
struct DeliveryDeadline
{
    enum class Due { EndOfDay, EndOfWeek, EndOfMonth };
    QString what;
    Due due = Due::EndOfDay;

    bool operator==(const DeliveryDeadline &) const = default;
};

QString dueName(DeliveryDeadline::Due due);
std::optional<DeliveryDeadline::Due> dueFromName(const QString &name);

// How fast an alert of one severity must be acknowledged and resolved.
struct SeverityTarget
{
    Severity severity = Severity::Medium;
    qint64 responseSeconds = 0;
    qint64 resolutionSeconds = 0;

    bool operator==(const SeverityTarget &) const = default;
};

// What a pipeline promises its consumers.
struct SlaPolicy
{
    QString id;
    QString name;
    std::optional<qint64> freshnessMaxAgeSeconds;
    std::optional<double> availabilityPercent; // 99.5 means at most 7.2 min down a day
    QList<DeliveryDeadline> deliveries;
    QList<SeverityTarget> targets; // one per severity, in severity order
    QString escalation = {};       // escalation policy id for its pipelines; may be empty

    std::optional<SeverityTarget> target(Severity s) const;
    // The downtime allowed per day by the availability target, in seconds.
    std::optional<double> dailyDowntimeBudgetSeconds() const;

    bool operator==(const SlaPolicy &) const = default;
};

} // namespace wk
