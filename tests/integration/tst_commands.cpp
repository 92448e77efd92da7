#include "commands/commands.h"
#include "commandsupport.h"

#include "domain/clock.h"
#include "engine/alertbook.h"
#include "storage/alertstore.h"
#include "storage/database.h"
#include "workspace/workspacereader.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace wk;

// The headless commands called in-process, as a test or another tool would: each takes
// its arguments and returns its exit status, with no binary started.
class tst_Commands : public QObject
{
    Q_OBJECT

    static QString demo() { return QStringLiteral(WK_SOURCE_DIR "/resources/demo/workspace.yaml"); }

private slots:
    void validateNamesTheBadFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("broken.yaml"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("people:\n  - id: ana\n    name: [unclosed\n");
        f.close();
        QCOMPARE(cli::validate({QStringLiteral("watchkeeper validate"), path}), int(cli::BadInput));
        QCOMPARE(cli::validate({QStringLiteral("watchkeeper validate"), demo()}), int(cli::Ok));
    }

    // What import stores, export writes back: the same people, pipelines and rotations.
    void importThenExportRoundTrips()
    {
        QTemporaryDir dir;
        const QString url =
            QStringLiteral("sqlite://") + dir.filePath(QStringLiteral("team.sqlite"));
        QCOMPARE(cli::importWorkspace({QStringLiteral("watchkeeper import"), demo(),
                                       QStringLiteral("--database"), url}),
                 int(cli::Ok));
        const QString exported = dir.filePath(QStringLiteral("exported.yaml"));
        QCOMPARE(cli::exportWorkspace({QStringLiteral("watchkeeper export"),
                                       QStringLiteral("--database"), url, QStringLiteral("-o"),
                                       exported}),
                 int(cli::Ok));
        const WorkspaceLoadResult before = WorkspaceReader::readFile(demo());
        const WorkspaceLoadResult after = WorkspaceReader::readFile(exported);
        QVERIFY(before.workspace && after.workspace);
        QVERIFY(!before.workspace->people.isEmpty());
        QCOMPARE(after.workspace->people.size(), before.workspace->people.size());
        QCOMPARE(after.workspace->pipelines.size(), before.workspace->pipelines.size());
        QCOMPARE(after.workspace->rotations.size(), before.workspace->rotations.size());
    }

