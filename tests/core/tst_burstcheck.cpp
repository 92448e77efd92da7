#include "engine/burstcheck.h"

#include <QTemporaryDir>
#include <QtTest>

#include <random>

using namespace wk;

namespace {

const qint64 T0 = 1767225600; // 2026-01-01T00:00:00Z

class Files
{
public:
    Files()
    {
        users = "user_id,team_id,is_team_owner\n"
                "alice,t-big,1\nbob,t-big2,true\ncarol,t-mid,1\ndave,t-none,1\n"
                "erin,t-unlisted,1\nfrank,t-big,0\n";
        teams = "team_id,customer_id\nt-big,c-ent\nt-big2,c-ent2\nt-mid,c-med\nt-none,\n";
        customers = "customer_id,revenue\nc-ent,500\nc-ent2,500\nc-med,50\nc-free,0\n";
        events = "user_id,event_name,event_timestamp\n";
    }
    void event(const char *user, const char *name, qint64 seconds, const char *fraction = "")
    {
        events +=
            QByteArray(user) + ',' + name + ',' + QByteArray::number(seconds) + fraction + '\n';
    }
    BurstInputFiles write(const QTemporaryDir &dir) const
    {
        auto put = [&](const char *name, const QByteArray &content) {
            QString path = dir.filePath(QLatin1String(name));
            QFile f(path);
            f.open(QIODevice::WriteOnly);
            f.write(content);
            return path;
        };
        return {put("events.csv", events), put("users.csv", users), put("teams.csv", teams),
                put("customers.csv", customers)};
    }

    QByteArray users, teams, customers, events;
};

QList<BurstRow> replay(const Files &files, const BurstParameters &p = {})
{
    QTemporaryDir dir;
    BurstCheck check(p);
    QList<Diagnostic> errors;
    if (!check.load(files.write(dir), &errors))
        qWarning() << formatDiagnostics(errors);
    return check.replay();
}

} // namespace

class tst_BurstCheck : public QObject
{
    Q_OBJECT
private slots:
    void windowIsClosedAtBothEnds()
    {
        Files f;
        // alice: five "time out" with the first exactly 432 s before the last: inside.
        for (qint64 s : {0, 100, 200, 300, 432})
            f.event("alice", "time out", T0 + s);
        // bob: the same, but the first is one nanosecond too early: four at most.
        f.event("bob", "time out", T0 - 1, ".999999999");
        for (qint64 s : {100, 200, 300, 432})
            f.event("bob", "time out", T0 + s);
        const QList<BurstRow> rows = replay(f);
        QCOMPARE(rows, (QList<BurstRow>{{"alice", "t-big", "time out", 5}}));
    }

    void equalTimestampsAllCount()
    {
        Files f;
        for (int i = 0; i < 6; ++i)
            f.event("carol", "page not found", T0);
        QCOMPARE(replay(f), (QList<BurstRow>{{"carol", "t-mid", "page not found", 6}}));
    }

    void replayReportsThePeak()
    {
        Files f;
        // Seven within one window, then a slow trickle: the peak stays 7.
        for (int i = 0; i < 7; ++i)
            f.event("alice", "time out", T0 + i * 60);
        for (int i = 1; i <= 10; ++i)
            f.event("alice", "time out", T0 + 1000 + i * 500);
        QCOMPARE(replay(f), (QList<BurstRow>{{"alice", "t-big", "time out", 7}}));
    }

    void onlyTeamOwnersAndSlaEvents()
    {
        Files f;
        for (int i = 0; i < 5; ++i) {
            f.event("frank", "time out", T0 + i); // not an owner
            f.event("zed", "time out", T0 + i);   // not a known user
            f.event("alice", "login", T0 + i);    // not an SLA event
            f.event("alice", "Time Out", T0 + i); // names match exactly
        }
        QVERIFY(replay(f).isEmpty());
    }

