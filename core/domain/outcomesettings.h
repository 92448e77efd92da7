#pragma once

#include <QtGlobal>

namespace wk {

// How alerts' outcomes are judged (the workspace's outcomes: section).
struct OutcomeSettings
{
    // An alert that cleared within this long of being raised, with nobody acknowledging it,
    // resolved itself; one that lasted longer and cleared unanswered has no outcome until a
    // person marks one.
    qint64 resolvedByItselfWithinSeconds = 3600;
    // How long the events of sources that cannot be read again (SQL probes, the HTTP
    // receiver) are archived for backtests; 0: not at all.
    qint64 keepEventsSeconds = 90 * 86400;

    bool operator==(const OutcomeSettings &) const = default;
};

} // namespace wk
