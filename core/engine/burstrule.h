#pragma once

#include "domain/timestamp.h"

#include <QString>
#include <QStringList>

namespace wk {

// The SLA burst rule of DESIGN.md: N or more SLA events for one user within a closed
// window of W. The defaults are the reference case.
struct BurstParameters
{
    QStringList slaEvents = {QStringLiteral("time out"), QStringLiteral("page not found")};
    int threshold = 5;
    qint64 windowNs = 432 * nanosPerSecond; // 7.2 minutes

    bool operator==(const BurstParameters &) const = default;
};

// One reported (user, event name): the output row of the rule.
struct BurstRow
{
    QString userId;
    QString teamId;
    QString eventName;
    int eventCount = 0;

    bool operator==(const BurstRow &) const = default;
};

} // namespace wk
