#include "teamleadership.h"

#include "alertstore.h"
#include "database.h"
#include "teamstatusstore.h"

#include <QCoreApplication>
#include <QSqlDriver>
#include <QSqlQuery>
#include <QSysInfo>
#include <QTimer>

namespace wk {

namespace {
// How often consoles look at the store when no notification woke them.
constexpr int lookIntervalMs = 1000;
// How long a notified console waits for more notifications before it reads the store: a
// busy leader stores every 100 ms, and one look serves a burst.
constexpr int wakeMs = 20;
} // namespace

TeamLeadership::TeamLeadership(Database &db, QObject *parent) : QObject(parent), m_db(db)
{
    m_looks = new QTimer(this);
    m_looks->setInterval(lookIntervalMs);
    connect(m_looks, &QTimer::timeout, this, &TeamLeadership::lookAtTeam);
    m_wake = new QTimer(this);
    m_wake->setSingleShot(true);
    m_wake->setInterval(wakeMs);
    connect(m_wake, &QTimer::timeout, this, &TeamLeadership::lookAtTeam);
}

QString TeamLeadership::consoleName()
{
    // The pid tells two consoles on one machine apart, here and in pg_stat_activity.
    return QStringLiteral("watchkeeper on %1 (pid %2)")
        .arg(QSysInfo::machineHostName())
        .arg(QCoreApplication::applicationPid());
}

void TeamLeadership::join()
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT set_config('application_name', ?, false)"));
    q.addBindValue(consoleName());
    q.exec();
    QSqlDriver *driver = m_db.connection().driver();
    const QString channel = QLatin1String(AlertStore::notifyChannel);
    if (driver->subscribedToNotifications().contains(channel))
        driver->unsubscribeFromNotification(channel);
    disconnect(m_notifications);
    if (driver->subscribeToNotification(channel)) {
        m_notifications = connect(
            driver, &QSqlDriver::notification, this,
            [this](const QString &, QSqlDriver::NotificationSource source, const QVariant &) {
                if (source == QSqlDriver::OtherSource)
                    lookSoon();
            });
    }
    m_looks->start();
}

void TeamLeadership::leave(bool leading)
{
    m_looks->stop();
    m_wake->stop();
    if (leading) {
        QSqlQuery q(m_db.connection());
        q.exec(QStringLiteral("SELECT pg_advisory_unlock(%1)").arg(leaderLock));
    }
}

bool TeamLeadership::tryToLead()
{
    QSqlQuery q(m_db.connection());
    return q.exec(QStringLiteral("SELECT pg_try_advisory_lock(%1)").arg(leaderLock)) && q.next() &&
           q.value(0).toBool();
}

TeamLeadership::Connection TeamLeadership::reconnect(QString *error)
{
    if (m_db.isAlive())
        return Connection::Alive;
    if (!m_db.reconnect(error))
        return Connection::Lost;
    join();
    return Connection::Reconnected;
}

qint64 TeamLeadership::watchLeader(QString *error)
{
    TeamStatusStore team(m_db);
    const std::optional<TimestampNs> beat = team.heartbeat();
    if (beat != m_beat || !m_beatAge.isValid()) {
        m_beat = beat;
        m_beatAge.start();
    }
    const qint64 silent = m_beatAge.elapsed();
    if (silent < silentTakeoverMs)
        return silent;
    // Its lock goes with its session; the next look (tryToLead) takes it. The old leader,
    // if it wakes, finds its session gone and steps down before it writes anything.
    QString failure;
    if (!team.endLeaderSession(leaderLock, &failure) && error)
        *error = failure;
    m_beatAge.start();
    lookSoon();
    return silent;
}

void TeamLeadership::lookSoon()
{
    if (!m_wake->isActive())
        m_wake->start();
}

} // namespace wk