    // Export only reads: a store that is not there is reported, not created empty.
    void exportOfAMissingStoreCreatesNothing()
    {
        QTemporaryDir dir;
        const QString missing =
            QStringLiteral("sqlite://") + dir.filePath(QStringLiteral("nothing-here.sqlite"));
        QCOMPARE(cli::exportWorkspace(
                     {QStringLiteral("watchkeeper export"), QStringLiteral("--database"), missing}),
                 int(cli::Unavailable));
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("nothing-here.sqlite"))));
    }

    // outcomes lists how the stored alerts ended, and per rule the share of false alarms.
    void backtestSaysWhatAChangeWouldHaveDone()
    {
        QTemporaryDir dir;
        const QDir demoDir = QFileInfo(demo()).dir();
        for (const QString &name : demoDir.entryList(QDir::Files))
            QVERIFY(QFile::copy(demoDir.filePath(name), dir.filePath(name)));
        auto write = [&](const QString &name, const QByteArray &text) {
            QFile f(dir.filePath(name));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(text);
        };
        write(QStringLiteral("users.csv"), "user_id,team_id,is_team_owner\nu1,t1,1\nu2,t1,1\n");
        write(QStringLiteral("teams.csv"), "team_id,customer_id\nt1,c-northwind\n");
        const TimestampNs t = 1767225600LL * nanosPerSecond; // 2026-01-01
        const qint64 s = nanosPerSecond;
        QByteArray events = "event_timestamp,user_id,event_name\n";
        for (int i = 0; i < 6; ++i) // u1 at 02:00, six; u2 at 14:00, five
            events += QByteArray::fromStdString(formatTimestamp(t + 2 * 3600 * s + i * 10 * s)) +
                      ",u1,time out\n";
        for (int i = 0; i < 5; ++i)
            events += QByteArray::fromStdString(formatTimestamp(t + 14 * 3600 * s + i * 10 * s)) +
                      ",u2,time out\n";
        write(QStringLiteral("events.csv"), events);
        const QString workspace = dir.filePath(QStringLiteral("workspace.yaml"));
        const WorkspaceLoadResult loaded = WorkspaceReader::readFile(workspace);
        QVERIFY(loaded.workspace);
        // u2's burst, as the console raised it and someone marked it noise.
        ManualClock clock(t + 14 * 3600 * s + 45 * s);
        AlertBook book(*loaded.workspace, clock);
        AlertCondition c;
        c.ruleId = QStringLiteral("user-facing-errors");
        c.ruleKind = QStringLiteral("burst");
        c.pipelineId = QStringLiteral("engagement-aggregate");
        c.subject = QStringLiteral("u2/time out");
        c.title = c.subject;
        c.count = 5;
        const qint64 id = book.fire(c);
        AlertOutcome noise;
        noise.kind = AlertOutcome::Kind::Noise;
        noise.reason = AlertOutcome::Reason::ThresholdTooLow;
        QVERIFY(book.markOutcome(id, noise, loaded.workspace->people.first().id));
        const QString url = QStringLiteral("sqlite://") + dir.filePath(QStringLiteral("s.sqlite"));
        {
            QString error;
            auto db = Database::open(url, &error);
            QVERIFY2(db, qPrintable(error));
            QVERIFY2(AlertStore(*db).save(book.takeChanges(), &error), qPrintable(error));
        }
        const QString out = dir.filePath(QStringLiteral("backtest.json"));
        const QStringList base = {QStringLiteral("watchkeeper backtest"),
                                  QStringLiteral("--workspace"),
                                  workspace,
                                  QStringLiteral("--database"),
                                  url,
                                  QStringLiteral("--rule"),
                                  QStringLiteral("user-facing-errors"),
                                  QStringLiteral("--since"),
                                  QStringLiteral("2025-12-01"),
                                  QStringLiteral("-o"),
                                  out};
        QCOMPARE(
            cli::backtest(base + QStringList{QStringLiteral("--set"), QStringLiteral("threshold=6"),
                                             QStringLiteral("--format"), QStringLiteral("json")}),
            int(cli::Ok));
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject r = QJsonDocument::fromJson(f.readAll()).object();
        f.close();
        QCOMPARE(r[QStringLiteral("events")].toInt(), 11);
        QCOMPARE(r[QStringLiteral("alerts_before")].toInt(), 2);
        QCOMPARE(r[QStringLiteral("alerts_after")].toInt(), 1);
        QCOMPARE(r[QStringLiteral("no_longer_fire")].toInt(), 1);
        QCOMPARE(r[QStringLiteral("no_longer_fire_noise")].toInt(), 1);
        QCOMPARE(r[QStringLiteral("changes")].toArray().first().toString(),
                 QStringLiteral("threshold 5 → 6"));
        const QJsonObject gone = r[QStringLiteral("gone")].toArray().first().toObject();
        QCOMPARE(gone[QStringLiteral("alert")].toInteger(), id);
        QCOMPARE(gone[QStringLiteral("reason")].toString(), QStringLiteral("threshold_too_low"));
        QCOMPARE(r[QStringLiteral("median_raise_shift_seconds")].toDouble(), 10.0);

        // The table names what would no longer fire and how it ended.
        QCOMPARE(cli::backtest(base +
                               QStringList{QStringLiteral("--set"), QStringLiteral("threshold=6")}),
                 int(cli::Ok));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QString table = QString::fromUtf8(f.readAll());
        f.close();
        QVERIFY2(table.contains(QStringLiteral("Would no longer fire: 1 (noise 1,")),
                 qPrintable(table));
        QVERIFY(table.contains(QStringLiteral("u2/time out")));

        // Misuse: a key the rule does not have, a rule that does not exist.
        QCOMPARE(
            cli::backtest(base + QStringList{QStringLiteral("--set"), QStringLiteral("drop=0.5")}),
            int(cli::BadInput));
        QStringList unknown = base;
        unknown[6] = QStringLiteral("nope");
        QCOMPARE(cli::backtest(unknown), int(cli::BadInput));
    }

    void outcomesListsHowAlertsEnded()
    {
        QTemporaryDir dir;
        const WorkspaceLoadResult loaded = WorkspaceReader::readFile(demo());
        QVERIFY(loaded.workspace);
        const TimestampNs t = 1767225600LL * nanosPerSecond;
        ManualClock clock(t);
        AlertBook book(*loaded.workspace, clock);
        auto burst = [&](const QString &rule, const QString &subject) {
            AlertCondition c;
            c.ruleId = rule;
            c.ruleKind = QStringLiteral("burst");
            c.pipelineId = loaded.workspace->pipelines.first().id;
            c.subject = subject;
            c.title = subject;
            c.count = 5;
            return c;
        };
        const QString person = loaded.workspace->people.first().id;
        const qint64 noisy = book.fire(burst(QStringLiteral("chatty"), QStringLiteral("a")));
        book.fire(burst(QStringLiteral("chatty"), QStringLiteral("b")));
        const qint64 real = book.fire(burst(QStringLiteral("solid"), QStringLiteral("c")));
        book.fire(burst(QStringLiteral("solid"), QStringLiteral("open")));
        AlertOutcome flapping;
        flapping.kind = AlertOutcome::Kind::Noise;
        flapping.reason = AlertOutcome::Reason::Flapping;
        QVERIFY(book.markOutcome(noisy, flapping, person));
        clock.advance(60 * nanosPerSecond);
        book.clear(burst(QStringLiteral("chatty"), QStringLiteral("b")).dedupKey());
        QVERIFY(book.acknowledge(real, person));
        QVERIFY(book.resolve(real, person));
        const QString url = QStringLiteral("sqlite://") + dir.filePath(QStringLiteral("s.sqlite"));
        {
            QString error;
            auto db = Database::open(url, &error);
            QVERIFY2(db, qPrintable(error));
            QVERIFY2(AlertStore(*db).save(book.takeChanges(), &error), qPrintable(error));
        }
        const QString out = dir.filePath(QStringLiteral("outcomes.json"));
        const QStringList base = {QStringLiteral("watchkeeper outcomes"),
                                  QStringLiteral("--workspace"),
                                  demo(),
                                  QStringLiteral("--database"),
                                  url,
                                  QStringLiteral("--since"),
                                  QStringLiteral("2025-12-01"),
                                  QStringLiteral("--format"),
                                  QStringLiteral("json"),
                                  QStringLiteral("-o"),
                                  out};
        auto rows = [&](const QStringList &more) {
            if (cli::outcomes(base + more) != cli::Ok)
                return QJsonArray();
            QFile f(out);
            return f.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(f.readAll()).array()
                                               : QJsonArray();
        };
        const QJsonArray alerts = rows({});
        QCOMPARE(alerts.size(), 3); // the open one has not ended
        QHash<qint64, QJsonObject> byId;
        for (const QJsonValue v : alerts)
            byId.insert(v[QStringLiteral("alert")].toInteger(), v.toObject());
        QCOMPARE(byId.value(noisy).value(QStringLiteral("outcome")).toString(),
                 QStringLiteral("noise"));
        QCOMPARE(byId.value(noisy).value(QStringLiteral("reason")).toString(),
                 QStringLiteral("flapping"));
        QCOMPARE(byId.value(noisy).value(QStringLiteral("by")).toString(), person);
        QCOMPARE(byId.value(real).value(QStringLiteral("outcome")).toString(),
                 QStringLiteral("actionable"));
        QVERIFY(!byId.value(real).value(QStringLiteral("why")).toString().isEmpty());

        const QJsonArray rules = rows({QStringLiteral("--by-rule")});
        QCOMPARE(rules.size(), 2);
        QCOMPARE(rules.at(0)[QStringLiteral("rule")].toString(), QStringLiteral("chatty"));
        QCOMPARE(rules.at(0)[QStringLiteral("noise")].toInt(), 1);
        QCOMPARE(rules.at(0)[QStringLiteral("resolved_by_itself")].toInt(), 1);
        QCOMPARE(rules.at(0)[QStringLiteral("false_alarm_pct")].toInt(), 100);
        QCOMPARE(rules.at(1)[QStringLiteral("actionable")].toInt(), 1);
        QCOMPARE(rows({QStringLiteral("--rule"), QStringLiteral("solid")}).size(), 1);

        // Raised before --since: left out. Misuse: said, and nothing written.
        QVERIFY(QFile::remove(out));
        QVERIFY(rows({QStringLiteral("--since"), QStringLiteral("2026-06-01")}).isEmpty());
        QVERIFY(QFile::exists(out));
        QCOMPARE(cli::outcomes({QStringLiteral("watchkeeper outcomes"),
                                QStringLiteral("--workspace"), demo(), QStringLiteral("--database"),
                                url, QStringLiteral("--since"), QStringLiteral("last week")}),
                 int(cli::BadInput));
        QCOMPARE(cli::outcomes(
                     {QStringLiteral("watchkeeper outcomes"), QStringLiteral("--database"), url}),
                 int(cli::BadInput));
    }

    // noise evaluate: figures on a generated history; a store with too little history says
    // so with the findings status; misuse is refused.
    void noiseEvaluateRunsOrSaysWhyNot()
    {
        const QStringList base = {QStringLiteral("watchkeeper noise"), QStringLiteral("evaluate"),
                                  QStringLiteral("--workspace"), demo()};
        QCOMPARE(
            cli::noise(base + QStringList{QStringLiteral("--generated"), QStringLiteral("3000"),
                                          QStringLiteral("--seed"), QStringLiteral("2")}),
            int(cli::Ok));
        QTemporaryDir dir;
        QCOMPARE(cli::noise(base + QStringList{QStringLiteral("--database"),
                                               dir.filePath(QStringLiteral("empty.sqlite"))}),
                 int(cli::Findings));
        QCOMPARE(
            cli::noise(base + QStringList{QStringLiteral("--train-share"), QStringLiteral("0.99")}),
            int(cli::BadInput));
        QCOMPARE(cli::noise(
                     {QStringLiteral("watchkeeper noise"), QStringLiteral("--workspace"), demo()}),
                 int(cli::BadInput));
    }

    // Each rule of the demo that has a warehouse form, in each dialect, to a file; what it
    // cannot write is refused with the reason.
    void sqlWritesTheRulesForAWarehouse()
    {
        QTemporaryDir dir;
        const QStringList base = {QStringLiteral("watchkeeper sql"), QStringLiteral("--workspace"),
                                  demo()};
        for (const QString &dialect : {QStringLiteral("postgresql"), QStringLiteral("bigquery"),
                                       QStringLiteral("snowflake"), QStringLiteral("sparksql")}) {
            for (const QString &rule :
                 {QStringLiteral("user-facing-errors"), QStringLiteral("engagement-fresh"),
                  QStringLiteral("growth-volume"), QStringLiteral("duplicate-events")}) {
                const QString out = dir.filePath(rule + QLatin1Char('.') + dialect + ".sql");
                QCOMPARE(cli::sql(base + QStringList{QStringLiteral("--rule"), rule,
                                                     QStringLiteral("--dialect"), dialect,
                                                     QStringLiteral("--at"),
                                                     QStringLiteral("2026-12-01"),
                                                     QStringLiteral("-o"), out}),
                         int(cli::Ok));
                QFile f(out);
                QVERIFY(f.open(QIODevice::ReadOnly));
                const QString text = QString::fromUtf8(f.readAll());
                QVERIFY2(text.contains(QStringLiteral("-- reads events: table events")),
                         qPrintable(text));
                QVERIFY(text.contains(QStringLiteral("rule '%1'").arg(rule)));
                QVERIFY(text.trimmed().endsWith(QLatin1Char(';')));
            }
        }
        QCOMPARE(cli::sql(base + QStringList{QStringLiteral("--rule"),
                                             QStringLiteral("user-facing-errors"),
                                             QStringLiteral("--dialect"), QStringLiteral("mysql")}),
                 int(cli::BadInput));
        QCOMPARE(cli::sql(base + QStringList{QStringLiteral("--rule"), QStringLiteral("nope")}),
                 int(cli::BadInput));
    }

    // The package goes into a new folder whole; a folder in use is left as it was.
    void dbtExportWritesAPackage()
    {
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("pkg"));
        const QStringList args = {QStringLiteral("watchkeeper dbt"), QStringLiteral("export"),
                                  QStringLiteral("--workspace"),     demo(),
                                  QStringLiteral("--out"),           out};
        QCOMPARE(cli::dbt(args), int(cli::Ok));
        for (const char *f :
             {"dbt_project.yml", "models/sources.yml", "models/schema.yml",
              "seeds/wk_customers.csv", "models/user_facing_errors/user_facing_errors__alerts.sql",
              "tests/user_facing_errors__event_count_positive.sql"})
            QVERIFY2(QFileInfo::exists(out + QLatin1Char('/') + QLatin1String(f)), f);
        const QDateTime written =
            QFileInfo(out + QStringLiteral("/dbt_project.yml")).lastModified();
        QCOMPARE(cli::dbt(args), int(cli::BadInput));
        QCOMPARE(QFileInfo(out + QStringLiteral("/dbt_project.yml")).lastModified(), written);
        QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
                 QStringList{QStringLiteral("pkg")}); // no staging folder left behind
        QCOMPARE(cli::dbt({QStringLiteral("watchkeeper dbt"), QStringLiteral("import")}),
                 int(cli::BadInput));
    }

    void generateWritesTheDataSet()
    {
        QTemporaryDir dir;
        QCOMPARE(cli::generate({QStringLiteral("watchkeeper generate"), QStringLiteral("--out"),
                                dir.path(), QStringLiteral("--events"), QStringLiteral("500"),
                                QStringLiteral("--users"), QStringLiteral("20")}),
                 int(cli::Ok));
        QFile events(dir.filePath(QStringLiteral("events.csv")));
        QVERIFY(events.open(QIODevice::ReadOnly));
        int lines = 0;
        while (!events.readLine().isEmpty())
            ++lines;
        QCOMPARE(lines, 501); // the header and each event
        QCOMPARE(cli::generate({QStringLiteral("watchkeeper generate"), QStringLiteral("--out"),
                                dir.path(), QStringLiteral("--users"), QStringLiteral("0")}),
                 int(cli::BadInput));
    }

    // --from and --weeks, shared by schedule, fairness and the reports.
    void spanOptions_data()
    {
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<bool>("accepted");
        QTest::addColumn<QDate>("first");
        QTest::addColumn<int>("weeks");
        QTest::newRow("given") << QStringList{"--from", "2026-12-07", "--weeks", "3"} << true
                               << QDate(2026, 12, 7) << 3;
        QTest::newRow("default weeks")
            << QStringList{"--from", "2026-01-05"} << true << QDate(2026, 1, 5) << 12;
        QTest::newRow("no weeks") << QStringList{"--weeks", "0"} << false << QDate() << 0;
        QTest::newRow("too many weeks") << QStringList{"--weeks", "521"} << false << QDate() << 0;
        QTest::newRow("not a date") << QStringList{"--from", "7 Dec"} << false << QDate() << 0;
        QTest::newRow("date and more")
            << QStringList{"--from", "2026-12-07T10:00"} << false << QDate() << 0;
    }

    void spanOptions()
    {
        QFETCH(QStringList, options);
        QFETCH(bool, accepted);
        QCommandLineParser parser;
        const cli::SpanOptions span;
        parser.addOptions({span.from, span.weeks});
        QVERIFY(parser.parse(QStringList{QStringLiteral("watchkeeper schedule")} + options));
        QDate from;
        int n = 0;
        int code = cli::Ok;
        QCOMPARE(cli::readSpan(parser, span.from, span.weeks, &from, &n, &code), accepted);
        if (accepted) {
            QFETCH(QDate, first);
            QFETCH(int, weeks);
            QCOMPARE(from, first);
            QCOMPARE(n, weeks);
        } else {
            QCOMPARE(code, int(cli::BadInput));
        }
    }
};

QTEST_GUILESS_MAIN(tst_Commands)
#include "tst_commands.moc"
