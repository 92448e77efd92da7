#include "alerttablemodel.h"
#include "demoworkspace.h"
#include "domain/clock.h"
#include "engine/alertbook.h"
#include "handoffpage.h"

#include <QApplication>
#include <QFile>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QtTest>

using namespace wk;

namespace {

TimestampNs at(const QString &iso)
{
    return toTimestamp(QDateTime::fromString(iso, Qt::ISODate));
}

// Two alerts in the week of 16 November 2026: one resolved, one still open.
QList<Alert> scriptedWeek(const Workspace &ws)
{
    ManualClock clock(at(QStringLiteral("2026-11-16T09:00:00Z")));
    AlertBook book(ws, clock);
    AlertCondition c;
    c.ruleId = QStringLiteral("r1");
    c.ruleKind = QStringLiteral("burst");
    c.pipelineId = QStringLiteral("profit-unit");
    c.subject = QStringLiteral("u1");
    c.title = QStringLiteral("Profit unit errors");
    c.severity = Severity::Critical;
    c.revenue = 900;
    const qint64 first = book.fire(c);
    clock.set(at(QStringLiteral("2026-11-16T09:20:00Z")));
    book.acknowledge(first, QStringLiteral("dana"));
    clock.set(at(QStringLiteral("2026-11-16T11:00:00Z")));
    book.resolve(first, QStringLiteral("dana"));
    clock.set(at(QStringLiteral("2026-11-18T14:00:00Z")));
    c.subject = QStringLiteral("u2");
    c.title = QStringLiteral("Profit unit errors for u2");
    book.fire(c);
    return book.alerts();
}

} // namespace

class tst_HandoffPage : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { qRegisterMetaType<wk::HandoffNote>(); }
    void showsTheWeekAndKeepsNotes();
    void exportsAndPresents();
};

void tst_HandoffPage::showsTheWeekAndKeepsNotes()
{
    const Workspace ws = test::demoWorkspace();
    AlertTableModel model;
    model.setWorkspace(ws);
    model.setAlerts(scriptedWeek(ws));
    HandoffPage page;
    page.setCurrentUser([] { return QStringLiteral("chen"); });
    QSignalSpy requested(&page, &HandoffPage::dataRequested);
    QSignalSpy saveRequested(&page, &HandoffPage::noteSaveRequested);
    page.setWorkspace(ws);
    page.setAlertModel(&model);
    page.setToday(QDate(2026, 11, 19)); // a Thursday
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));

    // The week of the Monday before, counted in the first rotation's zone (London).
    QCOMPARE(page.week(), QDate(2026, 11, 16));
    QCOMPARE(requested.size(), 1);
    QCOMPARE(requested.first().at(0).toDate(), QDate(2026, 11, 16));
    QCOMPARE(requested.first().at(1).toDateTime(),
             QDateTime::fromString(QStringLiteral("2026-11-16T00:00:00Z"), Qt::ISODate));
    auto *notes = page.findChild<QPlainTextEdit *>(QStringLiteral("handoffNotes"));
    auto *save = page.findChild<QPushButton *>(QStringLiteral("saveNotes"));
    auto *view = page.findChild<QTextBrowser *>(QStringLiteral("handoffReport"));
    // Until the store answers, the editor is closed: a stored note cannot be overwritten unseen.
    QVERIFY(!notes->isEnabled());
    QCOMPARE(page.report().opened, 2);
    QCOMPARE(page.report().resolved, 1);
    QCOMPARE(page.report().stillOpen, 1);
    QVERIFY(view->toPlainText().contains(QStringLiteral("Profit unit errors for u2")));

    const HandoffNote stored{
        QDate(2026, 11, 16), QStringLiteral("dana"), QStringLiteral("Watch the loader."),
        QDateTime::fromString(QStringLiteral("2026-11-20T17:00:00Z"), Qt::ISODate)};
    const QList<RunbookRevision> changes{
        {QStringLiteral("profit-unit"),
         QDateTime::fromString(QStringLiteral("2026-11-17T08:00:00Z"), Qt::ISODate),
         RunbookRevision::Change::Edited, QStringLiteral("Profit unit runbook"), 4, 2}};
    // An answer for another week is ignored.
    page.setStoredData({QDate(2026, 11, 9), QStringLiteral("x"), QStringLiteral("old"), {}}, {});
    QVERIFY(!notes->isEnabled());
    page.setStoredData(stored, changes);
    QVERIFY(notes->isEnabled());
    QCOMPARE(notes->toPlainText(), QStringLiteral("Watch the loader."));
    QVERIFY(!save->isEnabled());
    QVERIFY(view->toPlainText().contains(QStringLiteral("Watch the loader.")));
    QVERIFY(view->toPlainText().contains(QStringLiteral("Profit unit runbook: edited")));
    QVERIFY(page.findChild<QLabel *>(QStringLiteral("noteStatus"))
                ->text()
                .contains(QStringLiteral("Dana")));

    // Typing makes it unsaved; Ctrl+S sends it with the current user as author.
    notes->setFocus();
    notes->moveCursor(QTextCursor::End);
    QTest::keyClicks(notes, QStringLiteral(" Restarted twice."));
    QVERIFY(page.hasUnsavedNotes());
    QVERIFY(save->isEnabled());
    QTest::keySequence(&page, QKeySequence::Save);
    QCOMPARE(saveRequested.size(), 1);
    const auto sent = saveRequested.first().first().value<HandoffNote>();
    QCOMPARE(sent.body, QStringLiteral("Watch the loader. Restarted twice."));
    QCOMPARE(sent.author, QStringLiteral("chen"));
    QCOMPARE(sent.weekStart, QDate(2026, 11, 16));
    page.noteSaved(sent);
    QVERIFY(!page.hasUnsavedNotes());
    QVERIFY(!save->isEnabled());

    // A failed save keeps the text and says why.
    QTest::keyClicks(notes, QStringLiteral(" More."));
    save->click();
    QCOMPARE(saveRequested.size(), 2);
    page.storeFailed(QDate(2026, 11, 16), QStringLiteral("disk full"));
    QVERIFY(page.hasUnsavedNotes());
    QVERIFY(page.findChild<QLabel *>(QStringLiteral("noteStatus"))
                ->text()
                .contains(QStringLiteral("disk full")));

    // Moving to another week stores the unsaved notes first, then asks for that week.
    QTest::keyClick(&page, Qt::Key_PageDown);
    QCOMPARE(saveRequested.size(), 3);
    QVERIFY(
        saveRequested.last().first().value<HandoffNote>().body.endsWith(QStringLiteral("More.")));
    QCOMPARE(page.week(), QDate(2026, 11, 23));
    QCOMPARE(requested.size(), 2);
    QCOMPARE(page.report().opened, 0);
    QVERIFY(notes->toPlainText().isEmpty());

    // Notes are Markdown, and the report shows them as such, not as raw marks.
    page.setStoredData({QDate(2026, 11, 23), QStringLiteral("dana"),
                        QStringLiteral("Watch:\n\n* the loader\n* **disk** space"),
                        QDateTime::currentDateTimeUtc()},
                       {});
    const QString shown = view->toPlainText();
    QVERIFY2(shown.contains(QStringLiteral("the loader")), qPrintable(shown));
    QVERIFY2(!shown.contains(QStringLiteral("* the loader")), qPrintable(shown));
    QVERIFY2(!shown.contains(QStringLiteral("**disk**")), qPrintable(shown));
    QVERIFY(view->toHtml().contains(QStringLiteral("<li")));
}

