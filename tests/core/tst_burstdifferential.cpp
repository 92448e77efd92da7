// The burst rule against SQLite running the equivalent window-function query on the same
// randomised data: times on a 36 s grid so that many events sit exactly on the 432 s
// window edge or share a timestamp, rows shuffled (late rows), four time notations,
// quoting and CRLF, ties in revenue, teams without customers, users who own nothing.

#include "engine/burstcheck.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <random>

using namespace wk;

namespace {

const qint64 T0ms = 1767225600000LL;

struct Event
{
    QString user;
    QString name;
    qint64 ms;
};

struct Data
{
    QList<Event> events;
    QList<std::tuple<QString, QString, bool>> users;
    QList<QPair<QString, QString>> teams;
    QList<QPair<QString, double>> customers;
};

// Half the users have integer ids, of different lengths and one negative, so that their
// order as numbers differs from their order as text; the others have text ids.
QString userId(int u)
{
    if (u % 2)
        return QStringLiteral("u%1").arg(u);
    return QString::number(u == 2 ? -12 : u * 37 + 5);
}

Data generate(quint32 seed)
{
    std::mt19937 rng(seed);
    Data d;
    const int userCount = 20 + rng() % 20;
    for (int u = 0; u < userCount; ++u)
        d.users.append({userId(u), QStringLiteral("t%1").arg(rng() % 10), rng() % 10 < 7});
    for (int t = 0; t < 8; ++t)
        d.teams.append({QStringLiteral("t%1").arg(t),
                        rng() % 5 == 0 ? QString() : QStringLiteral("c%1").arg(rng() % 6)});
    const double revenues[] = {0, 50, 50, 500, 120.5};
    for (int c = 0; c < 5; ++c)
        d.customers.append({QStringLiteral("c%1").arg(c), revenues[rng() % 5]});
    const char *names[] = {"time out", "page not found", "login"};
    const int eventCount = 500 + rng() % 2000;
    for (int i = 0; i < eventCount; ++i) {
        qint64 ms = T0ms + qint64(rng() % 100) * 36000;
        if (rng() % 5 == 0)
            ms += rng() % 2000; // off the grid by up to two seconds
        d.events.append({userId(static_cast<int>(rng() % (userCount + 5))),
                         QLatin1String(names[rng() % 3]), ms});
    }
    return d;
}

QByteArray timeText(qint64 ms, std::mt19937 &rng)
{
    const qint64 s = ms / 1000, frac = ms % 1000;
    const QDateTime utc = QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc());
    switch (rng() % 4) {
    case 0:
        return frac ? QByteArray::number(s) + '.' + QByteArray::number(frac).rightJustified(3, '0')
                    : QByteArray::number(s);
    case 1:
        return utc.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ")).toLatin1();
    case 2: // the same instant written in India's +05:30
        return utc.toOffsetFromUtc(19800)
                   .toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzz"))
                   .toLatin1() +
               "+05:30";
    default:
        return QByteArray::number(s) + '.' + QByteArray::number(frac).rightJustified(3, '0') +
               "000";
    }
}

BurstInputFiles writeFiles(const Data &d, const QTemporaryDir &dir, quint32 seed)
{
    std::mt19937 rng(seed * 7 + 1);
    const char *eol = rng() % 2 ? "\r\n" : "\n";
    auto put = [&](const char *name, const QByteArray &content) {
        QString path = dir.filePath(QLatin1String(name));
        QFile f(path);
        f.open(QIODevice::WriteOnly);
        f.write(content);
        return path;
    };
    QList<Event> shuffled = d.events;
    std::shuffle(shuffled.begin(), shuffled.end(), rng);
    QByteArray events = QByteArray("source,event_timestamp,event_name,user_id") + eol;
    for (const Event &e : shuffled) {
        const QByteArray name = rng() % 3 == 0 ? '"' + e.name.toLatin1() + '"' : e.name.toLatin1();
        events += "web," + timeText(e.ms, rng) + ',' + name + ',' + e.user.toLatin1() + eol;
    }
    QByteArray users = QByteArray("is_team_owner,user_id,team_id") + eol;
    for (const auto &[id, team, owner] : d.users)
        users += QByteArray(owner ? (rng() % 2 ? "1" : "true") : (rng() % 2 ? "0" : "false")) +
                 ',' + id.toLatin1() + ',' + team.toLatin1() + eol;
    QByteArray teams = QByteArray("team_id,customer_id") + eol;
    for (const auto &[id, customer] : d.teams)
        teams += id.toLatin1() + ',' + customer.toLatin1() + eol;
    QByteArray customers = QByteArray("customer_id,plan,revenue") + eol;
    for (const auto &[id, revenue] : d.customers)
        customers += id.toLatin1() + ",x," + QByteArray::number(revenue) + eol;
    return {put("events.csv", events), put("users.csv", users), put("teams.csv", teams),
            put("customers.csv", customers)};
}

const char *const rankedOutput = R"(
  , ranked AS (SELECT customer_id, RANK() OVER (ORDER BY revenue DESC) AS r FROM customers)
  SELECT p.user_id, u.team_id, p.event_name, p.event_count
  FROM peaks p
  JOIN users u ON u.user_id = p.user_id AND u.is_team_owner = 1
  LEFT JOIN teams t ON t.team_id = u.team_id
  LEFT JOIN ranked k ON k.customer_id = t.customer_id
  ORDER BY COALESCE(k.r, 9223372036854775807), p.event_count DESC, p.user_id, p.event_name)";

} // namespace

