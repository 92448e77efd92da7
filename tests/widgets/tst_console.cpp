// The console end to end: a real engine worker on its own thread with an SQLite store, the
// main window attached to it, and a person acknowledging and resolving alerts with the
// keyboard; then the model, the timeline and the store are checked.

#include "alertdetailsdialog.h"
#include "alertlistpage.h"
#include "alerttablemodel.h"
#include "channelhealthmodel.h"
#include "demoworkspace.h"
#include "domain/clock.h"
#include "engine/engineworker.h"
#include "mainwindow.h"
#include "outcomedialog.h"
#include "ruletuningdialog.h"
#include "sourcehealthmodel.h"
#include "storage/alertstore.h"
#include "storage/database.h"
#include "workspace/workspacereader.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QThread>
#include <QTreeView>
#include <QtTest>

using namespace wk;

namespace {
const TimestampNs t0 = 1767225600LL * nanosPerSecond;

} // namespace

class tst_Console : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    ManualClock m_clock{t0 + 10 * nanosPerSecond};
    QThread m_thread;
    EngineWorker *m_worker = nullptr;
    std::unique_ptr<MainWindow> m_window;
    Workspace m_workspace;

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        QSettings().setValue(QStringLiteral("identity/person"), QStringLiteral("chen"));
        EngineWorker::registerTypes();
        m_workspace = test::demoWorkspaceWithRules(
            "  - {id: errs, kind: burst, pipeline: engagement-aggregate, severity: critical, "
            "source: app-errors, threshold: 5}\n");

        test::writeQuietDemoSources(m_dir.path());
        m_worker = new EngineWorker(m_workspace, m_dir.path(),
                                    m_dir.filePath(QStringLiteral("store.sqlite")), &m_clock);
        m_worker->moveToThread(&m_thread);
        connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
        m_window = std::make_unique<MainWindow>();
        m_window->setClock(&m_clock);
        m_window->setWorkspace(m_workspace, QStringLiteral("test"));
        m_window->attachEngine(m_worker);
        m_thread.start();
        QMetaObject::invokeMethod(m_worker, &EngineWorker::start);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        m_window->showPage(MainWindow::AlertsPage);
    }

    void cleanupTestCase()
    {
        QMetaObject::invokeMethod(m_worker, &EngineWorker::stop, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
        m_window.reset();
    }

    void acknowledgeAndResolveWithTheKeyboard()
    {
        QMetaObject::invokeMethod(
            m_worker, "ingest",
            Q_ARG(QList<wk::Event>, test::errorBurst(QStringLiteral("u1"), t0)));
        QMetaObject::invokeMethod(
            m_worker, "ingest",
            Q_ARG(QList<wk::Event>, test::errorBurst(QStringLiteral("u2"), t0)));
        AlertTableModel *model = m_window->alertModel();
        QTRY_COMPARE(model->rowCount(), 2);
        QTreeView *view = m_window->alertsPage()->view();
        // Two bursts on one pipeline at once: one incident, one group of two.
        QTRY_COMPARE(view->model()->rowCount(), 1);
        const QModelIndex group = view->model()->index(0, 0);
        QCOMPARE(view->model()->rowCount(group), 2);

        // Open the group (Enter), choose its first alert and press A: only that one.
        view->setFocus();
        view->setCurrentIndex(group);
        QTest::keyClick(view, Qt::Key_Return);
        QVERIFY(view->isExpanded(group));
        view->setCurrentIndex(view->model()->index(0, 0, group));
        const qint64 first = view->currentIndex().data(AlertTableModel::AlertIdRole).toLongLong();
        const qint64 second =
            view->model()->index(1, 0, group).data(AlertTableModel::AlertIdRole).toLongLong();
        QTest::keyClick(view, Qt::Key_A);
        QTRY_COMPARE(model->alert(first)->state, AlertState::Acknowledged);
        QCOMPARE(model->alert(first)->timeline.last().actor, QStringLiteral("chen"));
        QCOMPARE(model->alert(first)->timeline.last().action, QStringLiteral("acknowledged"));
        QCOMPARE(model->alert(second)->state, AlertState::Triggered);

        // The group's row, R: each of its alerts is resolved. They leave the "open" list.
        view->setCurrentIndex(group);
        QTest::keyClick(view, Qt::Key_R);
        QTRY_COMPARE(view->model()->rowCount(), 0);
        for (int r = 0; r < model->rowCount(); ++r)
            QCOMPARE(model->alertAt(r)->state, AlertState::Resolved);

        // What the window shows is what is stored.
        QString error;
        auto db = Database::open(m_dir.filePath(QStringLiteral("store.sqlite")), &error);
        QVERIFY2(db, qPrintable(error));
        const auto stored = AlertStore(*db).load(&error);
        QVERIFY2(stored, qPrintable(error));
        QCOMPARE(stored->size(), 2);
        for (const Alert &a : *stored) {
            QCOMPARE(a.state, AlertState::Resolved);
            QCOMPARE(a.timeline.last().actor, QStringLiteral("chen"));
            QCOMPARE(a, *model->alert(a.id));
        }
    }

    void detailsWithRunbookAndSnooze()
    {
        QMetaObject::invokeMethod(
            m_worker, "ingest",
            Q_ARG(QList<wk::Event>,
                  test::errorBurst(QStringLiteral("u3"), t0 + 2 * nanosPerSecond)));
        QTreeView *view = m_window->alertsPage()->view();
        QTRY_COMPARE(view->model()->rowCount(), 1);
        view->setFocus();
        view->setCurrentIndex(view->model()->index(0, 0));
        QTest::keyClick(view, Qt::Key_Return);
        AlertDetailsDialog *details = m_window->detailsDialog();
        QVERIFY(details && details->isVisible());
        QVERIFY(details->view()->detailsHtml().contains(
            QStringLiteral("Amara Okafor"))); // the secondary owner
        QVERIFY(
            details->view()->runbookText().contains(QStringLiteral("What commonly goes wrong")));
        QTest::keyClick(details, Qt::Key_S);
        const qint64 id = details->alertId();
        QTRY_COMPARE(m_window->alertModel()->alert(id)->state, AlertState::Snoozed);
        QCOMPARE(*m_window->alertModel()->alert(id)->snoozedUntil,
                 m_clock.now() + 3600 * nanosPerSecond);
        // The open dialog follows the change.
        QTRY_VERIFY(details->view()->detailsHtml().contains(QStringLiteral("Snoozed until")));
        details->close();
    }

    // N on an alert: the outcome dialog opens with noise chosen; an "other" reason waits for
    // its words; the alert ends as noise, by the person at the console, in the store too.
    // Then the outcome is corrected from the details.
    void tuneTheRuleOfAnAlert()
    {
        AlertListPage *page = m_window->alertsPage();
        page->groupAction()->setChecked(false);
        QTreeView *view = page->view();
        QModelIndex row;
        QString ruleId;
        QTRY_VERIFY([&] {
            for (int r = 0; r < view->model()->rowCount(); ++r) {
                const qint64 id =
                    view->model()->index(r, 0).data(AlertTableModel::AlertIdRole).toLongLong();
                const Alert *a = m_window->alertModel()->alert(id);
                if (a && a->ruleKind == QLatin1String("burst")) {
                    row = view->model()->index(r, 0);
                    ruleId = a->ruleId;
                }
            }
            return row.isValid();
        }());
        m_window->activateWindow();
        view->setFocus();
        QTRY_VERIFY(view->hasFocus());
        view->setCurrentIndex(row);
        view->selectionModel()->select(row, QItemSelectionModel::ClearAndSelect |
                                                QItemSelectionModel::Rows);
        QTest::keyClick(view, Qt::Key_T);
        RuleTuningDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = m_window->findChild<RuleTuningDialog *>()));
        QCOMPARE(dialog->findChild<QComboBox *>(QStringLiteral("ruleChoice"))->currentData(),
                 QVariant(ruleId));
        QTRY_VERIFY_WITH_TIMEOUT(dialog->isSettled(), 20000);
        // This console's events come straight from the test, not from the source's file:
        // the dialog says what it would replay and why it cannot (tst_ruletuningdialog
        // replays a real file).
        QVERIFY2(dialog->summaryText().contains(QStringLiteral("cannot be replayed")),
                 qPrintable(dialog->summaryText()));
        QVERIFY(dialog->summaryText().contains(QStringLiteral("events.csv")));
        dialog->close(); // deletes itself
        QTRY_VERIFY(!m_window->findChild<RuleTuningDialog *>());
    }

    void markAsNoiseAndCorrectIt()
    {
        AlertTableModel *model = m_window->alertModel();
        qint64 newest = 0;
        for (int row = 0; row < model->rowCount(); ++row)
            newest = qMax(newest, model->alertAt(row)->id);
        QMetaObject::invokeMethod(
            m_worker, "ingest",
            Q_ARG(QList<wk::Event>,
                  test::errorBurst(QStringLiteral("u-noise"), t0 + 4 * nanosPerSecond)));
        const qint64 id = newest + 1;
        QTRY_VERIFY(model->alert(id));
        AlertListPage *page = m_window->alertsPage();
        page->groupAction()->setChecked(false);
        QTreeView *view = page->view();
        QModelIndex row;
        QTRY_VERIFY([&] {
            for (int r = 0; r < view->model()->rowCount(); ++r)
                if (view->model()->index(r, 0).data(AlertTableModel::AlertIdRole).toLongLong() ==
                    id)
                    row = view->model()->index(r, 0);
            return row.isValid();
        }());
        m_window->activateWindow();
        view->setFocus();
        QTRY_VERIFY(view->hasFocus());
        view->setCurrentIndex(row);
        view->selectionModel()->select(row, QItemSelectionModel::ClearAndSelect |
                                                QItemSelectionModel::Rows);

        bool sawDialog = false;
        QTimer::singleShot(0, m_window.get(), [&] {
            auto *dialog = qobject_cast<OutcomeDialog *>(QApplication::activeModalWidget());
            if (!dialog)
                return;
            sawDialog = true;
            auto *noise = dialog->findChild<QRadioButton *>(QStringLiteral("outcome_noise"));
            QVERIFY(noise && noise->isChecked());
            QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("outcomeNow"))
                        ->text()
                        .contains(QStringLiteral("still open")));
            auto *reason = dialog->findChild<QComboBox *>(QStringLiteral("noiseReason"));
            reason->setCurrentIndex(reason->findData(int(AlertOutcome::Reason::Other)));
            auto *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
            QVERIFY(!ok->isEnabled()); // "other" needs the reason in words
            QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("outcomeNote")),
                             QStringLiteral("test traffic from the load test"));
            QVERIFY(ok->isEnabled());
            QTest::mouseClick(ok, Qt::LeftButton);
        });
        QTest::keyClick(view, Qt::Key_N);
        QVERIFY(sawDialog);
        QTRY_COMPARE(model->alert(id)->state, AlertState::Resolved);
        const Alert marked = *model->alert(id);
        QCOMPARE(marked.outcome.kind, AlertOutcome::Kind::Noise);
        QCOMPARE(marked.outcome.reason, AlertOutcome::Reason::Other);
        QCOMPARE(marked.outcome.note, QStringLiteral("test traffic from the load test"));
        QCOMPARE(marked.outcome.by, QStringLiteral("chen"));
        QCOMPARE(marked.outcome.at, m_clock.now());
        QVERIFY(model->index(model->rowOf(id), AlertTableModel::StateColumn)
                    .data()
                    .toString()
                    .contains(QStringLiteral("noise")));

        // From the details: the outcome is shown, and the button corrects it.
        m_window->showAlert(id);
        AlertDetailsDialog *details = m_window->detailsDialog();
        QVERIFY(details->view()->detailsHtml().contains(QStringLiteral("marked by")));
        QTimer::singleShot(0, m_window.get(), [&] {
            auto *dialog = qobject_cast<OutcomeDialog *>(QApplication::activeModalWidget());
            if (!dialog)
                return;
            dialog->findChild<QRadioButton *>(QStringLiteral("outcome_actionable"))->click();
            QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("outcomeNote")),
                             QStringLiteral(" restarted the loader"));
            dialog->accept();
        });
        details->findChild<QPushButton *>(QStringLiteral("outcomeButton"))->click();
        QTRY_COMPARE(model->alert(id)->outcome.kind, AlertOutcome::Kind::Actionable);
        QTRY_VERIFY(
            details->view()->detailsHtml().contains(QStringLiteral("restarted the loader")));
        QCOMPARE(model->alert(id)->timeline.last().action, QStringLiteral("outcome corrected"));
        details->close();
        page->groupAction()->setChecked(true);

        QString error;
        auto db = Database::open(m_dir.filePath(QStringLiteral("store.sqlite")), &error);
        QVERIFY2(db, qPrintable(error));
        QTRY_VERIFY([&] {
            const auto stored = AlertStore(*db).loadSome({id}, &error);
            return stored && stored->size() == 1 &&
                   stored->first().outcome == model->alert(id)->outcome;
        }());
    }

    // A watchkeeper://alert/ID link may name an alert before the engine has told the window
    // of it: the alert opens as soon as it is known.
    void aLinkOpensItsAlertOnceKnown()
    {
        qint64 newest = 0;
        AlertTableModel *model = m_window->alertModel();
        for (int row = 0; row < model->rowCount(); ++row)
            newest = qMax(newest, model->alertAt(row)->id);
        if (AlertDetailsDialog *open = m_window->detailsDialog())
            open->close();
        m_window->openAlert(newest + 1);
        QTest::qWait(100);
        QVERIFY(!m_window->detailsDialog() || !m_window->detailsDialog()->isVisible());
        QMetaObject::invokeMethod(
            m_worker, "ingest",
            Q_ARG(QList<wk::Event>,
                  test::errorBurst(QStringLiteral("u-link"), t0 + 3 * nanosPerSecond)));
        QTRY_VERIFY(m_window->detailsDialog() && m_window->detailsDialog()->isVisible());
        QCOMPARE(m_window->detailsDialog()->alertId(), newest + 1);
        m_window->detailsDialog()->close();
    }

    // The details' Pages tab lists what was sent about the alert, and the Channels pane
    // each method's health: the demo's methods are dry runs, recorded but not sent.
    void pagesAndChannelsShowWhatWasSent()
    {
        QMetaObject::invokeMethod(
            m_worker, "ingest",
            Q_ARG(QList<wk::Event>,
                  test::errorBurst(QStringLiteral("u-pages"), t0 + 4 * nanosPerSecond)));
        AlertTableModel *model = m_window->alertModel();
        qint64 id = 0;
        QTRY_VERIFY([&] {
            for (int row = 0; row < model->rowCount(); ++row) {
                if (model->alertAt(row)->subject.contains(QStringLiteral("u-pages")))
                    id = model->alertAt(row)->id;
            }
            return id != 0;
        }());
        m_window->openAlert(id);
        AlertDetailsDialog *details = m_window->detailsDialog();
        QTRY_VERIFY(details && details->isVisible() && details->alertId() == id);
        // Chen, its primary, has no method this console sends by.
        QTRY_VERIFY(details->view()->deliveryRows().value(0).startsWith(QStringLiteral("Nobody")));

        // Escalated to Amara, whose email and Slack are dry runs.
        QTest::keyClick(details, Qt::Key_E);
        QTRY_COMPARE(details->view()->deliveryRows().size(), 2);
        for (const QString &row : details->view()->deliveryRows()) {
            QVERIFY2(row.contains(QStringLiteral("Amara Okafor")), qPrintable(row));
            QVERIFY2(row.contains(QStringLiteral("escalated")), qPrintable(row));
            QVERIFY2(row.contains(QStringLiteral("dry run, nothing sent")), qPrintable(row));
        }
        const QString shots = qEnvironmentVariable("WK_SCREENSHOT_DIR"); // for a look at them
        if (!shots.isEmpty()) {
            auto *tabs = details->findChild<QTabWidget *>();
            QVERIFY(tabs);
            tabs->setCurrentIndex(1);
            details->grab().save(shots + QStringLiteral("/details-pages.png"));
            tabs->setCurrentIndex(0);
        }
        details->close();

        ChannelHealthModel *channels = m_window->channelHealthModel();
        QCOMPARE(channels->rowCount(), 7); // Amara's three methods and Bruno's four
        QTRY_VERIFY([&] {
            for (int row = 0; row < channels->rowCount(); ++row) {
                auto cell = [&](int column) {
                    return channels->index(row, column).data().toString();
                };
                if (cell(ChannelHealthModel::Person) == QLatin1String("Amara Okafor") &&
                    cell(ChannelHealthModel::Method) == QLatin1String("Slack"))
                    return cell(ChannelHealthModel::Status) == QLatin1String("Dry run") &&
                           cell(ChannelHealthModel::Sent) == QLatin1String("1");
            }
            return false;
        }());
        QCOMPARE(channels->failingCount(), 0);
        if (!shots.isEmpty()) {
            m_window->showPage(MainWindow::PipelinesPage);
            auto *tabs = m_window->findChild<QTabWidget *>(QStringLiteral("healthTabs"));
            QVERIFY(tabs);
            tabs->setCurrentIndex(1);
            m_window->grab().save(shots + QStringLiteral("/channels.png"));
            tabs->setCurrentIndex(0);
            m_window->showPage(MainWindow::AlertsPage);
        }
    }

    void slashFocusesTheFilter()
    {
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        QTreeView *view = m_window->alertsPage()->view();
        view->setFocus();
        QTest::keyClick(view, Qt::Key_Slash);
        auto *filter = m_window->findChild<QLineEdit *>(QStringLiteral("alertFilter"));
        QTRY_VERIFY(filter->hasFocus());
        QTest::keyClicks(filter, QStringLiteral("nothing matches this"));
        QCOMPARE(view->model()->rowCount(), 0);
        filter->clear();
    }

    // The Pipelines page lists the sources under the pipelines; a file that goes away turns
    // its row red and raises an alert, and coming back clears both.
    void sourceHealthIsShownAndAlerted()
    {
        m_window->showPage(MainWindow::PipelinesPage);
        auto *view = m_window->findChild<QTableView *>(QStringLiteral("sourceView"));
        QVERIFY(view);
        QTRY_VERIFY(view->isVisible());
        QAbstractItemModel *sources = view->model();
        QTRY_COMPARE(sources->rowCount(), 2); // the event file and the dbt folder
        QCOMPARE(sources->index(0, SourceHealthModel::Source).data().toString(),
                 QStringLiteral("app-errors"));
        QTRY_COMPARE(sources->index(0, SourceHealthModel::Status).data().toString(),
                     QStringLiteral("OK"));

        const QString events = m_dir.filePath(QStringLiteral("events.csv"));
        QVERIFY(QFile::rename(events, events + QStringLiteral(".away")));
        QTRY_VERIFY_WITH_TIMEOUT(sources->index(0, SourceHealthModel::Status)
                                     .data()
                                     .toString()
                                     .startsWith(QStringLiteral("Failing")),
                                 5000);
        const QString error = sources->index(0, SourceHealthModel::Details).data().toString();
        QVERIFY(error.contains(QStringLiteral("does not exist")));
        // The whole error is on screen: the row grows to hold it.
        const int width = view->columnWidth(SourceHealthModel::Details) - 8;
        const int needed = view->fontMetrics()
                               .boundingRect(QRect(0, 0, width, 10'000), Qt::TextWordWrap, error)
                               .height();
        QTRY_VERIFY2(view->rowHeight(0) >= needed,
                     qPrintable(QStringLiteral("%1 < %2").arg(view->rowHeight(0)).arg(needed)));
        auto openSourceAlert = [&] {
            for (const Alert &a : m_window->alertModel()->alerts()) {
                if (a.dedupKey == QLatin1String("source/app-errors"))
                    return a.isOpen();
            }
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(openSourceAlert(), 5000);

        QVERIFY(QFile::rename(events + QStringLiteral(".away"), events));
        QTRY_COMPARE_WITH_TIMEOUT(sources->index(0, SourceHealthModel::Status).data().toString(),
                                  QStringLiteral("OK"), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(!openSourceAlert(), 5000);
        m_window->showPage(MainWindow::AlertsPage);
    }
};

QTEST_MAIN(tst_Console)
#include "tst_console.moc"
