#pragma once

#include "domain/event.h"

#include <QList>
#include <QObject>

#include <random>

class QTimer;

namespace wk {

class Clock;

// The demo's live event feed: a steady trickle of application events for the demo's
// users, and every so often a burst of user-facing errors for one team owner, so that
// alerts rise, grow, escalate and resolve while you watch.
class DemoFeed : public QObject
{
    Q_OBJECT
public:
    // users: how many users the demo's users.csv has (u0 .. u{users-1}; every eighth owns a team).
    DemoFeed(const Clock &clock, int users, QObject *parent = nullptr);

    void start(int intervalMs = 1000);
    void stop();
    // One step of the feed at the clock's time; also what the timer runs.
    void step();

signals:
    void events(const QList<wk::Event> &events);

private:
    const Clock &m_clock;
    int m_users;
    QTimer *m_timer;
    std::mt19937_64 m_rng;
    qint64 m_serial = 0;
    // Bursts in progress: a user, the error they keep hitting, and how many are still to come.
    // Most are short; some last long enough for the alert's ack deadline to pass.
    struct Burst
    {
        QString user;
        QString name;
        int left = 0;
    };
    QList<Burst> m_bursts;
    int m_stepsToNextBurst = 5;
};

} // namespace wk
