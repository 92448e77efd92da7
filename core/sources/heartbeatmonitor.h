#pragma once

#include "domain/heartbeat.h"
#include "domain/sourcehealth.h"
#include "domain/timestamp.h"
#include "externalevent.h"

#include <QHash>
#include <QList>
#include <QString>

#include <optional>

namespace wk {

// Watches the workspace's heartbeats: remembers each one's last check-in and turns a
// silence past its interval and grace into an alert (an external event of origin
// "heartbeat", keyed by the heartbeat's id), and the next check-in into that alert's
// resolve. Times come from the caller, so it runs on any clock.
class HeartbeatMonitor
{
public:
    enum class State {
        Waiting, // never seen, and one interval has not passed since watching began
        Ok,
        Late,   // past its interval, within its grace
        Missing // past interval and grace: its alert is open
    };

    HeartbeatMonitor(const QList<Heartbeat> &heartbeats, TimestampNs watchingSince);

    bool knows(const QString &id) const { return m_index.contains(id); }
    // What an earlier leader saw: the last check-in, and whether its alert is still open.
    void carryOver(const QString &id, TimestampNs lastCheckIn, bool alertOpen);

    // A check-in at `at`; the resolve of its alert when one is open.
    std::optional<ExternalEvent> checkIn(const QString &id, TimestampNs at, const QString &message);
    // The alerts of heartbeats that fell silent since the last call.
    QList<ExternalEvent> evaluate(TimestampNs now);

    State state(const QString &id, TimestampNs now) const;
    // When the heartbeat stops being on time unless it checks in first.
    TimestampNs dueBy(const QString &id) const;
    // How the Sources pane shows it.
    SourceHealth health(const QString &id, TimestampNs now) const;
    QList<Heartbeat> heartbeats() const;

    static QString stateName(State s);

private:
    struct Watch
    {
        Heartbeat heartbeat;
        TimestampNs lastCheckIn = 0; // 0: never since watching began
        QString lastMessage;
        qint64 checkIns = 0;
        bool alerting = false;
    };
    // Silence is counted from the last check-in, or from when watching began.
    TimestampNs silentSince(const Watch &w) const;
    ExternalEvent missing(const Watch &w, TimestampNs now) const;

    QList<Watch> m_watches;
    QHash<QString, qsizetype> m_index;
    TimestampNs m_since;
};

} // namespace wk
