// The burst rule end to end, from CSV files to the printed rows: `watchkeeper check burst`
// against SQLite importing the same CSV files and running the equivalent window-function
// query (sqlite3 command-line shell), in the same run, on the same files. Both run as
// child processes so that wall time and peak resident memory are measured the same way.

#include "sources/syntheticevents.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QStringList>

#include <algorithm>
#include <cstdio>
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char **environ;

namespace {

struct Measured
{
    double seconds = 0;
    double peakMb = 0;
    int exitCode = -1;
};

Measured runChild(const QStringList &command, const QString &stdoutPath,
                  const QString &stdinPath = {})
{
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    const QByteArray out = QFile::encodeName(stdoutPath);
    posix_spawn_file_actions_addopen(&actions, 1, out.constData(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    const QByteArray in = QFile::encodeName(stdinPath);
    if (!stdinPath.isEmpty())
        posix_spawn_file_actions_addopen(&actions, 0, in.constData(), O_RDONLY, 0);
    QList<QByteArray> args;
    for (const QString &a : command)
        args << a.toLocal8Bit();
    std::vector<char *> argv;
    for (QByteArray &a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);

    Measured m;
    QElapsedTimer timer;
    timer.start();
    pid_t pid = 0;
    if (posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ) != 0) {
        std::fprintf(stderr, "cannot start %s\n", argv[0]);
        return m;
    }
    int status = 0;
    rusage usage{};
    wait4(pid, &status, 0, &usage);
    m.seconds = timer.nsecsElapsed() / 1e9;
    m.peakMb = usage.ru_maxrss / 1024.0; // kilobytes on Linux
    m.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    posix_spawn_file_actions_destroy(&actions);
    return m;
}

QStringList normalizedLines(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QStringList lines = QString::fromUtf8(f.readAll())
                            .remove(QLatin1Char('\r'))
                            .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    // The shell quotes fields with spaces; the comparison is about values, not quoting.
    for (QString &l : lines)
        l.remove(QLatin1Char('"'));
    return lines;
}

// The rule of DESIGN.md in SQL. Times become integer milliseconds so that the window edge
// (an event exactly 432 s earlier) is compared exactly.
const char *const sqlScript = R"(.bail on
.output /dev/null
PRAGMA journal_mode=OFF;
PRAGMA synchronous=OFF;
.output stdout
.mode csv
.import %1/events.csv events
.import %1/users.csv users
.import %1/teams.csv teams
.import %1/customers.csv customers
.headers on
WITH sla AS (
  SELECT user_id, event_name,
         CAST(ROUND((julianday(event_timestamp) - 2440587.5) * 86400000.0) AS INTEGER) AS ms
  FROM events WHERE event_name IN ('time out', 'page not found')
), counted AS (
  SELECT user_id, event_name,
         COUNT(*) OVER (PARTITION BY user_id, event_name ORDER BY ms
                        RANGE BETWEEN %2 PRECEDING AND CURRENT ROW) AS c
  FROM sla
), peaks AS (
  SELECT user_id, event_name, MAX(c) AS event_count FROM counted
  GROUP BY user_id, event_name HAVING MAX(c) >= %3
), ranked AS (
  SELECT customer_id, RANK() OVER (ORDER BY CAST(revenue AS REAL) DESC) AS r FROM customers
)
SELECT p.user_id, u.team_id, p.event_name, p.event_count
FROM peaks p
JOIN users u ON u.user_id = p.user_id AND u.is_team_owner IN ('1', 'true')
LEFT JOIN teams t ON t.team_id = u.team_id
LEFT JOIN ranked k ON k.customer_id = t.customer_id
ORDER BY COALESCE(k.r, 9223372036854775807), p.event_count DESC, p.user_id, p.event_name;
)";

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    auto option = [&](const QString &name, const QString &fallback) {
        const qsizetype i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? args.at(i + 1) : fallback;
    };
    wk::SyntheticEvents::Options o;
    o.events = option(QStringLiteral("--events"), QStringLiteral("10000000")).toLongLong();
    o.users = option(QStringLiteral("--users"), QStringLiteral("200000")).toInt();
    o.days = option(QStringLiteral("--days"), QStringLiteral("30")).toInt();
    const QString dir =
        option(QStringLiteral("--dir"), QStringLiteral("/tmp/watchkeeper-bench-burst"));

