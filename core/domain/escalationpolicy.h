#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace wk {

// One step of an escalation policy: whom to page, and how long after the alert was raised.
struct EscalationStep
{
    enum class Target { Primary, Secondary, People, Team };

    Target target = Target::Primary;
    QStringList people; // Target::People
    QString team;       // Target::Team
    qint64 afterSeconds = 0;
    // Instead of a duration: a share of the SLA response time of the alert's severity
    // (0.5: half of the 30 minutes a critical alert has to be acknowledged).
    std::optional<double> afterShare;
    // Only within the rotation's working hours (Mon-Fri 09:00-18:00 when it names none);
    // a step due outside them waits for the next start.
    bool workingHoursOnly = false;

    bool operator==(const EscalationStep &) const = default;
};

// Who is paged, in what order, until someone acknowledges. Acknowledging stops the chain;
// resolving cancels what is pending. repeat runs the chain again that many times.
struct EscalationPolicy
{
    QString id;
    QString name;
    QList<EscalationStep> steps;
    int repeat = 0;

    bool operator==(const EscalationPolicy &) const = default;
};

} // namespace wk
