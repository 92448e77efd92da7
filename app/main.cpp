#include "appearance.h"
#include "cli.h"
#include "consoleinstance.h"
#include "domain/clock.h"
#include "engine/demohistory.h"
#include "engine/engineworker.h"
#include "mainwindow.h"
#include "recentworkspaces.h"
#include "sources/demofeed.h"
#include "storage/database.h"
#include "workspacesource.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QGuiApplication>
#include <QMessageBox>
#include <QThread>
#include <QTimer>
#include <QUrl>

#include <cstdio>
#include <memory>

namespace {

// A command: no window. Printing a handoff to PDF needs fonts, so a GUI application on the
// offscreen platform, still without a display.
int runHeadless(int argc, char *argv[], const QStringList &arguments)
{
    if (arguments.value(1) == QLatin1String("handoff")) {
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        QGuiApplication app(argc, argv);
        return wk::cli::run(arguments);
    }
    QCoreApplication app(argc, argv);
    return wk::cli::run(arguments);
}

// The window's own options, besides --workspace.
struct WindowOptions
{
    // For the README and release notes: render the window once, save it, and quit.
    QCommandLineOption screenshot{QStringLiteral("screenshot"),
                                  QStringLiteral("Save a picture of the window and quit."),
                                  QStringLiteral("png")};
    QCommandLineOption screenshotAfter{QStringLiteral("screenshot-after"),
                                       QStringLiteral("Seconds to wait before the picture."),
                                       QStringLiteral("seconds"), QStringLiteral("1")};
    QCommandLineOption page{QStringLiteral("page"), QStringLiteral("The page to show first (1-6)."),
                            QStringLiteral("n")};
    QCommandLineOption demoSpeed{
        QStringLiteral("demo-speed"),
        QStringLiteral("How much faster than real time the demo runs, so that "
                       "SLA deadlines pass while you watch (default 12)."),
        QStringLiteral("factor"), QStringLiteral("12")};

