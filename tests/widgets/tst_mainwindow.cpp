#include "mainwindow.h"
#include "pipelinetablemodel.h"
#include "runbooksearchpage.h"
#include "workspace/workspacereader.h"

#include <QLineEdit>
#include <QListWidget>
#include <QSettings>
#include <QStackedWidget>
#include <QTableView>
#include <QtTest>

using namespace wk;

class tst_MainWindow : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("WatchkeeperTest"));
        QSettings().clear();
    }

    void navigatesWithKeyboardAndShowsPipelines()
    {
        const auto result = WorkspaceReader::readFile(
            QStringLiteral(WK_SOURCE_DIR "/resources/demo/workspace.yaml"));
        QVERIFY(result.ok());
        MainWindow window;
        window.setWorkspace(*result.workspace, QStringLiteral("demo"));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.windowTitle().startsWith(result.workspace->name));

        QTest::keyClick(&window, Qt::Key_1, Qt::ControlModifier);
        QCOMPARE(window.currentPage(), MainWindow::AlertsPage);
        QTest::keyClick(&window, Qt::Key_2, Qt::ControlModifier);
        QCOMPARE(window.currentPage(), MainWindow::PipelinesPage);

        auto *view = window.findChild<QTableView *>(QStringLiteral("pipelineView"));
        QVERIFY(view && view->isVisible());
        QCOMPARE(view->model()->rowCount(), result.workspace->pipelines.size());
        QCOMPARE(view->model()->index(0, 0).data().toString(), result.workspace->pipelines[0].name);

        // Clicking in the navigation list switches the page too.
        auto *nav = window.findChild<QListWidget *>(QStringLiteral("navigation"));
        QVERIFY(nav);
        const QRect runbooks = nav->visualItemRect(nav->item(MainWindow::RunbooksPage));
        QTest::mouseClick(nav->viewport(), Qt::LeftButton, {}, runbooks.center());
        QCOMPARE(window.currentPage(), MainWindow::RunbooksPage);
    }

    void runbookSearchAsYouType()
    {
        const auto result = WorkspaceReader::readFile(
            QStringLiteral(WK_SOURCE_DIR "/resources/demo/workspace.yaml"));
        MainWindow window;
        window.setWorkspace(*result.workspace, QStringLiteral("demo"));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTest::keyClick(&window, Qt::Key_4, Qt::ControlModifier);
        QCOMPARE(window.currentPage(), MainWindow::RunbooksPage);
        RunbookSearchPage *page = window.runbooksPage();
        QCOMPARE(page->resultIds().size(), result.workspace->runbooks.size()); // all, before typing
        QTest::keyClicks(page->searchField(), QStringLiteral("fee exp"));
        QCOMPARE(page->resultIds(), QStringList{QStringLiteral("profit-unit")});
        QVERIFY(page->shownText().contains(QStringLiteral("Fee table late")));
        QVERIFY(page->shownText().contains(QStringLiteral("primary: Amara Okafor")));
        page->searchField()->clear();
        QTest::keyClicks(page->searchField(), QStringLiteral("no such words at all"));
        QVERIFY(page->resultIds().isEmpty());
    }

    void remembersThePage()
    {
        {
            MainWindow window;
            window.showPage(MainWindow::HandoffPage);
            window.close();
        }
        MainWindow again;
        QCOMPARE(again.currentPage(), MainWindow::HandoffPage);
    }
};

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
