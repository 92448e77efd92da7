#include "demoworkspace.h"
#include "domain/clock.h"
#include "engine/alertbook.h"
#include "httprecorder.h"
#include "keychain/credentialstore.h"
#include "keychainsession.h"
#include "listenport.h"
#include "pgtestdatabase.h"
#include "schedule/scheduleexport.h"
#include "smtptestserver.h"
#include "storage/alertstore.h"
#include "storage/database.h"
#include "workspace/starterworkspace.h"
#include "workspace/workspacereader.h"
#include "workspace/workspacewriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTimeZone>
#include <QtTest>

using namespace wk;

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run watchkeeper(const QStringList &arguments, const QString &home = {})
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    if (!home.isEmpty()) {
        env.insert(QStringLiteral("HOME"), home);
        env.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/.local/share"));
    }
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(WK_BINARY), arguments);
    // The event loop runs meanwhile: servers the test runs in-process answer the command.
    if (!QTest::qWaitFor([&] { return p.state() == QProcess::NotRunning; }, 120000))
        return {};
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
            QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

const QString demoPath = QStringLiteral(WK_SOURCE_DIR "/resources/demo/workspace.yaml");

} // namespace

class tst_Cli : public QObject
{
    Q_OBJECT
private slots:
    void versionAndHelp()
    {
        Run r = watchkeeper({QStringLiteral("--version")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.startsWith(QStringLiteral("watchkeeper ")));
        r = watchkeeper({QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(QStringLiteral("validate")));
        r = watchkeeper({QStringLiteral("frobnicate")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains(QStringLiteral("unknown command 'frobnicate'")));
    }

    void validateNamesEachErrorsLine()
    {
        QTemporaryDir dir;
        // Copies of the demo need the calendar it names beside them.
        QFile::copy(QStringLiteral(WK_SOURCE_DIR "/resources/demo/holidays.ics"),
                    dir.filePath(QStringLiteral("holidays.ics")));
        QFile in(demoPath);
        QVERIFY(in.open(QIODevice::ReadOnly));
        QByteArray yaml = in.readAll();
        const qsizetype typo = yaml.indexOf("    criticality: critical");
        const int typoLine = yaml.left(typo).count('\n') + 1;
        yaml.replace(typo, 25, "    criticality: urgent");
        yaml.replace("owners: {primary: dana, secondary: chen}",
                     "owners: {primary: dana, secondary: eve}");
        const QString path = dir.filePath(QStringLiteral("broken.yaml"));
        QFile out(path);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(yaml);
        out.close();

        Run r = watchkeeper({QStringLiteral("validate"), path});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("%1:%2:18: error: 'criticality' of pipeline "
                                               "'profit-aggregate' must be critical, high or "
                                               "medium, not 'urgent'")
                                    .arg(path)
                                    .arg(typoLine)),
                 qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("unknown person 'eve'")), qPrintable(r.err));
        QVERIFY(r.err.contains(QStringLiteral("2 problem(s) found")));

        r = watchkeeper({QStringLiteral("validate"), demoPath});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(QStringLiteral("ok")));
        // Every section read is listed, so a user sees it was understood.
        for (const char *said : {"people        4", "pipelines     6", "rotations     2", "rules",
                                 "sources", "holidays", "time off      2", "overrides     0",
                                 "receiver", "Primary seat, now and next:", "investor-reporting"})
            QVERIFY2(r.out.contains(QString::fromLatin1(said)), qPrintable(said + r.out));
    }

    void importExportSqlite()
    {
        QTemporaryDir dir;
        // Copies of the demo need the calendar it names beside them.
        QFile::copy(QStringLiteral(WK_SOURCE_DIR "/resources/demo/holidays.ics"),
                    dir.filePath(QStringLiteral("holidays.ics")));
        const QString db = dir.filePath(QStringLiteral("store.sqlite"));
        Run r = watchkeeper({QStringLiteral("import"), demoPath, QStringLiteral("--database"), db});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QString exported = dir.filePath(QStringLiteral("exported.yaml"));
        r = watchkeeper({QStringLiteral("export"), QStringLiteral("--database"), db,
                         QStringLiteral("-o"), exported});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(*WorkspaceReader::readFile(exported).workspace,
                 *WorkspaceReader::readFile(demoPath).workspace);

        // A broken file is refused and the stored workspace stays as it was.
        const QString broken = dir.filePath(QStringLiteral("broken.yaml"));
        QFile f(broken);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("version: 1\nname: Broken\npipelines:\n  - id: x\n");
        f.close();
        r = watchkeeper({QStringLiteral("import"), broken, QStringLiteral("--database"), db});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains(QStringLiteral("nothing was changed")));
        r = watchkeeper({QStringLiteral("export"), QStringLiteral("--database"), db});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(QStringLiteral("Lumen Analytics")));
    }

    void defaultStoreIsInTheUserDataDirectory()
    {
        QTemporaryDir home;
        Run r = watchkeeper({QStringLiteral("import"), demoPath}, home.path());
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(QFile::exists(home.filePath(
                     QStringLiteral(".local/share/Watchkeeper/watchkeeper/watchkeeper.sqlite"))),
                 qPrintable(r.out));
    }

    void importExportPostgres()
    {
        test::PgTestDatabase pg;
        QVERIFY2(pg.isValid(), qPrintable(pg.error()));
        Run r = watchkeeper({QStringLiteral("import"), demoPath, QStringLiteral("-d"), pg.url()});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        r = watchkeeper({QStringLiteral("export"), QStringLiteral("-d"), pg.url()});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const auto reread = WorkspaceReader::readText(r.out.toUtf8(), QStringLiteral("stdout"));
        QVERIFY(reread.ok());
        QCOMPARE(*reread.workspace, *WorkspaceReader::readFile(demoPath).workspace);
    }

    void checkBurst()
    {
        QTemporaryDir dir;
        // Copies of the demo need the calendar it names beside them.
        QFile::copy(QStringLiteral(WK_SOURCE_DIR "/resources/demo/holidays.ics"),
                    dir.filePath(QStringLiteral("holidays.ics")));
        auto put = [&](const char *name, const QByteArray &content) {
            QFile f(dir.filePath(QLatin1String(name)));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(content);
        };
        put("users.csv", "user_id,team_id,is_team_owner\r\nu1,t1,1\r\nu2,t2,1\r\n");
        put("teams.csv", "team_id,customer_id\nt1,c1\nt2,c2\n");
        put("customers.csv", "customer_id,revenue\nc1,50\nc2,500\n");
        QByteArray events = "event_timestamp,user_id,event_name\n";
        for (int i = 0; i < 5; ++i)
            events += QByteArray::number(1767225600 + i * 108) + ",u1,time out\n";
        for (int i = 0; i < 6; ++i)
            events +=
                "2026-01-01T00:0" + QByteArray::number(i) + ":00+00:00,u2,\"page not found\"\n";
        put("events.csv", events);
        const QStringList files = {
            QStringLiteral("--events"),    dir.filePath(QStringLiteral("events.csv")),
            QStringLiteral("--users"),     dir.filePath(QStringLiteral("users.csv")),
            QStringLiteral("--teams"),     dir.filePath(QStringLiteral("teams.csv")),
            QStringLiteral("--customers"), dir.filePath(QStringLiteral("customers.csv"))};
        const QStringList burst = {QStringLiteral("check"), QStringLiteral("burst")};

        Run r = watchkeeper(burst + files);
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.out, QStringLiteral("user_id,team_id,event_name,event_count\n"
                                       "u2,t2,page not found,6\n"
                                       "u1,t1,time out,5\n"));

        // At 00:07:12 u1's first event is exactly on the window's edge; a second later it is out.
        r = watchkeeper(burst + files +
                        QStringList{QStringLiteral("--at"), QStringLiteral("2026-01-01T00:07:12Z"),
                                    QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(r.exitCode, 1);
        const QJsonArray rows = QJsonDocument::fromJson(r.out.toUtf8()).array();
        QCOMPARE(rows.size(), 2);
        QCOMPARE(rows[1].toObject().value(QStringLiteral("user_id")).toString(),
                 QStringLiteral("u1"));
        QCOMPARE(rows[1].toObject().value(QStringLiteral("event_count")).toInt(), 5);
        r = watchkeeper(burst + files +
                        QStringList{QStringLiteral("--at"), QStringLiteral("1767226033"),
                                    QStringLiteral("--sla-events"), QStringLiteral("time out")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, QStringLiteral("user_id,team_id,event_name,event_count\n"));

        r = watchkeeper(burst + files +
                        QStringList{QStringLiteral("--threshold"), QStringLiteral("6"),
                                    QStringLiteral("--format"), QStringLiteral("table")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.out.contains(QStringLiteral("u2       t2       page not found            6")),
                 qPrintable(r.out));
        QVERIFY(r.out.endsWith(QStringLiteral("1 row\n")));

        // Bad input: exit 2, the file and line on stderr, nothing on stdout.
        put("events.csv", events + "2026-02-30T00:00:00Z,u1,time out\n");
        r = watchkeeper(burst + files);
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(
            r.err.contains(dir.filePath(QStringLiteral("events.csv")) +
                           QStringLiteral(":13: error: event_timestamp '2026-02-30T00:00:00Z'")),
            qPrintable(r.err));
        r = watchkeeper(burst + files +
                        QStringList{QStringLiteral("--window"), QStringLiteral("soon")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains(QStringLiteral("--window 'soon'")));
        r = watchkeeper(burst + files.mid(2));
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains(QStringLiteral("--events FILE is required")));
    }

    void scheduleAndHandoff()
    {
        const QString demo = QStringLiteral(WK_SOURCE_DIR "/resources/demo/workspace.yaml");
        Run r = watchkeeper({QStringLiteral("schedule"), QStringLiteral("--workspace"), demo,
                             QStringLiteral("--from"), QStringLiteral("2026-11-23"),
                             QStringLiteral("--weeks"), QStringLiteral("4")});
        QCOMPARE(r.exitCode, 0);
        QString error;
        QVERIFY2(ScheduleExport::validateIcs(r.out.toUtf8(), &error), qPrintable(error));
        QVERIFY(r.out.contains(QStringLiteral("SUMMARY:Primary on call:")));

        r = watchkeeper({QStringLiteral("schedule"), QStringLiteral("--workspace"), demo,
                         QStringLiteral("--from"), QStringLiteral("2026-11-23"),
                         QStringLiteral("--weeks"), QStringLiteral("1"), QStringLiteral("--format"),
                         QStringLiteral("csv"), QStringLiteral("--rotation"),
                         QStringLiteral("investor-reporting")});
        QCOMPARE(r.exitCode, 0);
        const QStringList lines = r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        // The turn running on the 23rd and the one starting that morning, both seats each,
        // and month-end cover for the last five days of November.
        QCOMPARE(lines.size(), 1 + 4 + 1);
        QCOMPARE(lines.filter(QStringLiteral("investor-reporting,month-end,")).size(), 1);

        r = watchkeeper({QStringLiteral("schedule"), QStringLiteral("--workspace"), demo,
                         QStringLiteral("--format"), QStringLiteral("xml")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains(QStringLiteral("must be ics or csv")));

        QTemporaryDir dir;
        const QString store = dir.filePath(QStringLiteral("alerts.sqlite"));
        r = watchkeeper({QStringLiteral("handoff"), QStringLiteral("--workspace"), demo,
                         QStringLiteral("--database"), store, QStringLiteral("--week"),
                         QStringLiteral("2026-11-16")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QStringLiteral("| Alerts opened | 0")), qPrintable(r.out));
        QVERIFY(r.out.contains(QStringLiteral(
            "| Investor reporting | Bruno Lehmann / Dana Whitfield | Chen Wei / Amara Okafor |")));

        const QString pdf = dir.filePath(QStringLiteral("handoff.pdf"));
        r = watchkeeper({QStringLiteral("handoff"), QStringLiteral("--workspace"), demo,
                         QStringLiteral("--database"), store, QStringLiteral("--format"),
                         QStringLiteral("pdf"), QStringLiteral("-o"), pdf});
        QCOMPARE(r.exitCode, 0);
        QFile f(pdf);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.read(5) == "%PDF-");

        r = watchkeeper({QStringLiteral("handoff"), QStringLiteral("--workspace"), demo,
                         QStringLiteral("--format"), QStringLiteral("pdf")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains(QStringLiteral("needs --output")));
    }

    void fairnessAndInsights()
    {
        const QString demo = QStringLiteral(WK_SOURCE_DIR "/resources/demo/workspace.yaml");
        QTemporaryDir dir;
        const QString store = dir.filePath(QStringLiteral("alerts.sqlite"));
        {
            // Two alerts stored as the console would: one resolved in 30 minutes, one open.
            QString error;
            auto db = Database::open(store, &error);
            QVERIFY2(db, qPrintable(error));
            const Workspace ws = test::demoWorkspace();
            ManualClock clock(
                toTimestamp(QDateTime(QDate(2026, 11, 17), QTime(3, 0), QTimeZone::utc())));
            AlertBook book(ws, clock);
            AlertCondition c;
            c.ruleId = QStringLiteral("r");
            c.ruleKind = QStringLiteral("burst");
            c.pipelineId = QStringLiteral("profit-unit");
            c.subject = QStringLiteral("u1");
            c.title = QStringLiteral("errors");
            c.severity = Severity::Critical;
            const qint64 first = book.fire(c);
            clock.set(clock.now() + 30 * 60 * nanosPerSecond);
            QVERIFY(book.resolve(first, QStringLiteral("dana")));
            c.subject = QStringLiteral("u2");
            c.severity = Severity::High;
            book.fire(c);
            QVERIFY2(AlertStore(*db).save(book.takeChanges(), &error), qPrintable(error));
        }
        Run r = watchkeeper({QStringLiteral("insights"), QStringLiteral("--workspace"), demo,
                             QStringLiteral("--database"), store, QStringLiteral("--from"),
                             QStringLiteral("2026-11-16"), QStringLiteral("--to"),
                             QStringLiteral("2026-11-22"), QStringLiteral("--format"),
                             QStringLiteral("json")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject j = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(j[QStringLiteral("alerts")].toInt(), 2);
        QCOMPARE(j[QStringLiteral("volume")].toArray().size(), 7);
        QCOMPARE(
            j[QStringLiteral("volume")].toArray()[1].toObject()[QStringLiteral("critical")].toInt(),
            1);
        QCOMPARE(j[QStringLiteral("response")]
                     .toArray()[0]
                     .toObject()[QStringLiteral("mttr_minutes")]
                     .toDouble(),
                 30.0);
        QCOMPARE(j[QStringLiteral("timezone")].toString(), QStringLiteral("Europe/London"));

        r = watchkeeper({QStringLiteral("insights"), QStringLiteral("--workspace"), demo,
                         QStringLiteral("--database"), store, QStringLiteral("--from"),
                         QStringLiteral("2026-11-16"), QStringLiteral("--to"),
                         QStringLiteral("2026-11-22"), QStringLiteral("--pipeline"),
                         QStringLiteral("growth-daily")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.startsWith(QStringLiteral("chart,series,x,value\n")));
        QVERIFY(r.out.contains(QStringLiteral("budget,pipeline:growth-daily,2026-11-22,")));
        QVERIFY(!r.out.contains(QStringLiteral("pipeline:profit-unit")));

        for (const QStringList &bad :
             {QStringList{QStringLiteral("--from"), QStringLiteral("2026-11-30"),
                          QStringLiteral("--to"), QStringLiteral("2026-11-01")},
              QStringList{QStringLiteral("--pipeline"), QStringLiteral("nope")},
              QStringList{QStringLiteral("--team"), QStringLiteral("nope")},
              QStringList{QStringLiteral("--to"), QStringLiteral("2026-13-01")},
              QStringList{QStringLiteral("--format"), QStringLiteral("xml")}}) {
            r = watchkeeper(QStringList{QStringLiteral("insights"), QStringLiteral("--workspace"),
                                        demo, QStringLiteral("--database"), store} +
                            bad);
            QVERIFY2(r.exitCode == 2, qPrintable(bad.join(u' ') + QStringLiteral(": ") + r.err));
        }

        r = watchkeeper({QStringLiteral("fairness"), QStringLiteral("--workspace"), demo,
                         QStringLiteral("--database"), store, QStringLiteral("--from"),
                         QStringLiteral("2026-11-16"), QStringLiteral("--weeks"),
                         QStringLiteral("1"), QStringLiteral("--format"), QStringLiteral("csv")});
        QCOMPARE(r.exitCode, 0);
        const QStringList lines = r.out.trimmed().split(u'\n');
        // Header, four investor-reporting people, three product-analytics people.
        QCOMPARE(lines.size(), 1 + 4 + 3);
        // The critical alert paged the investor-reporting primary; dana resolved it.
        QVERIFY2(lines.filter(QStringLiteral("investor-reporting,dana,"))
                     .first()
                     .endsWith(QStringLiteral(",1")),
                 qPrintable(r.out));
        r = watchkeeper({QStringLiteral("fairness"), QStringLiteral("--workspace"), demo,
                         QStringLiteral("--database"), store, QStringLiteral("--rotation"),
                         QStringLiteral("nope")});
        QCOMPARE(r.exitCode, 2);
    }

    // 'check --workspace' reads dbt target folders as the console does: the demo's failing
    // test is an alert, and a dbt folder that is not there is an error, not silence.
    void checkWorkspaceReadsDbt()
    {
        QTemporaryDir dir;
        for (const char *name : {"workspace.yaml", "holidays.ics", "manifest.json",
                                 "run_results.json", "sources.json"})
            QVERIFY(
                QFile::copy(QStringLiteral(WK_SOURCE_DIR "/resources/demo/") + QLatin1String(name),
                            dir.filePath(QLatin1String(name))));
        for (const auto &[name, header] :
             {std::pair{"events.csv", "event_timestamp,user_id,event_name\n"},
              std::pair{"users.csv", "user_id,team_id,is_team_owner\n"},
              std::pair{"teams.csv", "team_id,customer_id\n"}}) {
            QFile f(dir.filePath(QLatin1String(name)));
            QVERIFY(f.open(QIODevice::WriteOnly) && f.write(header) > 0);
        }
        const QString path = dir.filePath(QStringLiteral("workspace.yaml"));
        Run r = watchkeeper({QStringLiteral("check"), QStringLiteral("--workspace"), path});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.out.contains(QStringLiteral("dbt:warehouse-dbt")) &&
                     r.out.contains(QStringLiteral(
                         "dbt test not_null_profit_unit_fee_amount fails: 12 failing row(s)")),
                 qPrintable(r.out + r.err));

        QFile ws(path);
        QVERIFY(ws.open(QIODevice::ReadOnly));
        const QByteArray text = ws.readAll();
        ws.close();
        QVERIFY(ws.open(QIODevice::WriteOnly | QIODevice::Truncate));
        ws.write(QByteArray(text).replace("kind: dbt\n    path: .", "kind: dbt\n    path: gone"));
        ws.close();
        r = watchkeeper({QStringLiteral("check"), QStringLiteral("--workspace"), path});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("source 'warehouse-dbt' (dbt)")) &&
                     r.err.contains(QStringLiteral("gone")),
                 qPrintable(r.err));
    }

    void starterWorkspacePassesValidate()
    {
        // What File → New Workspace writes, checked by the command a user would run.
        StarterWorkspace starter;
        starter.name = QStringLiteral("Acme data");
        starter.teamName = QStringLiteral("Data Platform");
        starter.people = QStringLiteral("Amara Okafor <amara@example.org>\n"
                                        "Bruno Lehmann <bruno@example.org>");
        starter.timeZone = QStringLiteral("Europe/Berlin");
        starter.pipelineName = QStringLiteral("Orders — daily");
        QStringList problems;
        const auto ws = starter.build(&problems);
        QVERIFY2(ws, qPrintable(problems.join(QLatin1Char('\n'))));
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("workspace.yaml"));
        QString error;
        QVERIFY2(WorkspaceWriter::writeFile(*ws, path, &error), qPrintable(error));
        const Run r = watchkeeper({QStringLiteral("validate"), path});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QStringLiteral("ok")), qPrintable(r.out + r.err));
        QVERIFY2(r.out.contains(QStringLiteral("people        2")), qPrintable(r.out));
    }

    void checkWorkspace()
    {
        QTemporaryDir dir;
        // Copies of the demo need the calendar it names beside them.
        QFile::copy(QStringLiteral(WK_SOURCE_DIR "/resources/demo/holidays.ics"),
                    dir.filePath(QStringLiteral("holidays.ics")));
        QFile in(demoPath);
        QVERIFY(in.open(QIODevice::ReadOnly));
        QFile ws(dir.filePath(QStringLiteral("workspace.yaml")));
        QVERIFY(ws.open(QIODevice::WriteOnly));
        // The rules alone: the dbt source has a test of its own (checkWorkspaceReadsDbt).
        ws.write(in.readAll()
                     .replace("  - id: warehouse-dbt\n    kind: dbt\n    path: .\n", "")
                     .replace("    source: warehouse-dbt\n", ""));
        ws.close();
        QFile users(dir.filePath(QStringLiteral("users.csv")));
        QVERIFY(users.open(QIODevice::WriteOnly));
        users.write("user_id,team_id,is_team_owner\nann,t1,1\nbob,t2,1\n");
        users.close();
        QFile teams(dir.filePath(QStringLiteral("teams.csv")));
        QVERIFY(teams.open(QIODevice::WriteOnly));
        teams.write("team_id,customer_id\nt1,c-initech\nt2,c-northwind\n");
        teams.close();
        QFile events(dir.filePath(QStringLiteral("events.csv")));
        QVERIFY(events.open(QIODevice::WriteOnly));
        events.write("event_timestamp,user_id,event_name\n");
        for (int i = 0; i < 5; ++i) {
            events.write(QByteArray::number(1767225600 + i) + ",ann,time out\n");
            events.write(QByteArray::number(1767225600 + i) + ",bob,page not found\n");
        }
        events.close();
        const QString path = ws.fileName();

        Run r = watchkeeper({QStringLiteral("check"), QStringLiteral("--workspace"), path,
                             QStringLiteral("--at"), QStringLiteral("2026-01-01T00:01:00Z")});
        QCOMPARE(r.exitCode, 1);
        const QStringList lines = r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 5);
        // Northwind pays $500, Initech $50: bob's burst comes first, and within it the
        // critical alert (the executive dashboard's rule) before the high one.
        QVERIFY2(lines[1].startsWith(QStringLiteral("critical  executive-page-errors")),
                 qPrintable(r.out));
        QVERIFY(lines[1].contains(
            QStringLiteral("\"page not found\" burst for bob (5+ within 7.2 min)")));
        QVERIFY(lines[1].contains(QStringLiteral("c-northwind")));
        QVERIFY2(lines[2].startsWith(QStringLiteral("high      user-facing-errors")),
                 qPrintable(r.out));
        QVERIFY2(lines[3].contains(QStringLiteral("\"time out\" burst for ann")),
                 qPrintable(r.out));
        QVERIFY(lines[4].startsWith(
            QStringLiteral("3 open alert(s) at 2026-01-01T00:01:00Z from 10 event(s)")));

        // Three days later the bursts are over and the data is stale.
        r = watchkeeper({QStringLiteral("check"), QStringLiteral("--workspace"), path,
                         QStringLiteral("--at"), QStringLiteral("2026-01-04T00:00:00Z"),
                         QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(r.exitCode, 1);
        const QJsonArray alerts = QJsonDocument::fromJson(r.out.toUtf8()).array();
        QCOMPARE(alerts.size(), 1);
        QCOMPARE(alerts[0].toObject().value(QStringLiteral("rule")).toString(),
                 QStringLiteral("engagement-fresh"));
        QCOMPARE(alerts[0].toObject().value(QStringLiteral("severity")).toString(),
                 QStringLiteral("critical"));

        // Before any event: nothing to report.
        r = watchkeeper({QStringLiteral("check"), QStringLiteral("--workspace"), path,
                         QStringLiteral("--at"), QStringLiteral("2025-12-31T00:00:00Z"),
                         QStringLiteral("--format"), QStringLiteral("csv")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, QStringLiteral("severity,rule,pipeline,title,count,customer,revenue\n"));

        // A bad row in a source: exit 2 with its line.
        QVERIFY(events.open(QIODevice::Append));
        events.write("later,ann,time out\n");
        events.close();
        r = watchkeeper({QStringLiteral("check"), QStringLiteral("--workspace"), path});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(events.fileName() +
                                QStringLiteral(":12: error: event_timestamp 'later'")),
                 qPrintable(r.err));
    }

    // The command the README gives for paging: one test message through a real SMTP server.
    // Every HTTP kind sends its own format; a paging service's test incident is resolved
    // at once; secrets come from the keychain.
    void notifyTestByHttp()
    {
        // Kept to the end: the test process's D-Bus connection ends the process when its bus
        // goes away.
        m_keychain = std::make_unique<test::KeychainSession>();
        QVERIFY2(m_keychain->isValid(), qPrintable(m_keychain->error()));
        test::HttpRecorder services({200, 200, 200, 200, 404});
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("w.yaml"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QStringLiteral("version: 1\nname: Paging\n"
                               "people:\n  - id: amara\n    name: Amara Okafor\n"
                               "    email: amara@example.org\n    timezone: Europe/London\n"
                               "    contacts:\n"
                               "      - {kind: slack, url: \"%1\"}\n"
                               "      - {kind: ntfy, url: \"%2\"}\n"
                               "      - {kind: pagerduty, url: \"%3\", credential: keychain}\n"
                               "      - {kind: desktop}\n")
                    .arg(services.url(QStringLiteral("/slack")),
                         services.url(QStringLiteral("/oncall-amara")),
                         services.url(QStringLiteral("/v2/enqueue")))
                    .toUtf8());
        f.close();
        const QStringList base = {QStringLiteral("notify"),      QStringLiteral("test"),
                                  QStringLiteral("--workspace"), path,
                                  QStringLiteral("--person"),    QStringLiteral("amara"),
                                  QStringLiteral("--via")};
        Run r = watchkeeper(base + QStringList{QStringLiteral("slack")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("test message by Slack to Amara Okafor: HTTP 200")),
                 qPrintable(r.out));
        r = watchkeeper(base + QStringList{QStringLiteral("2")}); // ntfy, by position
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(services.requests().size(), 2);
        QCOMPARE(services.requests().at(0).path, QByteArray("/slack"));
        QVERIFY(services.requests().at(0).body.contains("Watchkeeper test message for Amara"));
        QCOMPARE(services.requests().at(1).path, QByteArray("/"));
        QVERIFY(services.requests().at(1).body.contains("\"topic\":\"oncall-amara\""));

        // The routing key is not stored yet: said, and nothing sent.
        r = watchkeeper(base + QStringList{QStringLiteral("pagerduty")});
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains(QStringLiteral("watchkeeper credentials set --contact amara:3")),
                 qPrintable(r.err));
        QCOMPARE(services.requests().size(), 2);
        QString error;
        QVERIFY2(CredentialStore::writeNow(QStringLiteral("contact:amara:3"),
                                           QStringLiteral("R0UTING"), &error),
                 qPrintable(error));
        r = watchkeeper(base + QStringList{QStringLiteral("pagerduty")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(services.requests().size(), 4);
        const QJsonObject trigger =
            QJsonDocument::fromJson(services.requests().at(2).body).object();
        const QJsonObject resolve =
            QJsonDocument::fromJson(services.requests().at(3).body).object();
        QCOMPARE(trigger.value(QStringLiteral("event_action")).toString(),
                 QStringLiteral("trigger"));
        QCOMPARE(trigger.value(QStringLiteral("routing_key")).toString(),
                 QStringLiteral("R0UTING"));
        QCOMPARE(resolve.value(QStringLiteral("event_action")).toString(),
                 QStringLiteral("resolve"));
        QCOMPARE(resolve.value(QStringLiteral("dedup_key")),
                 trigger.value(QStringLiteral("dedup_key")));

        // A refusal is the command's failure, with the service's answer.
        r = watchkeeper(base + QStringList{QStringLiteral("slack")});
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains(QStringLiteral("was not sent: HTTP 404 from 127.0.0.1")),
                 qPrintable(r.err));
        r = watchkeeper(base + QStringList{QStringLiteral("desktop")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains(QStringLiteral("use Send test in its Settings")));
        r = watchkeeper(base + QStringList{QStringLiteral("7")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("amara has 4 contact methods; --via 7 names none")),
                 qPrintable(r.err));
        r = watchkeeper(base + QStringList{QStringLiteral("teams")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains(QStringLiteral("amara has no teams method")));
    }

    void notifyTest()
    {
        test::SmtpTestServer server({});
        QVERIFY2(server.ready(), qPrintable(server.error()));
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("w.yaml"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QStringLiteral("version: 1\nname: Paging\n"
                               "smtp: {host: 127.0.0.1, port: %1, security: none, from: "
                               "\"Watchkeeper <oncall@example.org>\"}\n"
                               "people:\n  - id: amara\n    name: Amara Okafor\n"
                               "    email: amara@example.org\n    timezone: Europe/London\n"
                               "    contacts:\n      - {kind: email, address: "
                               "amara.pager@example.org}\n"
                               "  - {id: bo, name: Bo, email: bo@example.org, timezone: UTC}\n")
                    .arg(server.port())
                    .toUtf8());
        f.close();
        const QStringList base = {QStringLiteral("notify"), QStringLiteral("test"),
                                  QStringLiteral("--workspace"), path};
        Run r = watchkeeper(base + QStringList{QStringLiteral("--person"), QStringLiteral("amara"),
                                               QStringLiteral("--via"), QStringLiteral("email")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("amara.pager@example.org accepted by 127.0.0.1")),
                 qPrintable(r.out));
        // Without contacts, the person's own email.
        r = watchkeeper(base + QStringList{QStringLiteral("--person"), QStringLiteral("bo")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QList<QJsonObject> got = server.messages();
        QCOMPARE(got.size(), 2);
        QCOMPARE(got.at(0).value(QStringLiteral("rcpt_tos")).toArray().first().toString(),
                 QStringLiteral("amara.pager@example.org"));
        QCOMPARE(got.at(0).value(QStringLiteral("subject")).toString(),
                 QStringLiteral("Watchkeeper test message for Amara Okafor"));
        QCOMPARE(got.at(1).value(QStringLiteral("rcpt_tos")).toArray().first().toString(),
                 QStringLiteral("bo@example.org"));

        r = watchkeeper(base + QStringList{QStringLiteral("--person"), QStringLiteral("zed")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains(QStringLiteral("has no person 'zed'")));
        r = watchkeeper(base + QStringList{QStringLiteral("--person"), QStringLiteral("amara"),
                                           QStringLiteral("--via"), QStringLiteral("pigeon")});
        QCOMPARE(r.exitCode, 2);

        // Nobody listening: non-zero, with what went wrong.
        QFile::remove(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QStringLiteral("version: 1\nname: Paging\n"
                               "smtp: {host: 127.0.0.1, port: %1, security: none, from: "
                               "oncall@example.org}\n"
                               "people:\n  - {id: bo, name: Bo, email: bo@example.org, "
                               "timezone: UTC}\n")
                    .arg(test::unusedListenPort())
                    .toUtf8());
        f.close();
        r = watchkeeper(base + QStringList{QStringLiteral("--person"), QStringLiteral("bo")});
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains(QStringLiteral("the test message to bo@example.org was not sent")),
                 qPrintable(r.err));
        QCOMPARE(server.messages().size(), 2);
    }

    void unreachableStore()
    {
        Run r = watchkeeper({QStringLiteral("export"), QStringLiteral("-d"),
                             QStringLiteral("postgresql://x@127.0.0.1:1/none")});
        QCOMPARE(r.exitCode, 3);
        QVERIFY(r.err.contains(QStringLiteral("cannot connect")));
    }

private:
    std::unique_ptr<test::KeychainSession> m_keychain;
};

QTEST_GUILESS_MAIN(tst_Cli)
#include "tst_cli.moc"
