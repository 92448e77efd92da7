#include "cli.h"
#include "mainwindow.h"
#include "workspacesource.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>
#include <QTimer>

#include <cstdio>
#include <memory>

int main(int argc, char *argv[])
{
    QCoreApplication::setOrganizationName(QStringLiteral("Watchkeeper"));
    QCoreApplication::setApplicationName(QStringLiteral("watchkeeper"));
    QCoreApplication::setApplicationVersion(QStringLiteral(WK_VERSION));

    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    if (wk::cli::isHeadless(arguments)) {
        QCoreApplication app(argc, argv);
        return wk::cli::run(arguments);
    }

    QApplication app(argc, argv);
    QApplication::setApplicationDisplayName(QStringLiteral("Watchkeeper"));
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("workspace"),
                      QStringLiteral("A workspace file or database URL (default: the demo)."),
                      QStringLiteral("file|url")});
    // For the README and release notes: render the window once, save it, and quit.
    QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                  QStringLiteral("Save a picture of the window and quit."),
                                  QStringLiteral("png"));
    screenshot.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOption(screenshot);
    QCommandLineOption page(QStringLiteral("page"), QStringLiteral("The page to show first (1-6)."),
                            QStringLiteral("n"));
    parser.addOption(page);
    if (!parser.parse(QApplication::arguments())) {
        std::fprintf(stderr, "watchkeeper: %s\n", qPrintable(parser.errorText()));
        return wk::cli::BadInput;
    }

    const wk::WorkspaceSource source =
        wk::WorkspaceSource::load(parser.value(QStringLiteral("workspace")));
    if (!source.workspace) {
        const QString details =
            source.diagnostics.isEmpty() ? source.error : wk::formatDiagnostics(source.diagnostics);
        std::fprintf(stderr, "%s\n", qPrintable(details));
        QMessageBox box(QMessageBox::Critical, QObject::tr("Watchkeeper"),
                        QObject::tr("Cannot open the workspace %1.").arg(source.origin));
        box.setDetailedText(details);
        box.exec();
        return source.diagnostics.isEmpty() ? wk::cli::Unavailable : wk::cli::BadInput;
    }

    wk::MainWindow window;
    window.setWorkspace(*source.workspace, source.origin);
    if (parser.isSet(page))
        window.showPage(wk::MainWindow::Page(parser.value(page).toInt() - 1));
    window.show();
    if (parser.isSet(screenshot)) {
        QTimer::singleShot(500, &window, [&] {
            const bool saved = window.grab().save(parser.value(screenshot));
            QApplication::exit(saved ? 0 : wk::cli::Unavailable);
        });
    }
    return QApplication::exec();
}