    // Generating takes a while at full size; files made with the same parameters are reused.
    QString error;
    bool generated = false;
    if (!wk::SyntheticEvents::writeOnce(o, dir, &generated, &error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    std::printf("%s %lld events for %d users over %d days in %s\n",
                generated ? "generated" : "reusing", static_cast<long long>(o.events), o.users,
                o.days, qPrintable(dir));
    const double megabytes = QFileInfo(dir + QStringLiteral("/events.csv")).size() / 1e6;

    // watchkeeper runs several times (the first after the files were written may find them
    // partly out of the page cache; this shared machine's load moves single runs by a
    // fifth); the median is compared with SQLite's one run of 12 s or more.
    const int runs = std::max(1, option(QStringLiteral("--runs"), QStringLiteral("5")).toInt());
    std::vector<Measured> wkRuns;
    wkRuns.reserve(static_cast<size_t>(runs));
    for (int i = 0; i < runs; ++i) {
        wkRuns.push_back(
            runChild({QStringLiteral(WK_BINARY), QStringLiteral("check"), QStringLiteral("burst"),
                      QStringLiteral("--events"), dir + QStringLiteral("/events.csv"),
                      QStringLiteral("--users"), dir + QStringLiteral("/users.csv"),
                      QStringLiteral("--teams"), dir + QStringLiteral("/teams.csv"),
                      QStringLiteral("--customers"), dir + QStringLiteral("/customers.csv")},
                     dir + QStringLiteral("/watchkeeper.csv")));
    }
    std::vector<Measured> byTime = wkRuns;
    std::sort(byTime.begin(), byTime.end(),
              [](const Measured &a, const Measured &b) { return a.seconds < b.seconds; });
    const Measured wk = byTime[byTime.size() / 2];
    double peakMb = 0;
    for (const Measured &m : wkRuns)
        peakMb = std::max(peakMb, m.peakMb);

    const QString db = dir + QStringLiteral("/peer.sqlite");
    QFile::remove(db);
    QFile script(dir + QStringLiteral("/peer.sql"));
    if (!script.open(QIODevice::WriteOnly))
        return 1;
    script.write(QString::fromUtf8(sqlScript).arg(dir).arg(432000).arg(5).toUtf8());
    script.close();
    const Measured peer = runChild({QStringLiteral("sqlite3"), db},
                                   dir + QStringLiteral("/sqlite.csv"), script.fileName());
    QFile::remove(db);

    const QStringList a = normalizedLines(dir + QStringLiteral("/watchkeeper.csv"));
    const QStringList b = normalizedLines(dir + QStringLiteral("/sqlite.csv"));
    std::printf("burst rule, replay: %lld events (%.0f MB of CSV), %d users, %d days\n",
                static_cast<long long>(o.events), megabytes, o.users, o.days);
    std::printf(
        "  watchkeeper check burst        %8.2f s   peak RSS %7.1f MB   %lld rows (exit %d)\n",
        wk.seconds, peakMb, static_cast<long long>(a.size() - 1), wk.exitCode);
    std::printf("    median of %d runs; fastest %.2f s, slowest %.2f s\n", runs,
                byTime.front().seconds, byTime.back().seconds);
    std::printf(
        "  sqlite3 import + window query  %8.2f s   peak RSS %7.1f MB   %lld rows (exit %d)\n",
        peer.seconds, peer.peakMb, static_cast<long long>(b.size() - 1), peer.exitCode);
    std::printf("  speed-up over SQLite: %.1fx   throughput: %.1f M events/s   same rows: %s\n",
                peer.seconds / wk.seconds, o.events / wk.seconds / 1e6, a == b ? "yes" : "NO");
    return a == b ? 0 : 1;
}