    void rankedByCustomerRevenue()
    {
        Files f;
        auto burst = [&](const char *user, const char *name, int count) {
            for (int i = 0; i < count; ++i)
                f.event(user, name, T0 + i);
        };
        burst("erin", "time out", 9);        // team not in teams.csv: last
        burst("dave", "time out", 9);        // team without customer: last
        burst("carol", "time out", 9);       // $50: rank 3
        burst("bob", "time out", 5);         // $500: rank 1 (tie)
        burst("alice", "page not found", 6); // $500: rank 1 (tie)
        burst("alice", "time out", 6);
        const QList<BurstRow> expected = {
            {"alice", "t-big", "page not found", 6}, {"alice", "t-big", "time out", 6},
            {"bob", "t-big2", "time out", 5},        {"carol", "t-mid", "time out", 9},
            {"dave", "t-none", "time out", 9},       {"erin", "t-unlisted", "time out", 9},
        };
        QCOMPARE(replay(f), expected);
    }

    // Integer ids order as numbers, before the ids that are not integers, as SQL orders
    // the seed's integer ids; with equal rank and count, that decides.
    void integerIdsOrderAsNumbers()
    {
        Files f;
        f.users = "user_id,team_id,is_team_owner\n1508,t-big,1\n520,t-big,1\n-3,t-big,1\n"
                  "alice,t-big,1\n99,t-big,1\n";
        for (const char *user : {"alice", "1508", "99", "520", "-3"}) {
            for (int i = 0; i < 5; ++i)
                f.event(user, "time out", T0 + i);
        }
        const QList<BurstRow> expected = {
            {"-3", "t-big", "time out", 5},    {"99", "t-big", "time out", 5},
            {"520", "t-big", "time out", 5},   {"1508", "t-big", "time out", 5},
            {"alice", "t-big", "time out", 5},
        };
        QCOMPARE(replay(f), expected);
    }

    void pointInTime()
    {
        Files f;
        for (qint64 s : {0, 100, 200, 300, 432, 500})
            f.event("alice", "time out", T0 + s);
        QTemporaryDir dir;
        BurstCheck check({});
        QVERIFY(check.load(f.write(dir), nullptr));
        auto countAt = [&](qint64 seconds) {
            const auto rows = check.at(seconds * nanosPerSecond);
            return rows.isEmpty() ? 0 : rows.first().eventCount;
        };
        QCOMPARE(countAt(T0 + 431), 0); // four so far
        QCOMPARE(countAt(T0 + 432), 5); // the one at T0 is exactly on the edge
        QCOMPARE(countAt(T0 + 500), 5); // T0 fell out, 500 came in
        QCOMPARE(countAt(T0 + 532), 5); // 100 is on the edge
        QCOMPARE(countAt(T0 + 533), 0); // four left: below the threshold
        QCOMPARE(check.replay().first().eventCount, 5);
    }

    void lateRowsAndMixedTimeFormats()
    {
        Files f;
        // Rows out of order, in four notations of nearby instants.
        f.events += "alice,time out,2026-01-01T00:07:12Z\n";
        f.events += "alice,time out,1767225700\n";
        f.events += "alice,time out,2026-01-01T01:00:00+01:00\n";
        f.events += "alice,time out,1767225800.000\n";
        f.events += "\"alice\",\"time out\",2026-01-01 00:05:00\n";
        QCOMPARE(replay(f), (QList<BurstRow>{{"alice", "t-big", "time out", 5}}));
    }

    void parameters()
    {
        Files f;
        for (int i = 0; i < 3; ++i)
            f.event("alice", "crash", T0 + i * 50);
        BurstParameters p;
        p.slaEvents = {QStringLiteral("crash")};
        p.threshold = 3;
        p.windowNs = 100 * nanosPerSecond;
        QCOMPARE(replay(f, p), (QList<BurstRow>{{"alice", "t-big", "crash", 3}}));
        p.windowNs = 99 * nanosPerSecond;
        QVERIFY(replay(f, p).isEmpty());
    }

