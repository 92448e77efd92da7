#include "demofeed.h"

#include "domain/clock.h"

#include <QTimer>

namespace wk {

DemoFeed::DemoFeed(const Clock &clock, int users, QObject *parent)
    : QObject(parent), m_clock(clock), m_users(std::max(8, users)), m_timer(new QTimer(this)),
      m_rng(11)
{
    connect(m_timer, &QTimer::timeout, this, &DemoFeed::step);
}

void DemoFeed::start(int intervalMs)
{
    m_timer->start(intervalMs);
}

void DemoFeed::stop()
{
    m_timer->stop();
}

void DemoFeed::step()
{
    const TimestampNs now = m_clock.now();
    QList<Event> batch;
    auto add = [&](const QString &user, const QString &name, qint64 offsetMs) {
        batch.append({QStringLiteral("app-errors"), now - offsetMs * 1'000'000, user, name,
                      QStringLiteral("demo-%1").arg(++m_serial)});
    };
    static const char *const ordinary[] = {"page view", "login", "search", "checkout", "export"};
    const int trickle = 5 + static_cast<int>(m_rng() % 10);
    for (int i = 0; i < trickle; ++i) {
        const QString user = QStringLiteral("u%1").arg(m_rng() % static_cast<quint64>(m_users));
        const bool error = m_rng() % 20 == 0;
        add(user, error ? QStringLiteral("time out") : QLatin1String(ordinary[m_rng() % 5]),
            static_cast<qint64>(m_rng() % 1000));
    }
    if (--m_stepsToNextBurst <= 0) {
        // Owners are every eighth user in the demo's users.csv.
        Burst b;
        b.user = QStringLiteral("u%1").arg((m_rng() % static_cast<quint64>(m_users / 8)) * 8);
        b.name = m_rng() % 2 ? QStringLiteral("time out") : QStringLiteral("page not found");
        b.left =
            m_rng() % 3 ? 5 + static_cast<int>(m_rng() % 4) : 150 + static_cast<int>(m_rng() % 100);
        m_bursts.append(b);
        m_stepsToNextBurst = 20 + static_cast<int>(m_rng() % 40);
    }
    for (Burst &b : m_bursts) {
        add(b.user, b.name, 0);
        --b.left;
    }
    m_bursts.removeIf([](const Burst &b) { return b.left <= 0; });
    // Now and then a delivery is repeated, as at-least-once queues do.
    if (m_rng() % 15 == 0 && !batch.isEmpty())
        batch.append(batch.first());
    emit events(batch);
}

} // namespace wk
