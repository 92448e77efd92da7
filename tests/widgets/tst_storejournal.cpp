// The console's SQLite store stays shared with other processes while the console runs:
// every write is visible to `sqlite3` and to the command line at once, and the journal is
// never deleted under the console. A file dialog used to break this by opening the store's
// files to guess their type, which dropped the console's locks.
#include "demoworkspace.h"
#include "domain/clock.h"
#include "engine/engineworker.h"
#include "handoffpage.h"
#include "mainwindow.h"
#include "runningworker.h"

#include <QApplication>
#include <QDir>
#include <QFileDialog>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

using namespace wk;

namespace {

QString run(const QString &program, const QStringList &arguments, int *exitCode = nullptr)
{
    QProcess p;
    p.start(program, arguments);
    if (!p.waitForFinished(60'000))
        return QStringLiteral("<timed out>");
    if (exitCode)
        *exitCode = p.exitCode();
    return QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError());
}

// The store's journal files this process has open but that no longer exist on disk.
QStringList deletedJournals(const QString &store)
{
    QStringList out;
    const QDir fds(QStringLiteral("/proc/self/fd"));
    for (const QFileInfo &fd :
         fds.entryInfoList(QDir::System | QDir::Files | QDir::NoDotAndDotDot)) {
        const QString target = fd.symLinkTarget();
        if (target.startsWith(store) && target.endsWith(QLatin1String(" (deleted)")))
            out << target;
    }
    return out;
}

// Opens the Handoff page's export dialog on the store's folder, lets it list the folder
// (it gathers file details on a thread of its own), and cancels it.
bool browseTheStoresFolder(MainWindow &window)
{
    bool shown = false;
    QTimer::singleShot(0, &window, [&] {
        auto *dialog = qobject_cast<QFileDialog *>(QApplication::activeModalWidget());
        if (!dialog)
            return;
        shown = true;
        QTest::qWait(1500);
        dialog->reject();
    });
    window.showPage(MainWindow::HandoffPage);
    window.findChild<QPushButton *>(QStringLiteral("exportHandoff"))->click();
    return shown;
}

} // namespace

class tst_StoreJournal : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("WatchkeeperTest"));
        EngineWorker::registerTypes();
    }
    void everyWriteIsSharedWhileTheConsoleRuns();
};

void tst_StoreJournal::everyWriteIsSharedWhileTheConsoleRuns()
{
    QTemporaryDir dir;
    const QString store = dir.filePath(QStringLiteral("team.sqlite"));
    const QString url = QStringLiteral("sqlite://") + store;
    int code = -1;
    const QString imported =
        run(QStringLiteral(WK_BINARY),
            {QStringLiteral("import"), test::demoPath(), QStringLiteral("--database"), url}, &code);
    QVERIFY2(code == 0, qPrintable(imported));

    // The console: its window and its engine on the store, its file dialogs in the folder.
    QDir::setCurrent(dir.path());
    SystemClock clock;
    const Workspace workspace = test::demoWorkspace();
    MainWindow window;
    window.setWorkspace(workspace, url);
    test::RunningWorker engine(workspace, url, &clock);
    window.attachEngine(engine.worker);
    QSignalSpy started(engine.worker, &EngineWorker::started);
    QSignalSpy saved(engine.worker, &EngineWorker::handoffNoteSaved);
    QMetaObject::invokeMethod(engine.worker, &EngineWorker::start, Qt::QueuedConnection);
    QVERIFY(test::arrived(started, 1, 20'000));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    const int seconds = qEnvironmentVariableIsSet("WK_JOURNAL_SECONDS")
                            ? qEnvironmentVariableIntValue("WK_JOURNAL_SECONDS")
                            : 120;
    const QDate week(2027, 1, 4);
    QElapsedTimer elapsed;
    elapsed.start();
    int writes = 0;
    while (elapsed.elapsed() < seconds * 1000LL || writes < 3) {
        if (writes % 10 == 0)
            QVERIFY(browseTheStoresFolder(window));
        ++writes;
        HandoffNote note;
        note.weekStart = week;
        note.author = QStringLiteral("amara");
        note.body = QStringLiteral("note %1").arg(writes);
        note.updatedAt = QDateTime::currentDateTimeUtc();
        QMetaObject::invokeMethod(engine.worker,
                                  [=, w = engine.worker] { w->saveHandoffNote(note); });
        QVERIFY(test::arrived(saved, writes, 10'000));

        // Stored means visible to everyone else, at once.
        const QString seen = run(QStringLiteral("sqlite3"),
                                 {store, QStringLiteral("SELECT body FROM handoff_notes WHERE "
                                                        "week_start = '2027-01-04'")})
                                 .trimmed();
        QCOMPARE(seen, note.body);
        if (writes % 5 == 0) {
            const QString report = run(QStringLiteral(WK_BINARY),
                                       {QStringLiteral("handoff"), QStringLiteral("--workspace"),
                                        url, QStringLiteral("--week"), week.toString(Qt::ISODate),
                                        QStringLiteral("--format"), QStringLiteral("md")},
                                       &code);
            QVERIFY2(code == 0 && report.contains(note.body), qPrintable(report));
            run(QStringLiteral(WK_BINARY),
                {QStringLiteral("schedule"), QStringLiteral("--workspace"), url,
                 QStringLiteral("--weeks"), QStringLiteral("1"), QStringLiteral("--format"),
                 QStringLiteral("csv")});
        }
        // Others closing the store never take the journal away from the console.
        const QStringList gone = deletedJournals(store);
        QVERIFY2(gone.isEmpty(), qPrintable(gone.join(QLatin1Char('\n'))));
        QVERIFY(QFileInfo::exists(store + QStringLiteral("-wal")));
        QTest::qWait(200);
    }
    qInfo("%d writes in %lld s, each visible to sqlite3 at once", writes, elapsed.elapsed() / 1000);
}

QTEST_MAIN(tst_StoreJournal)
#include "tst_storejournal.moc"