    void badInputChangesNothing_data()
    {
        QTest::addColumn<QByteArray>("which");
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("message");
        QTest::newRow("bad time")
            << QByteArray("events")
            << QByteArray("user_id,event_name,event_timestamp\nalice,time out,soon\n")
            << "events.csv:2: error: event_timestamp 'soon' is neither";
        QTest::newRow("missing column")
            << QByteArray("events") << QByteArray("user_id,event_name\n")
            << "events.csv:1: error: the header has no column 'event_timestamp'";
        QTest::newRow("short row")
            << QByteArray("events")
            << QByteArray("user_id,event_name,event_timestamp\nalice,time out\n")
            << "events.csv:2: error: has 2 field(s) but the header needs at least 3";
        QTest::newRow("owner flag")
            << QByteArray("users") << QByteArray("user_id,team_id,is_team_owner\nalice,t,maybe\n")
            << "users.csv:2: error: is_team_owner 'maybe' is not 1/0 or true/false";
        QTest::newRow("duplicate user")
            << QByteArray("users") << QByteArray("user_id,team_id,is_team_owner\na,t,1\na,t,0\n")
            << "users.csv:3: error: user_id 'a' appears more than once";
        // Neither is an owner: only the check of every id finds it.
        QTest::newRow("duplicate non-owner")
            << QByteArray("users")
            << QByteArray("user_id,team_id,is_team_owner\nb,t,1\na,t,0\nc,t,0\na,u,0\n")
            << "users.csv:5: error: user_id 'a' appears more than once";
        // Reported beside the file's other problems, not hidden by them.
        QTest::newRow("duplicate after a bad flag")
            << QByteArray("users")
            << QByteArray("user_id,team_id,is_team_owner\na,t,1\nb,t,maybe\na,t,0\n")
            << "users.csv:4: error: user_id 'a' appears more than once";
        QTest::newRow("revenue") << QByteArray("customers")
                                 << QByteArray("customer_id,revenue\nc,$500\n")
                                 << "customers.csv:2: error: revenue '$500' is not a number";
        QTest::newRow("duplicate team")
            << QByteArray("teams") << QByteArray("team_id,customer_id\nt,c\nt,d\n")
            << "teams.csv:3: error: team_id 't' appears more than once";
        QTest::newRow("unclosed quote")
            << QByteArray("events")
            << QByteArray("user_id,event_name,event_timestamp\n\"alice,x,1\n")
            << "a quoted field is never closed";
        QTest::newRow("empty file")
            << QByteArray("teams") << QByteArray("") << "the file is empty; expected a header row";
    }

    void badInputChangesNothing()
    {
        QFETCH(QByteArray, which);
        QFETCH(QByteArray, content);
        QFETCH(QString, message);
        Files f;
        for (int i = 0; i < 5; ++i)
            f.event("alice", "time out", T0 + i);
        (which == "events"  ? f.events
         : which == "users" ? f.users
         : which == "teams" ? f.teams
                            : f.customers) = content;
        QTemporaryDir dir;
        BurstCheck check({});
        QList<Diagnostic> errors;
        QVERIFY(!check.load(f.write(dir), &errors));
        const QString all = formatDiagnostics(errors);
        QVERIFY2(all.contains(message), qPrintable(all));
        QVERIFY(check.replay().isEmpty());
        QCOMPARE(check.eventsKept(), 0);
    }

    void manyErrorsAreCappedNotSilent()
    {
        Files f;
        for (int i = 0; i < 100; ++i)
            f.events += "alice,time out,never\n";
        QTemporaryDir dir;
        BurstCheck check({});
        QList<Diagnostic> errors;
        QVERIFY(!check.load(f.write(dir), &errors));
        QCOMPARE(errors.size(), 20);
        QCOMPARE(errors.first().line, 2);
    }

    void bigFilesReadInParallelGiveTheSameRows_data()
    {
        QTest::addColumn<bool>("multiline");
        QTest::addColumn<int>("otherUsers");
        QTest::addColumn<QByteArray>("lineEnd");
        QTest::addColumn<bool>("padded");
        QTest::addColumn<bool>("oneQuotedRow");
        QTest::newRow("one line per row") << false << 0 << QByteArray("\n") << false << false;
        // A quoted field spans the pieces' edges: the file is read again in one pass.
        QTest::newRow("notes over lines") << true << 0 << QByteArray("\n") << false << false;
        // Reading 300,000 users takes long enough that the helper threads read events
        // before the team owners are known; those wait by user id and are looked up later.
        QTest::newRow("many users") << false << 300000 << QByteArray("\n") << false << false;
        // Read by the fast scanner: CRLF line ends and spaces around fields.
        QTest::newRow("CRLF, padded") << false << 0 << QByteArray("\r\n") << true << false;
        // One quoted field in the middle: its piece is read by CsvReader, the rest by the
        // fast scanner.
        QTest::newRow("one quoted row") << false << 0 << QByteArray("\n") << false << true;
    }

