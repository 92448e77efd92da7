// The burst rule run where the events are: 10 million events loaded into a real PostgreSQL
// server, the rule's query (RuleSql) run over the whole table against `check burst`'s
// engine over the same CSV file (same rows?), and the console's evaluation (WarehouseRule)
// once from the start of the data and then as it runs every five minutes: reading only the
// windows since its last watermark, less the source's hour of lookback. The figures are
// the cost of one incremental evaluation next to a full recompute, measured in one run.
//
// It starts a PostgreSQL server of its own (Debian's postgresql package, port 54339), or
// uses the one given with --pg URL.

#include "domain/workspace.h"
#include "engine/burstcheck.h"
#include "sources/syntheticevents.h"
#include "sources/warehouseconnection.h"
#include "sources/warehouserule.h"
#include "warehouse/rulesql.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>
#include <cstdio>

using namespace wk;

namespace {

bool run(const QString &program, const QStringList &args)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    p.start(program, args);
    if (!p.waitForFinished(-1) || p.exitCode() != 0) {
        std::fprintf(stderr, "%s failed: %s\n", qPrintable(program),
                     p.readAllStandardOutput().constData());
        return false;
    }
    return true;
}

bool exec(QSqlQuery &q, const QString &sql)
{
    if (q.exec(sql))
        return true;
    std::fprintf(stderr, "%s\n  while running: %s\n", qPrintable(q.lastError().text()),
                 qPrintable(sql.left(200)));
    return false;
}

QList<Customer> readCustomers(const QString &path)
{
    QList<Customer> out;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return out;
    const QList<QByteArray> header = f.readLine().trimmed().split(',');
    const qsizetype id = header.indexOf("customer_id"), revenue = header.indexOf("revenue");
    while (!f.atEnd()) {
        const QList<QByteArray> fields = f.readLine().trimmed().split(',');
        if (fields.size() != header.size())
            continue;
        Customer c;
        c.id = QString::fromUtf8(fields.at(id));
        c.monthlyRevenue = fields.at(revenue).toDouble();
        out.append(c);
    }
    return out;
}

