#pragma once

#include "domain/channelhealth.h"
#include "domain/dbtnode.h"
#include "domain/sourcehealth.h"
#include "domain/timestamp.h"

#include <QHash>
#include <QList>
#include <QMetaType>
#include <QString>

namespace wk {

// What the status bar says about the engine.
struct EngineStatus
{
    bool running = false;
    TimestampNs lastEvaluation = 0;
    qint64 eventsTotal = 0;
    double eventsPerSecond = 0; // over the last few seconds
    int openAlerts = 0;
    QString error; // the last storage or rule problem, empty when all is well
    QHash<QString, TimestampNs> newestBySource; // the newest event time seen per source
    QList<SourceHealth> sources;                // the live sources the console reads
    QHash<QString, dbt::Node> dbtModels;        // by pipeline id: what dbt's manifest says
    // Every contact method, by what its pages of the last day became. Read from the store,
    // so a follower's is the team's.
    QList<ChannelHealth> channels;
    // Team mode: this console follows the one that leads (it evaluates and reads the
    // sources); leader names that console. Sources, freshness and dbt above are the leader's.
    bool following = false;
    QString leader;
    // A follower's view of the leader: how long its status has not changed (0 while it
    // beats), and how many of this console's actions it has not answered yet.
    qint64 leaderSilentMs = 0;
    int pendingRequests = 0;
};

} // namespace wk

Q_DECLARE_METATYPE(wk::EngineStatus)
