// "Tune rule…": the rule's parameters beside a live backtest of each change, over a real
// events file and a real store, and the change written into the workspace file after its
// diff is shown.

#include "domain/clock.h"
#include "engine/alertbook.h"
#include "ruletuningdialog.h"
#include "storage/alertstore.h"
#include "storage/database.h"
#include "workspace/workspacereader.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTimer>
#include <QTreeWidget>
#include <QtTest>

using namespace wk;

class tst_RuleTuningDialog : public QObject
{
    Q_OBJECT
private slots:
    void backtestsEachEditAndWritesTheChange()
    {
        QTemporaryDir dir;
        const QDir demo(QStringLiteral(WK_SOURCE_DIR "/resources/demo"));
        for (const QString &name : demo.entryList(QDir::Files))
            QVERIFY(QFile::copy(demo.filePath(name), dir.filePath(name)));
        auto write = [&](const QString &name, const QByteArray &text) {
            QFile f(dir.filePath(name));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(text);
        };
        write(QStringLiteral("users.csv"), "user_id,team_id,is_team_owner\nu1,t1,1\nu2,t1,1\n");
        write(QStringLiteral("teams.csv"), "team_id,customer_id\nt1,c-northwind\n");
        // Two days ago: u1 six errors within a minute, u2 five.
        const qint64 s = nanosPerSecond;
        const TimestampNs t =
            toTimestamp(QDateTime::currentDateTimeUtc().addDays(-2)) / (3600 * s) * (3600 * s);
        QByteArray events = "event_timestamp,user_id,event_name\n";
        for (int i = 0; i < 6; ++i)
            events += QByteArray::fromStdString(formatTimestamp(t + i * 10 * s)) + ",u1,time out\n";
        for (int i = 0; i < 5; ++i)
            events += QByteArray::fromStdString(formatTimestamp(t + 3600 * s + i * 10 * s)) +
                      ",u2,time out\n";
        write(QStringLiteral("events.csv"), events);
        const QString file = dir.filePath(QStringLiteral("workspace.yaml"));
        const WorkspaceLoadResult loaded = WorkspaceReader::readFile(file);
        QVERIFY(loaded.workspace);

        // u2's burst, as the console raised it, marked noise.
        ManualClock clock(t + 3600 * s + 45 * s);
        AlertBook book(*loaded.workspace, clock);
        AlertCondition c;
        c.ruleId = QStringLiteral("user-facing-errors");
        c.ruleKind = QStringLiteral("burst");
        c.pipelineId = QStringLiteral("engagement-aggregate");
        c.subject = QStringLiteral("u2/time out");
        c.title = c.subject;
        c.count = 5;
        AlertOutcome noise;
        noise.kind = AlertOutcome::Kind::Noise;
        noise.reason = AlertOutcome::Reason::Flapping;
        QVERIFY(book.markOutcome(book.fire(c), noise, loaded.workspace->people.first().id));
        const QString store = dir.filePath(QStringLiteral("store.sqlite"));
        {
            QString error;
            auto db = Database::open(store, &error);
            QVERIFY2(db, qPrintable(error));
            QVERIFY2(AlertStore(*db).save(book.takeChanges(), &error), qPrintable(error));
        }

        RuleTuningDialog dialog(*loaded.workspace, dir.path(), file, store,
                                QStringLiteral("user-facing-errors"));
        dialog.show();
        QTRY_VERIFY_WITH_TIMEOUT(dialog.isSettled(), 20000);
        QVERIFY2(dialog.summaryText().contains(QStringLiteral("11 events from events.csv")),
                 qPrintable(dialog.summaryText()));
        QVERIFY(dialog.summaryText().contains(QStringLiteral("Alerts as it is: 2")));
        QVERIFY(dialog.summaryText().contains(QStringLiteral("Would no longer fire: 0")));
        auto *writeButton = dialog.findChild<QPushButton *>(QStringLiteral("writeRule"));
        QVERIFY(writeButton);
        QVERIFY(!writeButton->isEnabled()); // nothing changed yet

        auto *threshold = dialog.findChild<QSpinBox *>(QStringLiteral("edit_threshold"));
        QVERIFY(threshold);
        QCOMPARE(threshold->value(), 5);
        threshold->setValue(6);
        QTRY_VERIFY_WITH_TIMEOUT(dialog.isSettled(), 20000);
        QVERIFY2(dialog.summaryText().contains(QStringLiteral("Would no longer fire: 1 — noise 1")),
                 qPrintable(dialog.summaryText()));
        QVERIFY(dialog.summaryText().contains(QStringLiteral("as changed: 1")));
        auto *list = dialog.findChild<QTreeWidget *>(QStringLiteral("tuningList"));
        QCOMPARE(list->topLevelItemCount(), 1);
        QCOMPARE(list->topLevelItem(0)->text(2), QStringLiteral("u2/time out"));
        QVERIFY(list->topLevelItem(0)->text(4).startsWith(QStringLiteral("noise")));
        QVERIFY(writeButton->isEnabled());

        // A window that is not a duration: said, and nothing can be written.
        auto *window = dialog.findChild<QLineEdit *>(QStringLiteral("edit_window"));
        QVERIFY(window);
        const QString was = window->text();
        window->setText(QStringLiteral("soon"));
        QTRY_VERIFY_WITH_TIMEOUT(dialog.isSettled(), 20000);
        auto *problem = dialog.findChild<QLabel *>(QStringLiteral("tuningProblem"));
        QVERIFY2(problem->text().contains(QStringLiteral("duration")), qPrintable(problem->text()));
        QVERIFY(!writeButton->isEnabled());
        window->setText(was);
        QTRY_VERIFY_WITH_TIMEOUT(dialog.isSettled() && writeButton->isEnabled(), 20000);
        QVERIFY(problem->text().isEmpty());

        // Write: the diff is shown first, then the file has the new threshold and only that.
        QFile original(file);
        QVERIFY(original.open(QIODevice::ReadOnly));
        const QByteArray before = original.readAll();
        original.close();
        QString diffShown;
        QTimer::singleShot(0, this, [&] {
            QWidget *confirm = QApplication::activeModalWidget();
            QVERIFY(confirm);
            QCOMPARE(confirm->objectName(), QStringLiteral("ruleDiff"));
            diffShown = confirm->findChild<QPlainTextEdit *>()->toPlainText();
            confirm->findChild<QPushButton *>(QStringLiteral("confirmWrite"))->click();
        });
        QSignalSpy written(&dialog, &RuleTuningDialog::written);
        writeButton->click();
        QCOMPARE(written.size(), 1);
        QVERIFY2(diffShown.contains(QStringLiteral("\n-    threshold: 5\n+    threshold: 6\n")),
                 qPrintable(diffShown));
        QFile after(file);
        QVERIFY(after.open(QIODevice::ReadOnly));
        const QByteArray text = after.readAll();
        QCOMPARE(text.size(), before.size());
        QCOMPARE(QByteArray(text).replace("threshold: 6", "threshold: 5"), before);
        const WorkspaceLoadResult reread = WorkspaceReader::readFile(file);
        QVERIFY(reread.workspace);
        QCOMPARE(reread.workspace->rules.first().threshold, 6);
        // The written rule is the rule as it is now: nothing left to write.
        QTRY_VERIFY_WITH_TIMEOUT(dialog.isSettled(), 20000);
        QVERIFY(!writeButton->isEnabled());
        QVERIFY(dialog.summaryText().contains(QStringLiteral("Alerts as it is: 1")));
    }
};

QTEST_MAIN(tst_RuleTuningDialog)
#include "tst_ruletuningdialog.moc"
