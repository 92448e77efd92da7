#include "cli.h"
#include "engine/burstcheck.h"
#include "workspacesource.h"

#include <QDir>
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
