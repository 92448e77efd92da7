// Backtesting a rule change: the replay against the burst check's own replay over the same
// files, row for row; the join with stored outcomes and pages; rotated files; the event
// archive for sources that cannot be read again; changes checked like the workspace file.

#include "demoworkspace.h"
#include "domain/rulechange.h"
#include "engine/backtest.h"
#include "engine/burstcheck.h"
#include "engine/rulehistory.h"
#include "sources/sourcehistory.h"
#include "sources/syntheticevents.h"
#include "storage/database.h"
#include "storage/eventarchive.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <map>

using namespace wk;
using namespace wk::test;

namespace {

const TimestampNs start = 1767225600LL * nanosPerSecond; // 2026-01-01 00:00 UTC, a Thursday
const qint64 second = nanosPerSecond;
const qint64 minute = 60 * second;
const qint64 hour = 60 * minute;

const QString burstRule = QStringLiteral(R"(  - id: errors
    kind: burst
    pipeline: engagement-aggregate
    severity: high
    source: app-errors
    events: [time out, page not found]
    threshold: 5
    window: 7.2m
)");

Rule ruleOf(const Workspace &ws, const QString &id)
{
    for (const Rule &r : ws.rules) {
        if (r.id == id)
            return r;
    }
    return {};
}

void writeEvents(const QString &path, const QList<std::tuple<TimestampNs, QString, QString>> &rows)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("event_timestamp,user_id,event_name\n");
    for (const auto &[t, user, name] : rows)
        f.write(QStringLiteral("%1,%2,%3\n")
                    .arg(QString::fromStdString(formatTimestamp(t)), user, name)
                    .toUtf8());
}

// n events for user, one every 10 s from at.
QList<std::tuple<TimestampNs, QString, QString>> burst(const QString &user, TimestampNs at, int n)
{
    QList<std::tuple<TimestampNs, QString, QString>> rows;
    for (int i = 0; i < n; ++i)
        rows.append({at + i * 10 * second, user, QStringLiteral("time out")});
    return rows;
}

// The highest count each subject reached, as the burst check reports its rows.
std::map<QString, int> peaks(const QList<ReplayedAlert> &alerts)
{
    std::map<QString, int> out;
    for (const ReplayedAlert &a : alerts)
        out[a.subject] = std::max(out[a.subject], a.peakCount);
    return out;
}

std::map<QString, int> peaks(const QList<BurstRow> &rows)
{
    std::map<QString, int> out;
    for (const BurstRow &r : rows)
        out[r.userId + QLatin1Char('/') + r.eventName] = r.eventCount;
    return out;
}

} // namespace

class tst_Backtest : public QObject
{
    Q_OBJECT
private slots:
    void wouldFireMatchesTheBurstCheckRowForRow_data()
    {
        QTest::addColumn<QStringList>("changes");
        QTest::addColumn<int>("threshold");
        QTest::addColumn<qint64>("windowSeconds");
        QTest::newRow("as it is") << QStringList() << 5 << qint64(432);
        QTest::newRow("threshold 7, window 10m")
            << QStringList{QStringLiteral("threshold=7"), QStringLiteral("window=10m")} << 7
            << qint64(600);
        QTest::newRow("threshold 3, window 90s")
            << QStringList{QStringLiteral("threshold=3"), QStringLiteral("window=90s")} << 3
            << qint64(90);
    }
    void wouldFireMatchesTheBurstCheckRowForRow()
    {
        QFETCH(QStringList, changes);
        QFETCH(int, threshold);
        QFETCH(qint64, windowSeconds);
        QTemporaryDir dir;
        SyntheticEvents::Options o;
        o.events = 60'000;
        o.users = 300;
        o.days = 5;
        o.seed = 7;
        QString error;
        QVERIFY2(SyntheticEvents::write(o, dir.path(), &error), qPrintable(error));
        const Workspace ws = demoWorkspaceWithRules(
            burstRule + QStringLiteral("    users: users.csv\n    teams: teams.csv\n"));
        const Rule rule = ruleOf(ws, QStringLiteral("errors"));
        Rule changed = rule;
        for (const QString &c : changes)
            QVERIFY2(RuleChange::apply(changed, c, &error), qPrintable(error));

        QList<Diagnostic> errors;
        const auto history =
            RuleHistory::load(ws, dir.path(), rule, nullptr, 0, QTimeZone::utc(), &errors);
        QVERIFY2(history, qPrintable(formatDiagnostics(errors)));
        QCOMPARE(history->events.size(), size_t(o.events));
        const TimestampNs until = history->events.back().time + hour;
        const auto result =
            Backtest(ws, dir.path()).run(rule, changed, *history, 0, until, &errors);
        QVERIFY2(result, qPrintable(formatDiagnostics(errors)));

        BurstParameters p;
        p.threshold = threshold;
        p.windowNs = windowSeconds * nanosPerSecond;
        BurstCheck check(p);
        const BurstInputFiles files{dir.filePath(QStringLiteral("events.csv")),
                                    dir.filePath(QStringLiteral("users.csv")),
                                    dir.filePath(QStringLiteral("teams.csv")),
                                    dir.filePath(QStringLiteral("customers.csv"))};
        QVERIFY(check.load(files, &errors));
        const std::map<QString, int> expected = peaks(check.replay());
        QVERIFY(expected.size() > 5); // the data has bursts to find
        QCOMPARE(peaks(result->after), expected);
        if (changes.isEmpty()) {
            QCOMPARE(result->after, result->before);
            QVERIFY(result->gone.isEmpty());
            QVERIFY(result->added.isEmpty());
            QCOMPARE(result->medianRaiseShiftNs, std::optional<qint64>(0));
        }
    }