double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? 0 : v.at(v.size() / 2);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    auto option = [&](const QString &name, const QString &fallback) {
        const qsizetype i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? args.at(i + 1) : fallback;
    };
    SyntheticEvents::Options o;
    o.events = option(QStringLiteral("--events"), QStringLiteral("10000000")).toLongLong();
    o.users = option(QStringLiteral("--users"), QStringLiteral("200000")).toInt();
    o.days = option(QStringLiteral("--days"), QStringLiteral("30")).toInt();
    const QString dir =
        option(QStringLiteral("--dir"), QStringLiteral("/tmp/watchkeeper-bench-warehouse"));
    QString url = option(QStringLiteral("--pg"), QString());

    QString error;
    bool generated = false;
    if (!SyntheticEvents::writeOnce(o, dir, &generated, &error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    std::printf("%s %lld events for %d users over %d days in %s\n",
                generated ? "generated" : "reusing", static_cast<long long>(o.events), o.users,
                o.days, qPrintable(dir));

    const QString cluster = QStringLiteral(WK_SOURCE_DIR "/tests/integration/pgcluster.sh");
    const QString pgDir = dir + QStringLiteral("/pg");
    const bool ownServer = url.isEmpty();
    if (ownServer) {
        if (!run(cluster, {QStringLiteral("start"), pgDir, QStringLiteral("54339")}))
            return 1;
        url = QStringLiteral("postgresql://postgres@127.0.0.1:54339/postgres");
    }
    struct Stop
    {
        bool own;
        QString cluster, dir;
        ~Stop()
        {
            if (own)
                run(cluster, {QStringLiteral("stop"), dir, QStringLiteral("54339")});
        }
    } stop{ownServer, cluster, pgDir};

    WarehouseConnection db(url, QString(), 3600);
    if (!db.open(&error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    QSqlQuery q(db.database());
    QElapsedTimer timer;
    timer.start();
    for (const QString &sql :
         {QStringLiteral("DROP SCHEMA IF EXISTS bench CASCADE"),
          QStringLiteral("CREATE SCHEMA bench"),
          QStringLiteral("CREATE TABLE bench.events (event_timestamp TIMESTAMPTZ, user_id TEXT, "
                         "event_name TEXT, page TEXT)"),
          QStringLiteral("CREATE TABLE bench.users (user_id TEXT, team_id TEXT, is_team_owner "
                         "TEXT)"),
          QStringLiteral("CREATE TABLE bench.teams (team_id TEXT, customer_id TEXT)"),
          // The console's own connections find users and teams by their bare names.
          QStringLiteral("DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET search_path TO "
                         "bench, public', current_database()); END $$"),
          QStringLiteral("SET search_path TO bench, public")}) {
        if (!exec(q, sql))
            return 1;
    }
    for (const char *table : {"events", "users", "teams"}) {
        if (!run(QStringLiteral("psql"),
                 {url, QStringLiteral("-q"), QStringLiteral("-c"),
                  QStringLiteral("\\copy bench.%1 FROM '%2/%1.csv' CSV HEADER")
                      .arg(QLatin1String(table), dir)}))
            return 1;
    }
    // What a warehouse's tables have: events stored in the order they arrived (the file is
    // shuffled), an index (or a partitioning) on their time, and users keyed by their id.
    if (!exec(q, QStringLiteral("CREATE INDEX events_time ON bench.events (event_timestamp)")) ||
        !exec(q, QStringLiteral("CLUSTER bench.events USING events_time")) ||
        !exec(q, QStringLiteral("ALTER TABLE bench.users ADD PRIMARY KEY (user_id)")) ||
        !exec(q, QStringLiteral("ANALYZE")) ||
        !exec(q, QStringLiteral("SELECT MIN(event_timestamp), MAX(event_timestamp) FROM "
                                "bench.events")) ||
        !q.next())
        return 1;
    const TimestampNs first = WarehouseConnection::timestampOf(q.value(0)).value_or(0);
    const TimestampNs last = WarehouseConnection::timestampOf(q.value(1)).value_or(0);
    const double loadSeconds = timer.nsecsElapsed() / 1e9;

    Workspace ws;
    DataSource source;
    source.id = QStringLiteral("app-events");
    source.kind = DataSource::Kind::Sql;
    source.connection = url;
    source.table = QStringLiteral("bench.events");
    source.timeColumn = QStringLiteral("event_timestamp");
    source.timeoutSeconds = 3600;
    ws.sources.append(source);
    Rule rule;
    rule.id = QStringLiteral("user-facing-errors");
    rule.kind = Rule::Kind::Burst;
    rule.source = source.id;
    rule.events = {QStringLiteral("time out"), QStringLiteral("page not found")};
    rule.users = QStringLiteral("users.csv");
    rule.teams = QStringLiteral("teams.csv");
    ws.rules.append(rule);
    ws.customers = readCustomers(dir + QStringLiteral("/customers.csv"));

    // `check burst`'s engine over the CSV files: the rows to match.
    timer.restart();
    BurstCheck check({});
    QList<Diagnostic> problems;
    if (!check.load({dir + QStringLiteral("/events.csv"), dir + QStringLiteral("/users.csv"),
                     dir + QStringLiteral("/teams.csv"), dir + QStringLiteral("/customers.csv")},
                    &problems)) {
        std::fprintf(stderr, "%s\n", qPrintable(formatDiagnostics(problems)));
        return 1;
    }
    const QList<BurstRow> expected = check.replay();
    const double checkSeconds = timer.nsecsElapsed() / 1e9;

    // The rule's query over the whole table, as `watchkeeper sql` prints it.
    const auto full =
        RuleSql::write(ws, rule, SqlDialect(SqlDialect::Kind::PostgreSql), {}, &error);
    if (!full) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    timer.restart();
    if (!exec(q, full->sql))
        return 1;
    QList<BurstRow> rows;
    while (q.next())
        rows.append({q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                     q.value(3).toInt()});
    const double fullSeconds = timer.nsecsElapsed() / 1e9;

    // The console's first evaluation from the start of the data, then every five minutes.
    WarehouseRule::State start;
    start.watermark = first;
    const TimestampNs end = last + 60 * nanosPerSecond;
    timer.restart();
    const WarehouseRule::Result whole = WarehouseRule::evaluate(ws, rule, {}, start, end);
    const double wholeSeconds = timer.nsecsElapsed() / 1e9;
    if (!whole.error.isEmpty()) {
        std::fprintf(stderr, "%s\n", qPrintable(whole.error));
        return 1;
    }
    QSet<QString> found;
    for (const AlertCondition &c : whole.fire)
        found.insert(c.subject);
    QSet<QString> wanted;
    for (const BurstRow &r : expected)
        wanted.insert(r.userId + QLatin1Char('/') + r.eventName);

    // Seven evaluations five minutes apart from a state, as the console runs them: the time
    // of each, and the findings of all.
    struct Steps
    {
        QList<double> seconds;
        qint64 rows = 0;
    };
    const auto steps = [&](WarehouseRule::State state, TimestampNs from) -> std::optional<Steps> {
        Steps out;
        for (int i = 1; i <= 7; ++i) {
            timer.restart();
            const WarehouseRule::Result r =
                WarehouseRule::evaluate(ws, rule, {}, state, from + i * 300 * nanosPerSecond);
            out.seconds.append(timer.nsecsElapsed() / 1e9);
            if (!r.error.isEmpty()) {
                std::fprintf(stderr, "%s\n", qPrintable(r.error));
                return std::nullopt;
            }
            out.rows += r.rows;
            state = r.state;
        }
        return out;
    };
    const std::optional<Steps> after = steps(whole.state, end);
    // The same in the middle of the month, where events keep coming.
    const TimestampNs middle = first + (last - first) / 2;
    WarehouseRule::State mid;
    mid.watermark = middle;
    const std::optional<Steps> during = steps(mid, middle);
    if (!after || !during)
        return 1;
    const QList<double> &midSteps = during->seconds;
    const double incremental = median(midSteps);
    if (args.contains(QStringLiteral("--explain"))) {
        // Where one incremental evaluation spends its time, as PostgreSQL measures it.
        WarehouseRule::State before;
        before.watermark = middle;
        const auto sql =
            WarehouseRule::query(ws, rule, before, middle + 300 * nanosPerSecond, &error);
        if (sql && exec(q, QStringLiteral("EXPLAIN (ANALYZE, BUFFERS) ") + *sql)) {
            while (q.next())
                std::printf("%s\n", qPrintable(q.value(0).toString()));
        }
    }

    const bool same = rows == expected && found == wanted;
    std::printf("burst rule in PostgreSQL: %lld events over %d days, %d users (loaded and "
                "indexed in %.1f s)\n",
                static_cast<long long>(o.events), o.days, o.users, loadSeconds);
    std::printf("  check burst's engine over the CSV        %8.2f s   %lld rows\n", checkSeconds,
                static_cast<long long>(expected.size()));
    std::printf("  the rule's query, whole table            %8.2f s   %lld rows   same rows: %s\n",
                fullSeconds, static_cast<long long>(rows.size()), rows == expected ? "yes" : "NO");
    std::printf("  the console's evaluation from the start  %8.2f s   %lld findings   same "
                "subjects: %s\n",
                wholeSeconds, static_cast<long long>(whole.fire.size()),
                found == wanted ? "yes" : "NO");
    std::printf("  one incremental evaluation (5 min step, 1 h lookback), median of 7:\n");
    std::printf("    mid-month, events arriving             %8.3f s   (min %.3f, max %.3f)\n",
                incremental, *std::min_element(midSteps.cbegin(), midSteps.cend()),
                *std::max_element(midSteps.cbegin(), midSteps.cend()));
    std::printf("    after the last event                   %8.3f s   %lld findings in 7\n",
                median(after->seconds), static_cast<long long>(after->rows));
    std::printf("  full recompute / incremental: %.0fx\n", fullSeconds / incremental);
    std::fflush(stdout); // before the server is stopped by a child process
    return same ? 0 : 1;
}
