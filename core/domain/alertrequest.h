#pragma once

#include "timestamp.h"

#include <QString>

#include <optional>

namespace wk {

// A person's action on an alert, asked of the leading console by one that follows it in
// team mode. The leader applies it as if it had been asked directly, stores the result,
// and answers with the outcome: "done", or "failed" with the reason.
struct AlertRequest
{
    QString id; // unique across consoles
    qint64 alertId = 0;
    QString action; // acknowledge, resolve, snooze, wontfix, escalate, mark
    QString actor;
    std::optional<TimestampNs> until; // snooze only
    QString detail;                   // mark: the outcome marked, as stored
    TimestampNs requestedAt = 0;
    QString console; // who asked, so that it alone hears the outcome
    QString outcome; // empty while pending
    QString error;
};

} // namespace wk