    void joinsStoredOutcomesAndPages()
    {
        QTemporaryDir dir;
        // u1: 6 events at 02:00 (night), u2: 5 at 14:00, u3: 8 at 16:00, u4: 4 at 18:00.
        auto rows = burst(QStringLiteral("u1"), start + 2 * hour, 6);
        rows += burst(QStringLiteral("u2"), start + 14 * hour, 5);
        rows += burst(QStringLiteral("u3"), start + 16 * hour, 8);
        rows += burst(QStringLiteral("u4"), start + 18 * hour, 4);
        writeEvents(dir.filePath(QStringLiteral("events.csv")), rows);
        const Workspace ws = demoWorkspaceWithRules(burstRule);
        const Rule rule = ruleOf(ws, QStringLiteral("errors"));

        // What the store says of the rule's alerts: u2's was marked noise and paged twice,
        // once at 23:30 in Amara's zone; u1's was acknowledged.
        Backtest::Record record;
        Alert u2;
        u2.id = 12;
        u2.ruleId = rule.id;
        u2.dedupKey = QStringLiteral("errors/u2/time out");
        u2.triggeredAt = start + 14 * hour + 41 * second; // the live engine, a little later
        u2.resolvedAt = start + 14 * hour + 9 * minute;
        u2.state = AlertState::Resolved;
        u2.outcome.kind = AlertOutcome::Kind::Noise;
        u2.outcome.reason = AlertOutcome::Reason::Flapping;
        u2.outcome.by = QStringLiteral("amara");
        Alert u1 = u2;
        u1.id = 11;
        u1.dedupKey = QStringLiteral("errors/u1/time out");
        u1.triggeredAt = start + 2 * hour + 40 * second;
        u1.resolvedAt = start + 2 * hour + 20 * minute;
        u1.outcome = {};
        u1.acknowledgedAt = start + 2 * hour + 5 * minute;
        record.alerts = {u1, u2};
        const Person *amara = ws.person(QStringLiteral("amara"));
        QVERIFY(amara && !amara->timeZone.isEmpty());
        const QTimeZone amaraZone(amara->timeZone.toUtf8());
        Delivery night;
        night.alertId = 12;
        night.person = QStringLiteral("amara");
        night.createdAt = toTimestamp(QDateTime(QDate(2026, 1, 1), QTime(23, 30), amaraZone));
        Delivery day = night;
        day.createdAt = toTimestamp(QDateTime(QDate(2026, 1, 1), QTime(12, 0), amaraZone));
        Delivery cancelled = night;
        cancelled.status = Delivery::Status::Cancelled;
        record.deliveries = {night, day, cancelled};

        QList<Diagnostic> errors;
        auto history =
            RuleHistory::load(ws, dir.path(), rule, nullptr, 0, QTimeZone::utc(), &errors);
        QVERIFY2(history, qPrintable(formatDiagnostics(errors)));
        history->record = record;
        const Backtest backtest(ws, dir.path());
        const TimestampNs until = start + 24 * hour;

        Rule stricter = rule;
        QString error;
        QVERIFY(RuleChange::apply(stricter, QStringLiteral("threshold=6"), &error));
        auto r = backtest.run(rule, stricter, *history, 0, until, &errors);
        QVERIFY2(r, qPrintable(formatDiagnostics(errors)));
        QCOMPARE(r->before.size(), 3); // u1, u2, u3
        QCOMPARE(r->after.size(), 2);  // u1, u3
        QCOMPARE(r->kept, 2);
        QCOMPARE(r->gone.size(), 1);
        QCOMPARE(r->gone.first().alert.subject, QStringLiteral("u2/time out"));
        QCOMPARE(r->gone.first().storedId, std::optional<qint64>(12));
        QCOMPARE(r->gone.first().outcome.kind, AlertOutcome::Kind::Noise);
        QCOMPARE(r->goneNoise, 1);
        QCOMPARE(r->goneActionable, 0);
        QCOMPARE(r->pagesSaved, 2); // the cancelled one never went
        QCOMPARE(r->nightPagesSaved, 1);
        QCOMPARE(r->nightAlertsSaved, 0);
        QVERIFY(r->added.isEmpty());
        // u1 and u3 are raised at their sixth event instead of their fifth: 10 s later.
        QCOMPARE(r->medianRaiseShiftNs, std::optional<qint64>(10 * second));

        Rule looser = rule;
        QVERIFY(RuleChange::apply(looser, QStringLiteral("threshold=4"), &error));
        r = backtest.run(rule, looser, *history, 0, until, &errors);
        QVERIFY(r);
        QVERIFY(r->gone.isEmpty());
        QCOMPARE(r->added.size(), 1);
        QCOMPARE(r->added.first().alert.subject, QStringLiteral("u4/time out"));
        QCOMPARE(r->added.first().alert.raisedAt, start + 18 * hour + 30 * second);
        QCOMPARE(r->medianRaiseShiftNs, std::optional<qint64>(-10 * second));

        // A wider window merges nothing here, and a narrower one loses u2, u1 and u4 alike.
        Rule narrow = rule;
        QVERIFY(RuleChange::apply(narrow, QStringLiteral("window=30s"), &error));
        r = backtest.run(rule, narrow, *history, 0, until, &errors);
        QVERIFY(r);
        QCOMPARE(r->after.size(), 0);
        QCOMPARE(r->gone.size(), 3);
        QCOMPARE(r->goneNoise, 1);
        QCOMPARE(r->goneActionable, 1);
        QCOMPARE(r->goneNotOnRecord, 1);
        QCOMPARE(r->nightAlertsSaved, 1); // u1, at 02:00 UTC
        QCOMPARE(r->medianRaiseShiftNs, std::nullopt);
    }

