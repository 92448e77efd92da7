#include "cli.h"
#include "engine/burstcheck.h"
#include "workspacesource.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace wk;

class tst_WorkspaceSource : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void demoComesWithItsEventFeed()
    {
        const WorkspaceSource source = WorkspaceSource::load(QString());
        QVERIFY2(source.workspace,
                 qPrintable(source.error + formatDiagnostics(source.diagnostics)));
        QVERIFY(source.origin.startsWith(QStringLiteral("demo workspace")));
        const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
                            QStringLiteral("/demo/");
        // The generated feed is valid input for the burst rule and has bursts in it, for the
        // demo's own customers.
        BurstCheck check({});
        QList<Diagnostic> errors;
        QVERIFY2(check.load({dir + "events.csv", dir + "users.csv", dir + "teams.csv",
                             dir + "customers.csv"},
                            &errors),
                 qPrintable(formatDiagnostics(errors)));
        QCOMPARE(check.eventRowsRead(), 20000);
        QVERIFY(!check.replay().isEmpty());
        QFile teams(dir + "teams.csv");
        QVERIFY(teams.open(QIODevice::ReadOnly));
        QVERIFY(teams.readAll().contains("c-northwind"));

        // Every pipeline has a live source, and the warehouse's dbt run was a little while
        // ago, whenever the demo starts: its artifacts' times move, in step.
        for (const Pipeline &p : source.workspace->pipelines)
            QVERIFY2(!p.source.isEmpty(), qPrintable(p.id));
        QFile sources(dir + "sources.json");
        QVERIFY(sources.open(QIODevice::ReadOnly));
        const QJsonArray results = QJsonDocument::fromJson(sources.readAll())
                                       .object()
                                       .value(QStringLiteral("results"))
                                       .toArray();
        QVERIFY(results.size() >= 2);
        QDateTime newest;
        for (const QJsonValue r : results) {
            const QDateTime t = QDateTime::fromString(
                r.toObject().value(QStringLiteral("max_loaded_at")).toString(), Qt::ISODate);
            QVERIFY(t.isValid());
            if (!newest.isValid() || t > newest)
                newest = t;
        }
        const qint64 age = newest.secsTo(QDateTime::currentDateTimeUtc());
        QVERIFY2(age >= 19 * 60 && age < 30 * 60, qPrintable(QString::number(age)));
        // The bundled artifacts' loads are 15 minutes apart; so are the moved ones.
        QFile bundled(QStringLiteral(WK_SOURCE_DIR "/resources/demo/sources.json"));
        QVERIFY(bundled.open(QIODevice::ReadOnly));
        const QJsonArray original = QJsonDocument::fromJson(bundled.readAll())
                                        .object()
                                        .value(QStringLiteral("results"))
                                        .toArray();
        QCOMPARE(original.size(), results.size());
        const auto loaded = [](const QJsonValue &r) {
            return QDateTime::fromString(
                r.toObject().value(QStringLiteral("max_loaded_at")).toString(), Qt::ISODate);
        };
        QCOMPARE(loaded(original.at(0)).secsTo(loaded(original.at(1))),
                 loaded(results.at(0)).secsTo(loaded(results.at(1))));
    }

    void fileAndDatabaseSources()
    {
        WorkspaceSource bad = WorkspaceSource::load(QStringLiteral("/nonexistent/ws.yaml"));
        QVERIFY(!bad.workspace);
        QCOMPARE(bad.diagnostics.size(), 1);
        QTemporaryDir dir;
        WorkspaceSource empty = WorkspaceSource::load(QStringLiteral("sqlite://") +
                                                      dir.filePath(QStringLiteral("empty.sqlite")));
        QVERIFY(!empty.workspace);
        QVERIFY2(empty.error.contains(QStringLiteral("holds no workspace yet")),
                 qPrintable(empty.error));
    }

    // A workspace opened from the store it was imported into finds its files where the
    // workspace file was, whatever folder the console is started from.
    void storedWorkspaceResolvesPathsFromItsFile()
    {
        QTemporaryDir teamDir, elsewhere;
        for (const QString name : {"workspace.yaml", "holidays.ics"})
            QVERIFY(QFile::copy(QStringLiteral(WK_SOURCE_DIR "/resources/demo/") + name,
                                teamDir.filePath(name)));
        const QString url =
            QStringLiteral("sqlite://") + teamDir.filePath(QStringLiteral("team.sqlite"));
        QCOMPARE(cli::run({QStringLiteral("watchkeeper"), QStringLiteral("import"),
                           teamDir.filePath(QStringLiteral("workspace.yaml")),
                           QStringLiteral("--database"), url}),
                 int(cli::Ok));
        const QString started = QDir::currentPath();
        QDir::setCurrent(elsewhere.path());
        const WorkspaceSource stored = WorkspaceSource::load(url);
        QDir::setCurrent(started);
        QVERIFY2(stored.workspace, qPrintable(stored.error));
        QCOMPARE(QDir(stored.baseDir).canonicalPath(), QDir(teamDir.path()).canonicalPath());
        const WorkspaceSource file =
            WorkspaceSource::load(teamDir.filePath(QStringLiteral("workspace.yaml")));
        QCOMPARE(file.baseDir, stored.baseDir);
    }
};

QTEST_GUILESS_MAIN(tst_WorkspaceSource)
#include "tst_workspacesource.moc"