class tst_BurstDifferential : public QObject
{
    Q_OBJECT
private:
    QSqlDatabase m_db;

    void load(const Data &d)
    {
        QSqlQuery q(m_db);
        for (const char *sql :
             {"DROP TABLE IF EXISTS events", "DROP TABLE IF EXISTS users",
              "DROP TABLE IF EXISTS teams", "DROP TABLE IF EXISTS customers",
              // NUMERIC keeps integer ids as integers, as the seed's tables hold them.
              "CREATE TABLE events (user_id NUMERIC, event_name TEXT, ms INTEGER)",
              "CREATE TABLE users (user_id NUMERIC, team_id TEXT, is_team_owner INTEGER)",
              "CREATE TABLE teams (team_id TEXT, customer_id TEXT)",
              "CREATE TABLE customers (customer_id TEXT, revenue REAL)"})
            QVERIFY2(q.exec(QLatin1String(sql)), qPrintable(q.lastError().text()));
        m_db.transaction();
        q.prepare(QStringLiteral("INSERT INTO events VALUES (?, ?, ?)"));
        for (const Event &e : d.events) {
            q.addBindValue(e.user);
            q.addBindValue(e.name);
            q.addBindValue(e.ms);
            QVERIFY(q.exec());
        }
        q.prepare(QStringLiteral("INSERT INTO users VALUES (?, ?, ?)"));
        for (const auto &[id, team, owner] : d.users) {
            q.addBindValue(id);
            q.addBindValue(team);
            q.addBindValue(owner ? 1 : 0);
            QVERIFY(q.exec());
        }
        q.prepare(QStringLiteral("INSERT INTO teams VALUES (?, ?)"));
        for (const auto &[id, customer] : d.teams) {
            q.addBindValue(id);
            q.addBindValue(customer.isEmpty() ? QVariant() : QVariant(customer));
            QVERIFY(q.exec());
        }
        q.prepare(QStringLiteral("INSERT INTO customers VALUES (?, ?)"));
        for (const auto &[id, revenue] : d.customers) {
            q.addBindValue(id);
            q.addBindValue(revenue);
            QVERIFY(q.exec());
        }
        m_db.commit();
    }

    QList<BurstRow> query(const QString &sql)
    {
        QSqlQuery q(m_db);
        if (!q.exec(sql))
            qWarning() << q.lastError().text();
        QList<BurstRow> rows;
        while (q.next())
            rows.append({q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                         q.value(3).toInt()});
        return rows;
    }

private slots:
    void initTestCase()
    {
        m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("peer"));
        m_db.setDatabaseName(QStringLiteral(":memory:"));
        QVERIFY(m_db.open());
    }

    void sameRowsAsSql_data()
    {
        QTest::addColumn<quint32>("seed");
        for (quint32 seed = 1; seed <= 25; ++seed)
            QTest::addRow("seed %u", seed) << seed;
    }

    void sameRowsAsSql()
    {
        QFETCH(quint32, seed);
        const Data d = generate(seed);
        load(d);
        QTemporaryDir dir;
        BurstCheck check({});
        QList<Diagnostic> errors;
        QVERIFY2(check.load(writeFiles(d, dir, seed), &errors),
                 qPrintable(formatDiagnostics(errors)));

        const QList<BurstRow> expected = query(QStringLiteral(R"(
            WITH counted AS (
              SELECT user_id, event_name,
                     COUNT(*) OVER (PARTITION BY user_id, event_name ORDER BY ms
                                    RANGE BETWEEN 432000 PRECEDING AND CURRENT ROW) AS c
              FROM events WHERE event_name IN ('time out', 'page not found')
            ), peaks AS (
              SELECT user_id, event_name, MAX(c) AS event_count FROM counted
              GROUP BY user_id, event_name HAVING MAX(c) >= 5
            ))") + QLatin1String(rankedOutput));
        QVERIFY(!expected.isEmpty());
        QCOMPARE(check.replay(), expected);

        // Point-in-time checks at instants on the grid (so events sit on both edges) and off it.
        std::mt19937 rng(seed);
        for (int k = 0; k < 12; ++k) {
            const qint64 t = T0ms + qint64(rng() % 100) * 36000 + (k % 3 == 0 ? rng() % 1000 : 0);
            const QList<BurstRow> at = query(QStringLiteral(R"(
                WITH peaks AS (
                  SELECT user_id, event_name, COUNT(*) AS event_count FROM events
                  WHERE event_name IN ('time out', 'page not found') AND ms BETWEEN %1 AND %2
                  GROUP BY user_id, event_name HAVING COUNT(*) >= 5
                ))")
                                                 .arg(t - 432000)
                                                 .arg(t) +
                                             QLatin1String(rankedOutput));
            QCOMPARE(check.at(t * 1'000'000), at);
        }
    }
};

QTEST_GUILESS_MAIN(tst_BurstDifferential)
#include "tst_burstdifferential.moc"