    void readsRotatedFilesOnceEach()
    {
        QTemporaryDir dir;
        // The rotation copied the old file and truncated it: the last line is in both.
        auto older = burst(QStringLiteral("u1"), start, 3);
        auto newer = burst(QStringLiteral("u1"), start + 20 * second, 4); // overlaps one line
        writeEvents(dir.filePath(QStringLiteral("events.csv.1")), older);
        writeEvents(dir.filePath(QStringLiteral("events.csv")), newer);
        QFile gz(dir.filePath(QStringLiteral("events.csv.2.gz")));
        QVERIFY(gz.open(QIODevice::WriteOnly));
        gz.write("not read");
        gz.close();
        QFile other(dir.filePath(QStringLiteral("events.csvx")));
        QVERIFY(other.open(QIODevice::WriteOnly));
        other.close();
        QFile rotated(dir.filePath(QStringLiteral("events.csv.1")));
        QVERIFY(rotated.open(QIODevice::ReadWrite));
        QVERIFY(rotated.setFileTime(QDateTime::currentDateTime().addDays(-1),
                                    QFileDevice::FileModificationTime));
        rotated.close();

        const Workspace ws = demoWorkspace();
        const DataSource source = ws.sources.first();
        QCOMPARE(source.path, QStringLiteral("events.csv"));
        QStringList skipped;
        const QStringList files = SourceHistory::files(source, dir.path(), &skipped);
        QCOMPARE(files, (QStringList{dir.filePath(QStringLiteral("events.csv.1")),
                                     dir.filePath(QStringLiteral("events.csv"))}));
        QCOMPARE(skipped, QStringList{dir.filePath(QStringLiteral("events.csv.2.gz"))});
        std::vector<Event> events;
        QList<Diagnostic> errors;
        QVERIFY(SourceHistory::read(source, dir.path(), 0, events, errors, nullptr));
        QCOMPARE(events.size(), size_t(6)); // 3 + 4, one of them read twice
        QVERIFY(std::is_sorted(events.begin(), events.end(),
                               [](const Event &a, const Event &b) { return a.time < b.time; }));

        // One file may hold the same event twice, and both count.
        writeEvents(dir.filePath(QStringLiteral("events.csv")),
                    burst(QStringLiteral("u1"), start + 20 * second, 1) +
                        burst(QStringLiteral("u1"), start + 20 * second, 1));
        events.clear();
        QVERIFY(SourceHistory::read(source, dir.path(), 0, events, errors, nullptr));
        QCOMPARE(events.size(), size_t(4));

        // A bad line anywhere: nothing is read, and the problem names its file and line.
        QFile bad(dir.filePath(QStringLiteral("events.csv.1")));
        QVERIFY(bad.open(QIODevice::Append));
        bad.write("yesterday,u9,time out\n");
        bad.close();
        events.clear();
        QVERIFY(!SourceHistory::read(source, dir.path(), 0, events, errors, nullptr));
        QVERIFY(events.empty());
        QVERIFY(!errors.isEmpty());
        QVERIFY2(errors.first().file.endsWith(QStringLiteral("events.csv.1")),
                 qPrintable(errors.first().file));
        QCOMPARE(errors.first().line, 5);
    }

