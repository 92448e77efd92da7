#include "alertsummary.h"

namespace wk {

int AlertSummary::bySeverity(Severity s) const
{
    switch (s) {
    case Severity::Critical:
        return critical;
    case Severity::High:
        return high;
    case Severity::Medium:
        return medium;
    }
    return 0;
}

bool AlertSummary::isUnacknowledged(const Alert &a)
{
    return a.state == AlertState::Triggered;
}

bool AlertSummary::isOverdue(const Alert &a, TimestampNs now)
{
    if (!a.isOpen())
        return false;
    // The list's Ack by column reads the same way: a snooze does not answer the response clock.
    const bool ackLate = !a.acknowledgedAt && a.ackBy < now;
    return ackLate || a.resolveBy < now;
}

AlertSummary AlertSummary::of(const QList<Alert> &alerts, TimestampNs now)
{
    AlertSummary s;
    for (const Alert &a : alerts) {
        if (!a.isOpen())
            continue;
        switch (a.severity) {
        case Severity::Critical:
            ++s.critical;
            break;
        case Severity::High:
            ++s.high;
            break;
        case Severity::Medium:
            ++s.medium;
            break;
        }
        s.unacknowledged += isUnacknowledged(a) ? 1 : 0;
        s.overdue += isOverdue(a, now) ? 1 : 0;
    }
    return s;
}

} // namespace wk
