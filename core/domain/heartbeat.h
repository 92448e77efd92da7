#pragma once

#include "severity.h"

#include <QString>
#include <QtGlobal>

namespace wk {

// A job that promises to check in (POST /heartbeat/<id> on the receiver) at least once per
// interval. Silence past the interval and the grace raises an alert on its pipeline; the
// next check-in resolves it.
struct Heartbeat
{
    QString id;
    QString pipeline;
    qint64 intervalSeconds = 0;
    qint64 graceSeconds = 0;
    Severity severity = Severity::High;

    qint64 allowedSilenceSeconds() const { return intervalSeconds + graceSeconds; }
    bool operator==(const Heartbeat &) const = default;
};

} // namespace wk