void tst_HandoffPage::exportsAndPresents()
{
    const Workspace ws = test::demoWorkspace();
    AlertTableModel model;
    model.setWorkspace(ws);
    model.setAlerts(scriptedWeek(ws));
    HandoffPage page;
    page.setWorkspace(ws);
    page.setAlertModel(&model);
    page.setToday(QDate(2026, 11, 16));
    page.setStoredData({QDate(2026, 11, 16), QStringLiteral("dana"), QStringLiteral("All calm."),
                        QDateTime::currentDateTimeUtc()},
                       {});
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));

    QTemporaryDir dir;
    QString error;
    for (const QString &name :
         {QStringLiteral("w.md"), QStringLiteral("w.html"), QStringLiteral("w.pdf")}) {
        QVERIFY2(page.exportTo(dir.filePath(name), &error), qPrintable(error));
        QFile f(dir.filePath(name));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray data = f.readAll();
        if (name.endsWith(QLatin1String(".pdf")))
            QVERIFY(data.startsWith("%PDF-"));
        else
            QVERIFY(data.contains("All calm.") && data.contains("Alerts opened"));
    }
    QVERIFY(page.exportTo(dir.filePath(QStringLiteral("w.md")), &error));
    QVERIFY(!page.exportTo(dir.filePath(QStringLiteral("missing/dir/w.md")), &error));
    QVERIFY(error.contains(QStringLiteral("missing/dir/w.md")));

    // Full screen for the meeting; Esc ends it.
    QTest::keyClick(&page, Qt::Key_F11);
    QTextBrowser *shown = page.presentation();
    QVERIFY(shown);
    QVERIFY(QTest::qWaitForWindowExposed(shown));
    QVERIFY(shown->windowState() & Qt::WindowFullScreen);
    QVERIFY(shown->toPlainText().contains(QStringLiteral("All calm.")));
    QVERIFY(shown->font().pointSizeF() > page.font().pointSizeF());
    QTest::keyClick(shown, Qt::Key_Escape);
    QTRY_VERIFY(!page.presentation());
}

QTEST_MAIN(tst_HandoffPage)
#include "tst_handoffpage.moc"