    void sourcesThatCannotBeReadAgainComeFromTheArchive()
    {
        QTemporaryDir dir;
        QString error;
        auto db = Database::open(dir.filePath(QStringLiteral("store.sqlite")), &error);
        QVERIFY2(db, qPrintable(error));
        // A warehouse table probed for freshness: its newest row time, every 5 minutes,
        // stuck for an hour in the middle of the day.
        QList<Event> probes;
        for (TimestampNs t = start; t < start + 24 * hour; t += 5 * minute) {
            const TimestampNs newest =
                t > start + 12 * hour && t < start + 13 * hour ? start + 12 * hour : t - minute;
            probes << Event{QStringLiteral("app-errors"), newest, QStringLiteral("orders"),
                            QStringLiteral("newest"), QString()};
        }
        probes << Event{QStringLiteral("elsewhere"), start, QString(), QString(), QString()};
        EventArchive archive(*db);
        QVERIFY2(archive.append(probes, &error), qPrintable(error));

        Workspace ws = demoWorkspaceWithRules(QStringLiteral(R"(  - id: orders-fresh
    kind: freshness
    pipeline: engagement-aggregate
    severity: high
    source: app-errors
    warn_after: 30m
)"));
        // The source, made a warehouse table instead of a file.
        DataSource &sql = ws.sources.first();
        QCOMPARE(sql.id, QStringLiteral("app-errors"));
        sql.kind = DataSource::Kind::Sql;
        sql.connection = QStringLiteral("postgresql://warehouse/db");
        sql.table = QStringLiteral("orders");
        const Rule rule = ruleOf(ws, QStringLiteral("orders-fresh"));
        QList<Diagnostic> errors;
        auto history =
            RuleHistory::load(ws, dir.path(), rule, db.get(), 0, QTimeZone::utc(), &errors);
        QVERIFY2(history, qPrintable(formatDiagnostics(errors)));
        QVERIFY(history->fromArchive);
        QCOMPARE(history->events.size(), size_t(probes.size() - 1));

        Rule laxer = rule;
        QVERIFY(RuleChange::apply(laxer, QStringLiteral("warn_after=2h"), &error));
        const auto r =
            Backtest(ws, dir.path()).run(rule, laxer, *history, 0, start + 24 * hour, &errors);
        QVERIFY2(r, qPrintable(formatDiagnostics(errors)));
        QCOMPARE(r->before.size(), 1); // stale for an hour: past 30 minutes, never past 2 hours
        QVERIFY(r->before.first().raisedAt >= start + 12 * hour + 30 * minute);
        QVERIFY(r->before.first().raisedAt <= start + 12 * hour + 32 * minute);
        QCOMPARE(r->after.size(), 0);
        QCOMPARE(r->gone.size(), 1);

        // Forgetting what is older than the workspace keeps.
        const auto pruned = archive.prune(start + 12 * hour, &error);
        QVERIFY2(pruned, qPrintable(error));
        QCOMPARE(*pruned, qint64(145 + 1)); // the probes up to 12:00, and the other source's

        history = RuleHistory::load(ws, dir.path(), rule, db.get(), 0, QTimeZone::utc(), &errors);
        QVERIFY(history);
        QCOMPARE(history->events.size(), size_t(probes.size() - 1 - 145));

        // dbt runs and deploys, from any source and in any case, are the changes the
        // actionable score measures time from.
        QVERIFY(EventArchive::isChange(Event{{}, 0, {}, QStringLiteral("Deploy"), {}}));
        QVERIFY(!EventArchive::isChange(Event{{}, 0, {}, QStringLiteral("deployed"), {}}));
        QVERIFY2(archive.append({Event{QStringLiteral("warehouse-dbt"), start + 20 * hour,
                                       QStringLiteral("target"), QStringLiteral("dbt run"),
                                       QStringLiteral("r1")},
                                 Event{QStringLiteral("releases"),
                                       start + 14 * hour,
                                       QStringLiteral("web"),
                                       QStringLiteral("DEPLOY"),
                                       {}}},
                                &error),
                 qPrintable(error));
        const auto changes = archive.changes(start + 12 * hour, &error);
        QVERIFY2(changes, qPrintable(error));
        QCOMPARE(*changes, (std::vector<TimestampNs>{start + 14 * hour, start + 20 * hour}));

        // A rule that runs a query has no events to replay, and says so.
        Rule query;
        query.id = QStringLiteral("orders-check");
        query.kind = Rule::Kind::Sql;
        errors.clear();
        QVERIFY(!RuleHistory::load(ws, dir.path(), query, db.get(), 0, QTimeZone::utc(), &errors));
        QVERIFY(errors.first().message.contains(QStringLiteral("no history to replay")));
    }

    void changesAreCheckedLikeTheWorkspaceFile()
    {
        const Workspace ws = demoWorkspaceWithRules(burstRule);
        Rule r = ruleOf(ws, QStringLiteral("errors"));
        const Rule before = r;
        QString error;
        QVERIFY(!RuleChange::apply(r, QStringLiteral("threshold=0"), &error));
        QVERIFY(error.contains(QStringLiteral("at least 1")));
        QVERIFY(!RuleChange::apply(r, QStringLiteral("window=soon"), &error));
        QVERIFY(error.contains(QStringLiteral("duration")));
        QVERIFY(!RuleChange::apply(r, QStringLiteral("drop=0.5"), &error));
        QVERIFY2(error.contains(QStringLiteral("has no 'drop'")), qPrintable(error));
        QVERIFY(!RuleChange::apply(r, QStringLiteral("threshold"), &error));
        QVERIFY(!RuleChange::apply(r, QStringLiteral("severity=urgent"), &error));
        QCOMPARE(r, before);
        QVERIFY(RuleChange::apply(r, QStringLiteral("window=10m"), &error));
        QVERIFY(RuleChange::apply(r, QStringLiteral("events=time out"), &error));
        QVERIFY(RuleChange::apply(r, QStringLiteral(" threshold = 7 "), &error));
        QCOMPARE(
            RuleChange::describe(before, r),
            (QStringList{QStringLiteral("events time out, page not found → time out"),
                         QStringLiteral("threshold 5 → 7"), QStringLiteral("window 432s → 10m")}));

        Rule fresh;
        fresh.kind = Rule::Kind::Freshness;
        fresh.warnAfterSeconds = 1800;
        fresh.errorAfterSeconds = 3600;
        QVERIFY(!RuleChange::apply(fresh, QStringLiteral("warn_after=2h"), &error));
        QVERIFY(error.contains(QStringLiteral("shorter")));
        QVERIFY(RuleChange::apply(fresh, QStringLiteral("error_after=none"), &error));
        QVERIFY(!RuleChange::apply(fresh, QStringLiteral("warn_after=none"), &error));
        QVERIFY(error.contains(QStringLiteral("needs")));
    }
};

QTEST_GUILESS_MAIN(tst_Backtest)
#include "tst_backtest.moc"
