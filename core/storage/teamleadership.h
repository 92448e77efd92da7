#pragma once

#include "domain/timestamp.h"

#include <QElapsedTimer>
#include <QObject>
#include <QString>

#include <optional>

class QTimer;

namespace wk {

class Database;

// Team mode: which of the consoles sharing a PostgreSQL store leads. The leader holds a
// session-level advisory lock; the others follow. Every console looks at the team once a
// second and soon after another one stores something (lookAtTeam); a follower watches the
// leader's heartbeat and ends the session of a leader silent too long, whose lock goes
// with it.
class TeamLeadership : public QObject
{
    Q_OBJECT

public:
    // A leader shares its status every second. Silent for this long, followers say so; for
    // the longer time, one of them ends its session (a frozen process holds its lock forever).
    static constexpr qint64 silentWarnMs = 3000;
    static constexpr qint64 silentTakeoverMs = 8000;
    // The advisory lock whose holder leads (the migrations use another).
    static constexpr qint64 leaderLock = 7263512;

    explicit TeamLeadership(Database &db, QObject *parent = nullptr);

    // This console as the team and pg_stat_activity name it: its host and pid.
    static QString consoleName();

    // Names this console's session, listens for the team's notifications and starts the
    // looks at the team. The session's state goes with a lost connection: see reconnect().
    void join();
    // Stops the looks; a leader gives the lead up at once instead of when its connection
    // closes.
    void leave(bool leading);
    bool tryToLead();

    enum class Connection { Alive, Reconnected, Lost };
    // After a server restart or a dropped network, opens the connection again and joins
    // again; the lock, if this console held it, is gone then. Lost with *error set when
    // the server cannot be reached.
    Connection reconnect(QString *error);

    // A follower's look at the leader's heartbeat. Returns how long it has not changed, in
    // milliseconds; past silentTakeoverMs it ends the leader's session, with *error set
    // when it cannot.
    qint64 watchLeader(QString *error);
    // A new leader gets the full grace.
    void forgetLeader() { m_beatAge.invalidate(); }

signals:
    void lookAtTeam();

private:
    void lookSoon();

    Database &m_db;
    QTimer *m_looks = nullptr;
    QTimer *m_wake = nullptr; // coalesces notifications
    QMetaObject::Connection m_notifications;
    // The leader's heartbeat as last seen, and how long ago it last changed.
    std::optional<TimestampNs> m_beat;
    QElapsedTimer m_beatAge;
};

} // namespace wk