    void addTo(QCommandLineParser &parser)
    {
        screenshot.setFlags(QCommandLineOption::HiddenFromHelp);
        screenshotAfter.setFlags(QCommandLineOption::HiddenFromHelp);
        parser.addOption({QStringLiteral("workspace"),
                          QStringLiteral("A workspace file or database URL (default: the demo)."),
                          QStringLiteral("file|url")});
        parser.addOptions({screenshot, screenshotAfter, page, demoSpeed});
        parser.addPositionalArgument(
            QStringLiteral("link"),
            QStringLiteral("watchkeeper://alert/ID opens that alert (in the console already "
                           "running, if one is); a file is the workspace to open."),
            QStringLiteral("[link|file]"));
    }
};

// A workspace that cannot be opened: the problems on standard error and in a dialog.
int refuse(const wk::WorkspaceSource &source)
{
    const QString details =
        source.diagnostics.isEmpty() ? source.error : wk::formatDiagnostics(source.diagnostics);
    std::fprintf(stderr, "%s\n", qPrintable(details));
    QMessageBox box(QMessageBox::Critical, QObject::tr("Watchkeeper"),
                    QObject::tr("Cannot open the workspace %1.").arg(source.origin));
    box.setDetailedText(details);
    box.exec();
    return source.diagnostics.isEmpty() ? wk::cli::Unavailable : wk::cli::BadInput;
}

// The demo's store. Each demo starts afresh: its fast-forwarded time from an earlier run
// would have left alerts dated in what is now the future. It starts with a past, so that
// Insights, Handoff and the load tell a team's story from the first minute; the live feed
// carries on from now.
QString freshDemoStore(const wk::Workspace &workspace, const wk::Clock &clock)
{
    QString store = wk::WorkspaceSource::demoDirectory() + QStringLiteral("/alerts.sqlite");
    for (const char *suffix : {"", "-wal", "-shm"})
        QFile::remove(store + QLatin1String(suffix));
    QString error;
    const auto db = wk::Database::open(store, &error);
    if (!db || !wk::DemoHistory::generate(workspace, clock.now()).write(*db, &error))
        std::fprintf(stderr, "watchkeeper: the demo starts without its history: %s\n",
                     qPrintable(error));
    return store;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication::setOrganizationName(QStringLiteral("Watchkeeper"));
    QCoreApplication::setApplicationName(QStringLiteral("watchkeeper"));
    QCoreApplication::setApplicationVersion(QStringLiteral(WK_VERSION));

    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    if (wk::cli::isHeadless(arguments))
        return runHeadless(argc, argv, arguments);

    QApplication app(argc, argv);
    wk::Appearance::followDesktop();
    QApplication::setApplicationDisplayName(QStringLiteral("Watchkeeper"));
    QCommandLineParser parser;
    WindowOptions options;
    options.addTo(parser);
    if (!parser.parse(QApplication::arguments())) {
        std::fprintf(stderr, "watchkeeper: %s\n", qPrintable(parser.errorText()));
        return wk::cli::BadInput;
    }
    // The desktop file passes clicked watchkeeper:// links, and opened files, as arguments.
    const QString argument = parser.positionalArguments().value(0);
    const std::optional<qint64> linkedAlert = wk::ConsoleInstance::alertIdFromUrl(argument);
    if (linkedAlert && wk::ConsoleInstance::handOver(argument))
        return wk::cli::Ok;
    const QString workspaceArgument =
        parser.isSet(QStringLiteral("workspace")) || linkedAlert || argument.isEmpty()
            ? parser.value(QStringLiteral("workspace"))
            : (QUrl(argument).isLocalFile() ? QUrl(argument).toLocalFile() : argument);

    const wk::WorkspaceSource source = wk::WorkspaceSource::load(workspaceArgument);
    if (!source.workspace)
        return refuse(source);

    const QString &location = workspaceArgument;
    const bool demo = location.isEmpty() && source.diagnostics.isEmpty();
    // The demo runs on fast-forwarded time; everything else on the real clock.
    const double speed = demo ? std::max(1.0, parser.value(options.demoSpeed).toDouble()) : 1.0;
    wk::ScaledClock clock(speed);
    wk::MainWindow window;
    window.setClock(&clock);
    window.setWorkspace(*source.workspace,
                        speed > 1 ? QObject::tr("%1 · demo time ×%2").arg(source.origin).arg(speed)
                                  : source.origin);

    // The engine runs on its own thread with its own store connection: the database in
    // team mode, otherwise an SQLite file (the demo keeps its alerts apart from real ones).
    QString store;
    if (wk::Database::isDatabaseUrl(location))
        store = location;
    else if (demo)
        store = freshDemoStore(*source.workspace, clock);
    // Team mode: runbook search runs in the shared database.
    if (wk::Database::isPostgresUrl(location))
        window.setTeamRunbookSearch(location);
    wk::EngineWorker::registerTypes();
    QThread engineThread;
    engineThread.setObjectName(QStringLiteral("engine"));
    auto *worker = new wk::EngineWorker(*source.workspace, source.baseDir, store, &clock);
    worker->moveToThread(&engineThread);
    QObject::connect(&engineThread, &QThread::finished, worker, &QObject::deleteLater);
    window.attachEngine(worker);
    // A file's saved changes are applied as they are saved; a database's come by import.
    if (!source.file.isEmpty()) {
        window.watchWorkspace(source.file, source.baseDir);
        if (!demo)
            wk::RecentWorkspaces::remember(source.file);
    }
    engineThread.start();
    QMetaObject::invokeMethod(worker, &wk::EngineWorker::start, Qt::QueuedConnection);

    wk::DemoFeed feed(clock, 240);
    if (demo) {
        QObject::connect(&feed, &wk::DemoFeed::events, worker, &wk::EngineWorker::ingest,
                         Qt::QueuedConnection);
        feed.start();
    }
    QObject::connect(&app, &QCoreApplication::aboutToQuit, &app, [&] {
        feed.stop();
        QMetaObject::invokeMethod(worker, &wk::EngineWorker::stop, Qt::BlockingQueuedConnection);
        engineThread.quit();
        engineThread.wait();
    });
    if (parser.isSet(options.page))
        window.showPage(wk::MainWindow::Page(parser.value(options.page).toInt() - 1));
    wk::ConsoleInstance instance;
    if (instance.listen())
        QObject::connect(&instance, &wk::ConsoleInstance::alertRequested, &window,
                         &wk::MainWindow::openAlert);
    if (linkedAlert)
        window.openAlert(*linkedAlert);
    window.show();
    if (parser.isSet(options.screenshot)) {
        QTimer::singleShot(
            qRound(parser.value(options.screenshotAfter).toDouble() * 1000), &window, [&] {
                const bool saved = window.grab().save(parser.value(options.screenshot));
                QApplication::exit(saved ? 0 : wk::cli::Unavailable);
            });
    }
    return QApplication::exec();
}
