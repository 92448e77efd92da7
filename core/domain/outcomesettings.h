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

    bool operator==(const OutcomeSettings &) const = default;
};

} // namespace wk
