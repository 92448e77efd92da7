#include "syntheticevents.h"

#include <QDir>
#include <QFile>

#include <cstdio>
#include <random>

namespace wk {

namespace {

class Output
{
public:
    bool open(const QString &path, QString *error)
    {
        m_file = std::fopen(QFile::encodeName(path).constData(), "wb");
        if (!m_file && error)
            *error = QStringLiteral("%1: cannot write").arg(path);
        if (m_file)
            std::setvbuf(m_file, nullptr, _IOFBF, 1 << 20);
        return m_file != nullptr;
    }
    ~Output()
    {
        if (m_file)
            std::fclose(m_file);
    }
    void write(const std::string &s) { std::fwrite(s.data(), 1, s.size(), m_file); }
    bool close()
    {
        const bool ok = std::fclose(m_file) == 0;
        m_file = nullptr;
        return ok;
    }

private:
    std::FILE *m_file = nullptr;
};

} // namespace

bool SyntheticEvents::write(const Options &o, const QString &dir, QString *error)
{
    QDir().mkpath(dir);
    std::mt19937_64 rng(o.seed);
    const int teams = std::max(1, o.users / 8);
    const int customers = o.customers.isEmpty()
                              ? std::max(1, teams - teams / 10) // some teams have none
                              : static_cast<int>(o.customers.size());
    auto customerId = [&](int c) {
        return o.customers.isEmpty() ? "c" + std::to_string(c)
                                     : o.customers.at(c).first.toStdString();
    };

    Output out;
    if (!out.open(dir + QStringLiteral("/customers.csv"), error))
        return false;
    out.write("customer_id,plan,revenue\n");
    for (int c = 0; c < customers; ++c) {
        if (!o.customers.isEmpty()) {
            out.write(customerId(c) + ",given," +
                      QString::number(o.customers.at(c).second).toStdString() + "\n");
            continue;
        }
        // Mostly free, some medium, a few enterprise: the plans of DESIGN.md.
        const unsigned roll = rng() % 100;
        const char *plan = roll < 60 ? "free" : roll < 90 ? "medium" : "enterprise";
        const char *revenue = roll < 60 ? "0" : roll < 90 ? "50" : "500";
        out.write(customerId(c) + "," + plan + "," + revenue + "\n");
    }
    if (!out.close())
        return false;

    if (!out.open(dir + QStringLiteral("/teams.csv"), error))
        return false;
    out.write("team_id,customer_id\n");
    for (int t = 0; t < teams; ++t)
        out.write("t" + std::to_string(t) + "," +
                  (o.customers.isEmpty() ? (t < customers ? customerId(t) : "")
                                         : customerId(t % customers)) +
                  "\n");
    if (!out.close())
        return false;

    if (!out.open(dir + QStringLiteral("/users.csv"), error))
        return false;
    out.write("user_id,team_id,is_team_owner\n");
    for (int u = 0; u < o.users; ++u) {
        // The first user of each team owns it; a few more are co-owners.
        const bool owner = u % 8 == 0 || rng() % 20 == 0;
        out.write("u" + std::to_string(u) + ",t" + std::to_string((u / 8) % teams) + "," +
                  (owner ? "1" : "0") + "\n");
    }
    if (!out.close())
        return false;

    if (!out.open(dir + QStringLiteral("/events.csv"), error))
        return false;
    out.write("event_timestamp,user_id,event_name,page\n");
    static const char *const ordinary[] = {"page view", "login", "checkout", "search", "export"};
    static const char *const sla[] = {"time out", "page not found"};
    static const char *const pages[] = {"/", "/reports", "/billing", "/settings", "/search"};
    const TimestampNs span = static_cast<TimestampNs>(o.days) * 86400 * nanosPerSecond;
    qint64 written = 0;
    while (written < o.events) {
        const int user = static_cast<int>(rng() % static_cast<unsigned>(o.users));
        const TimestampNs t =
            o.start +
            static_cast<TimestampNs>(rng() % static_cast<quint64>(span / 1'000'000)) * 1'000'000;
        // One event in fifty starts a cluster of user-facing errors within a few minutes,
        // which is what the burst rule is there to catch.
        const bool cluster = rng() % 50 == 0;
        const int count = cluster ? 2 + static_cast<int>(rng() % 8) : 1;
        for (int k = 0; k < count && written < o.events; ++k, ++written) {
            const TimestampNs at =
                t + (cluster ? static_cast<TimestampNs>(rng() % 400'000) * 1'000'000 : 0);
            const char *name = cluster || rng() % 10 == 0 ? sla[rng() % 2] : ordinary[rng() % 5];
            out.write(formatTimestamp(at) + ",u" + std::to_string(user) + "," + name + "," +
                      pages[rng() % 5] + "\n");
        }
    }
    if (!out.close()) {
        if (error)
            *error = QStringLiteral("%1/events.csv: write failed").arg(dir);
        return false;
    }
    return true;
}

bool SyntheticEvents::writeOnce(const Options &o, const QString &dir, bool *written, QString *error)
{
    const QString stamp = QStringLiteral("%1 %2 %3 %4 %5")
                              .arg(o.events)
                              .arg(o.users)
                              .arg(o.days)
                              .arg(o.seed)
                              .arg(o.start);
    QFile stampFile(dir + QStringLiteral("/parameters"));
    *written = false;
    if (o.customers.isEmpty() && stampFile.open(QIODevice::ReadOnly) &&
        QString::fromUtf8(stampFile.readAll()) == stamp)
        return true;
    stampFile.close();
    if (!write(o, dir, error))
        return false;
    *written = true;
    if (stampFile.open(QIODevice::WriteOnly))
        stampFile.write(stamp.toUtf8());
    return true;
}

} // namespace wk
