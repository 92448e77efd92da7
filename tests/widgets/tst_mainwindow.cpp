#include "alertdetailsdialog.h"
#include "alertlistpage.h"
#include "contactmethodspanel.h"
#include "demoworkspace.h"
#include "httprecorder.h"
#include "mainwindow.h"
#include "newworkspacedialog.h"
#include "pipelinetablemodel.h"
#include "recentworkspaces.h"
#include "runbooksearchpage.h"
#include "settingsdialog.h"
#include "shortcutsheet.h"
#include "workspace/workspacereader.h"
#include "workspaceproblembar.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QStackedWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>
#include <QTreeView>
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
        // Typing stays with the user: the search answers on its own thread after a pause.
        QVERIFY(page->searching());
        QTRY_VERIFY(!page->searching());
        QCOMPARE(page->resultIds(), QStringList{QStringLiteral("profit-unit")});
        QVERIFY(page->shownText().contains(QStringLiteral("Fee table late")));
        QVERIFY(page->shownText().contains(QStringLiteral("primary: Amara Okafor")));
        page->searchField()->clear();
        QTest::keyClicks(page->searchField(), QStringLiteral("no such words at all"));
        QTRY_VERIFY(!page->searching());
        QVERIFY(page->resultIds().isEmpty());
    }

    void appliesASavedWorkspaceAndRefusesABrokenOne()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("workspace.yaml"));
        QFile demo(QStringLiteral(WK_SOURCE_DIR "/resources/demo/workspace.yaml"));
        QVERIFY(demo.open(QIODevice::ReadOnly));
        const QByteArray yaml = demo.readAll();
        QVERIFY(QFile::copy(QStringLiteral(WK_SOURCE_DIR "/resources/demo/holidays.ics"),
                            dir.filePath(QStringLiteral("holidays.ics"))));
        auto save = [&](const QByteArray &text) {
            QFile f(path);
            return f.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
                   f.write(text) == text.size();
        };
        QVERIFY(save(yaml));
        const auto result = WorkspaceReader::readFile(path);
        QVERIFY(result.ok());
        MainWindow window;
        window.setWorkspace(*result.workspace, path);
        window.watchWorkspace(path, dir.path());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *bar = window.workspaceProblemBar();
        QVERIFY(!bar->isVisible());

        // A mistake: the bar says where, the pipelines stay as they were.
        const QString firstName = result.workspace->pipelines.first().name;
        QByteArray broken = yaml;
        broken.replace("    name: Amara Okafor\n", "    name: [Amara\n");
        QVERIFY(save(broken));
        QTRY_VERIFY_WITH_TIMEOUT(bar->isVisible(), 5000);
        QVERIFY(bar->list()->count() > 0);
        QVERIFY(bar->list()->item(0)->text().startsWith(path + QLatin1Char(':')));
        QCOMPARE(window.pipelineModel()->index(0, 0).data().toString(), firstName);

        // Fixed, with a pipeline renamed: applied in place, the bar goes.
        QByteArray renamed = yaml;
        const QByteArray oldName = firstName.toUtf8();
        QVERIFY(renamed.contains("name: " + oldName));
        renamed.replace("name: " + oldName, "name: Renamed pipeline");
        QVERIFY(save(renamed));
        QTRY_COMPARE_WITH_TIMEOUT(window.pipelineModel()->index(0, 0).data().toString(),
                                  QStringLiteral("Renamed pipeline"), 5000);
        QVERIFY(!bar->isVisible());
        QCOMPARE(window.workspace().pipelines.first().name, QStringLiteral("Renamed pipeline"));
    }

    void listsRecentWorkspaces()
    {
        QTemporaryDir dir;
        RecentWorkspaces::clear();
        const QString a = dir.filePath(QStringLiteral("a.yaml"));
        const QString b = dir.filePath(QStringLiteral("b.yaml"));
        RecentWorkspaces::remember(a);
        RecentWorkspaces::remember(b);
        RecentWorkspaces::remember(a); // again: to the top, not twice
        QCOMPARE(RecentWorkspaces::list(), (QStringList{a, b}));
        for (int i = 0; i < RecentWorkspaces::maxCount + 3; ++i)
            RecentWorkspaces::remember(dir.filePath(QStringLiteral("w%1.yaml").arg(i)));
        QCOMPARE(RecentWorkspaces::list().size(), RecentWorkspaces::maxCount);

        MainWindow window;
        auto *menu = window.findChild<QMenu *>(QStringLiteral("recentMenu"));
        QVERIFY(menu);
        emit menu->aboutToShow();
        const QList<QAction *> actions = menu->actions();
        QVERIFY(actions.first()->text().contains(
            QStringLiteral("w%1.yaml").arg(RecentWorkspaces::maxCount + 2)));
        QCOMPARE(actions.first()->toolTip(), RecentWorkspaces::list().first());
        // A file that is gone is taken off the list when chosen (the warning is dismissed).
        QTimer::singleShot(0, [] {
            if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget()))
                box->accept();
        });
        const QString gone = RecentWorkspaces::list().first();
        actions.first()->trigger();
        QVERIFY(!RecentWorkspaces::list().contains(gone));
        emit menu->aboutToShow();
        menu->actions().last()->trigger(); // Clear List
        QVERIFY(RecentWorkspaces::list().isEmpty());
    }

    void questionMarkListsTheKeysButTypesInFilters()
    {
        const auto result = WorkspaceReader::readFile(
            QStringLiteral(WK_SOURCE_DIR "/resources/demo/workspace.yaml"));
        MainWindow window;
        window.setWorkspace(*result.workspace, QStringLiteral("demo"));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.showPage(MainWindow::AlertsPage);
        bool sheetShown = false;
        QTimer::singleShot(100, &window, [&] {
            if (auto *sheet = qobject_cast<ShortcutSheet *>(QApplication::activeModalWidget())) {
                sheetShown = true;
                sheet->reject();
            }
        });
        window.alertsPage()->view()->setFocus();
        QTest::keyClick(window.alertsPage()->view(), Qt::Key_Question);
        QVERIFY(sheetShown);
        // In the filter, ? is a character like any other.
        auto *filter = window.findChild<QLineEdit *>(QStringLiteral("alertFilter"));
        filter->setFocus();
        QTest::keyClick(filter, Qt::Key_Question, Qt::ShiftModifier);
        QCOMPARE(filter->text(), QStringLiteral("?"));
        QVERIFY(!QApplication::activeModalWidget());
        filter->clear();
    }

    void newWorkspaceFormWritesAValidFile()
    {
        QTemporaryDir dir;
        NewWorkspaceDialog dialog;
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto field = [&](const char *name) {
            return dialog.findChild<QLineEdit *>(QLatin1String(name));
        };
        auto *people = dialog.findChild<QPlainTextEdit *>(QStringLiteral("starterPeople"));
        auto *problems = dialog.findChild<QLabel *>(QStringLiteral("starterProblems"));
        QPushButton *create = nullptr;
        for (QPushButton *b : dialog.findChildren<QPushButton *>())
            if (b->text().contains(QStringLiteral("Create")))
                create = b;
        QVERIFY(create);
        // An empty form is not a list of mistakes, but cannot be created either.
        QVERIFY(!create->isEnabled());
        QVERIFY(problems->isHidden());

        QTest::keyClicks(field("starterName"), QStringLiteral("Acme data"));
        QTest::keyClicks(field("starterTeam"), QStringLiteral("Data Platform"));
        QTest::keyClicks(field("starterPipeline"), QStringLiteral("Orders daily"));
        QTest::keyClicks(people, QStringLiteral("Amara Okafor <amara@example.org>"));
        QTest::keyClick(people, Qt::Key_Return);
        QTest::keyClicks(people, QStringLiteral("Bruno"));
        QVERIFY(!create->isEnabled());
        QVERIFY(problems->isVisible());
        QVERIFY2(problems->text().contains(QStringLiteral("People, line 2")),
                 qPrintable(problems->text()));
        QTest::keyClicks(people, QStringLiteral(" Lehmann <bruno@example.org>"));
        QVERIFY(problems->isHidden());
        field("starterFile")->setText(dir.filePath(QStringLiteral("new/workspace.yaml")));
        QVERIFY(create->isEnabled());
        QTest::mouseClick(create, Qt::LeftButton);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(dialog.path(), dir.filePath(QStringLiteral("new/workspace.yaml")));
        const WorkspaceLoadResult read = WorkspaceReader::readFile(dialog.path());
        QVERIFY2(read.ok(), qPrintable(formatDiagnostics(read.diagnostics)));
        QCOMPARE(read.workspace->name, QStringLiteral("Acme data"));
        QCOMPARE(read.workspace->people.size(), 2);
        QCOMPARE(read.workspace->pipelines.first().name, QStringLiteral("Orders daily"));
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

    // The pages a sender points at (PagerDuty's client_url and links) open from the details.
    void evidenceLinksAreLinks()
    {
        AlertDetailsDialog dialog(test::demoWorkspace());
        Alert a;
        a.id = 7;
        a.title = QStringLiteral("Replica lag");
        a.ruleId = QStringLiteral("pagerduty");
        a.evidence = QStringLiteral("source: db\nlink: https://monitoring.example.com/#/x "
                                    "(Sample)\nlink: https://example.com/a?b=1&c=2 (Runbook)");
        dialog.view()->setAlert(a, 0);
        QCOMPARE(dialog.view()->evidenceLinks(),
                 (QStringList{QStringLiteral("https://monitoring.example.com/#/x"),
                              QStringLiteral("https://example.com/a?b=1&c=2")}));
    }

    // Every key in the keyboard sheet means one thing on each page; on the On-call page
    // Ctrl+O used to be both Open Workspace and Override, so it did nothing.
    void noKeyIsAmbiguous()
    {
        MainWindow window;
        window.setWorkspace(test::demoWorkspace(), QStringLiteral("demo"));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QList<ShortcutEntry> sheet = window.shortcuts();
        QSet<QString> scopes;
        for (const ShortcutEntry &e : sheet) {
            QVERIFY2(!e.text.isEmpty(),
                     qPrintable(QStringLiteral("%1 has no description")
                                    .arg(e.key.toString(QKeySequence::PortableText))));
            scopes.insert(e.scope);
        }
        // The sheet reaches into the pages, not only the menus.
        for (const QString &page :
             {QStringLiteral("Alerts"), QStringLiteral("On-call"), QStringLiteral("Handoff")})
            QVERIFY2(scopes.contains(page), qPrintable(page));
        for (const QString &scope : std::as_const(scopes)) {
            QHash<QString, QString> seen;
            for (const ShortcutEntry &e : sheet) {
                if (e.scope != scope && e.scope != ShortcutSheet::everywhere())
                    continue;
                const QString key = e.key.toString(QKeySequence::PortableText);
                QVERIFY2(!seen.contains(key),
                         qPrintable(QStringLiteral("%1 on %2: '%3' and '%4'")
                                        .arg(key, scope, seen.value(key), e.text)));
                seen.insert(key, e.text);
            }
        }
        // The override key is listed, and works: pressing it opens the override dialog.
        bool listed = false;
        for (const ShortcutEntry &e : sheet)
            listed = listed || (e.scope == QStringLiteral("On-call") &&
                                e.key == QKeySequence(QStringLiteral("Ctrl+Shift+O")));
        QVERIFY(listed);
        window.showPage(MainWindow::OnCallPage);
        bool opened = false;
        QTimer::singleShot(0, &window, [&] {
            if (QWidget *dialog = QApplication::activeModalWidget()) {
                opened = dialog->windowTitle().startsWith(QStringLiteral("Override"));
                dialog->close();
            }
        });
        QTest::keyClick(&window, Qt::Key_O, Qt::ControlModifier | Qt::ShiftModifier);
        QVERIFY(opened);
    }

    // On first launch on a workspace the console asks who is at it, remembers the answer
    // for that workspace, and records actions under that name.
    void asksWhoIsAtTheConsoleOncePerWorkspace()
    {
        QSettings().clear();
        qputenv("USER", "nobody-in-the-workspace");
        const Workspace demo = test::demoWorkspace();
        const Person &chosen = demo.people.at(1);
        {
            MainWindow window;
            window.setWorkspace(demo, QStringLiteral("demo"));
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            auto *bar = window.findChild<QWidget *>(QStringLiteral("identityBar"));
            QVERIFY(bar && bar->isVisible());
            QCOMPARE(window.currentUser(), QStringLiteral("nobody-in-the-workspace"));
            auto *who = bar->findChild<QComboBox *>(QStringLiteral("identityPerson"));
            who->setCurrentIndex(who->findData(chosen.id));
            QTest::mouseClick(bar->findChild<QPushButton *>(QStringLiteral("identityConfirm")),
                              Qt::LeftButton);
            QVERIFY(!bar->isVisible());
            QCOMPARE(window.currentUser(), chosen.id);
        }
        {
            MainWindow window;
            window.setWorkspace(demo, QStringLiteral("demo"));
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            QVERIFY(!window.findChild<QWidget *>(QStringLiteral("identityBar"))->isVisible());
            QCOMPARE(window.currentUser(), chosen.id);
        }
        // Another workspace asks again.
        Workspace other = demo;
        other.name = QStringLiteral("Another team");
        MainWindow window;
        window.setWorkspace(other, QStringLiteral("other"));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.findChild<QWidget *>(QStringLiteral("identityBar"))->isVisible());
    }

    // Settings › How I'm notified lists the chosen person's methods; Send test sends one
    // message that way, off the GUI thread, and shows the server's answer.
    void settingsSendATestByEachMethod()
    {
        test::HttpRecorder hooks({200, 500});
        Workspace ws = test::demoWorkspace();
        Person &amara = ws.people.first();
        ContactMethod hook;
        hook.kind = ContactMethod::Kind::Webhook;
        hook.address = hooks.url(QStringLiteral("/hook"));
        hook.severities = {Severity::Critical};
        hook.actionableAtLeast = 40;
        ContactMethod desktop;
        desktop.kind = ContactMethod::Kind::Desktop;
        amara.contacts = {hook, desktop};
        SettingsDialog dialog(ws, Notifier::Settings(), amara.id);
        dialog.show();
        ContactMethodsPanel *panel = dialog.methodsPanel();
        // Each method says which alerts it carries, the score's band among them.
        const QList<QLabel *> labels = panel->findChildren<QLabel *>();
        QVERIFY(std::any_of(labels.cbegin(), labels.cend(), [](const QLabel *l) {
            return l->text() ==
                   QStringLiteral("only critical; only when actionable 40 or more (or not "
                                  "yet scored)");
        }));
        auto *send = panel->findChild<QPushButton *>(QStringLiteral("sendTest0"));
        QVERIFY(send && send->isEnabled());
        QVERIFY(!panel->findChild<QPushButton *>(QStringLiteral("sendTest1"))->isEnabled());
        QSignalSpy finished(panel, &ContactMethodsPanel::testFinished);
        QTest::mouseClick(send, Qt::LeftButton);
        QVERIFY(finished.wait(10000));
        QVERIFY2(panel->outcome(0).startsWith(QStringLiteral("Sent: HTTP 200 from 127.0.0.1")),
                 qPrintable(panel->outcome(0)));
        QCOMPARE(hooks.requests().size(), 1);
        QVERIFY(hooks.requests().first().body.contains("Watchkeeper test message for"));
        QTest::mouseClick(send, Qt::LeftButton);
        QVERIFY(finished.wait(10000));
        QVERIFY2(panel->outcome(0).startsWith(QStringLiteral("Not sent: HTTP 500")),
                 qPrintable(panel->outcome(0)));
        // For a look at the layout: WK_SCREENSHOT_DIR=/tmp/shots
        if (const QString shots = qEnvironmentVariable("WK_SCREENSHOT_DIR"); !shots.isEmpty())
            dialog.grab().save(shots + QStringLiteral("/settings-paging.png"));
        // Another person: their methods instead; one who lists none is paged at their email.
        const auto plain = std::find_if(ws.people.cbegin(), ws.people.cend(),
                                        [](const Person &p) { return p.contacts.isEmpty(); });
        QVERIFY(plain != ws.people.cend());
        auto *person = dialog.findChild<QComboBox *>();
        person->setCurrentIndex(person->findData(plain->id));
        QVERIFY(panel->findChild<QPushButton *>(QStringLiteral("sendTest0")));
        QVERIFY(!panel->findChild<QPushButton *>(QStringLiteral("sendTest1")));
    }
};

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
