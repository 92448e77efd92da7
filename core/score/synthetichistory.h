#pragma once

#include "domain/alert.h"
#include "domain/workspace.h"

#include <QList>

namespace wk {

// A realistic past for the actionable score's tests and benchmarks: alerts over the
// workspace's pipelines, customers and people, each ended as a team would have ended it.
// With a signal, what ends them follows the seed's own example: a burst of many session
// starts within minutes is real; lone "page not found" bursts, mostly from the same few
// users, resolve themselves; stale data on a critical pipeline needs a fix more often than
// on a medium one. Without one, every alert is actionable with the same chance, whatever
// it looks like. The same seed gives the same alerts.
class SyntheticHistory
{
public:
    struct Options
    {
        int alerts = 10000;
        int days = 90;
        quint64 seed = 1;
        bool signal = true;
        TimestampNs end = 1767225600LL * nanosPerSecond; // 2026-01-01
    };
    static QList<Alert> generate(const Workspace &workspace, const Options &options);
};

} // namespace wk