    void bigFilesReadInParallelGiveTheSameRows()
    {
        // Over 8 MB, events are read in pieces by several threads; the rows must be those of
        // a plain one-pass count.
        QFETCH(bool, multiline);
        QFETCH(int, otherUsers);
        QFETCH(QByteArray, lineEnd);
        QFETCH(bool, padded);
        QFETCH(bool, oneQuotedRow);
        Files f;
        for (int i = 0; i < otherUsers; ++i)
            f.users += "someone-" + QByteArray::number(i) + ",t-mid,0\n";
        std::mt19937 rng(7);
        const char *users[] = {"alice", "bob", "carol", "dave", "frank"};
        QMap<QString, QList<qint64>> times;
        const QByteArray note = multiline ? "\"a note\nover\nlines\"" : "plain note";
        f.events = "user_id,event_name,event_timestamp,note\n";
        qint64 rowCount = 0;
        const QByteArray pad = padded ? " \t" : "";
        bool quotedYet = false;
        while (f.events.size() < (10 << 20)) {
            const char *u = users[rng() % 5];
            const qint64 t = T0 + rng() % 200000;
            const bool quoted = oneQuotedRow && !quotedYet && f.events.size() > (5 << 20);
            quotedYet = quotedYet || quoted;
            f.events += pad + u + pad + ',' + pad + "time out" + pad + ',' + pad +
                        QByteArray::number(t) + pad + ',' +
                        (quoted ? QByteArray("\"quoted, once\"") : note) + lineEnd;
            times[QLatin1String(u)] << t;
            ++rowCount;
        }
        // The oracle: each owner's peak count, by brute force over its sorted times.
        QMap<QString, int> expected;
        for (auto it = times.begin(); it != times.end(); ++it) {
            if (it.key() == QLatin1String("frank"))
                continue;
            QList<qint64> ts = it.value();
            std::sort(ts.begin(), ts.end());
            int peak = 0;
            for (qsizetype j = 0; j < ts.size(); ++j) {
                int c = 0;
                for (qsizetype i = j; i >= 0 && ts[i] >= ts[j] - 432; --i)
                    ++c;
                peak = std::max(peak, c);
            }
            if (peak >= 5)
                expected[it.key()] = peak;
        }
        QTemporaryDir dir;
        BurstCheck check({});
        QList<Diagnostic> errors;
        QVERIFY2(check.load(f.write(dir), &errors), qPrintable(formatDiagnostics(errors)));
        QCOMPARE(check.eventRowsRead(), rowCount);
        QMap<QString, int> actual;
        for (const BurstRow &row : check.replay())
            actual[row.userId] = row.eventCount;
        QVERIFY(!expected.isEmpty());
        QCOMPARE(actual, expected);
    }

    void aBadRowDeepInABigFileIsReportedByItsLine()
    {
        // The pieces are read apart; a problem in a late one is still reported with the line
        // it is on in the whole file, and nothing is kept.
        Files f;
        f.events = "user_id,event_name,event_timestamp\n";
        int line = 1;
        while (f.events.size() < (12 << 20)) {
            f.events += "alice,time out," + QByteArray::number(T0 + line % 1000) + '\n';
            ++line;
        }
        f.events += "alice,time out,2026-02-30T00:00:00Z\n";
        const int bad = line + 1;
        f.events += "bob,time out," + QByteArray::number(T0) + '\n';
        QTemporaryDir dir;
        BurstCheck check({});
        QList<Diagnostic> errors;
        QVERIFY(!check.load(f.write(dir), &errors));
        QCOMPARE(errors.size(), 1);
        QCOMPARE(errors.first().line, bad);
        QVERIFY2(errors.first().message.contains(QLatin1String("'2026-02-30T00:00:00Z'")),
                 qPrintable(errors.first().message));
        QCOMPARE(check.eventsKept(), qint64(0));
    }
};

QTEST_GUILESS_MAIN(tst_BurstCheck)
#include "tst_burstcheck.moc"
