#include "demoworkspace.h"
#include "oncallpage.h"
#include "overridedialog.h"
#include "schedulecalendar.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTimer>
#include <QtTest>

using namespace wk;

class TestOnCallPage : public QObject
{
    Q_OBJECT

private slots:
    void createsAnOverrideFromTheView();
    void swapsTurnsFromTheView();
};

void TestOnCallPage::createsAnOverrideFromTheView()
{
    qRegisterMetaType<QList<wk::ScheduleOverride>>();
    OnCallPage page;
    page.setCurrentUser([] { return QStringLiteral("amara"); });
    page.setWorkspace(test::demoWorkspace());
    const QDateTime now =
        QDateTime::fromString(QStringLiteral("2026-11-17T12:00:00Z"), Qt::ISODate);
    page.setToday(now);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    const QDateTime wednesday =
        QDateTime::fromString(QStringLiteral("2026-11-18T12:00:00Z"), Qt::ISODate);
    const QString planned =
        page.schedule().onCallFor(QStringLiteral("investor-reporting"), wednesday).primary;
    QVERIFY(!planned.isEmpty());
    const QString taker =
        planned == QLatin1String("bruno") ? QStringLiteral("dana") : QStringLiteral("bruno");
    page.calendar()->selectDate(QDate(2026, 11, 18));
    // The load table covers the next 12 weeks: every day has one primary.
    auto *load = page.findChild<QTableWidget *>(QStringLiteral("fairness"));
    QVERIFY(load);
    QCOMPARE(load->rowCount(), 4);
    auto daysOf = [&](const QString &person) {
        int total = 0;
        for (int row = 0; row < load->rowCount(); ++row) {
            if (person.isEmpty() || load->item(row, 0)->data(Qt::UserRole) == person)
                total += load->item(row, 3)->text().toInt();
        }
        return total;
    };
    QCOMPARE(daysOf(QString()), 84);
    const int takerDays = daysOf(taker);

    QSignalSpy created(&page, &OnCallPage::overrideCreated);
    bool filled = false;
    QTimer::singleShot(0, &page, [&] {
        auto *dialog = qobject_cast<OverrideDialog *>(QApplication::activeModalWidget());
        QVERIFY(dialog);
        auto *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
        // No reason, no override.
        QVERIFY(!ok->isEnabled());
        auto *person = dialog->findChild<QComboBox *>(QStringLiteral("person"));
        person->setCurrentIndex(person->findData(taker));
        QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("reason")),
                         QStringLiteral("Covering the school play"));
        QVERIFY(ok->isEnabled());
        filled = true;
        ok->click();
    });
    page.findChild<QPushButton *>(QStringLiteral("createOverride"))->click();
    QVERIFY(filled);
    QCOMPARE(created.size(), 1);
    const auto overrides = created.first().first().value<QList<ScheduleOverride>>();
    QCOMPARE(overrides.size(), 1);
    const ScheduleOverride &o = overrides.first();
    QCOMPARE(o.person, taker);
    QCOMPARE(o.createdBy, QStringLiteral("amara"));
    QCOMPARE(o.reason, QStringLiteral("Covering the school play"));
    QCOMPARE(o.rotation, QStringLiteral("investor-reporting"));
    // The default span is the selected day's handoff to the next, in the rotation's zone.
    QCOMPARE(o.start, QDateTime::fromString(QStringLiteral("2026-11-18T10:00:00Z"), Qt::ISODate));
    QCOMPARE(o.end, QDateTime::fromString(QStringLiteral("2026-11-19T10:00:00Z"), Qt::ISODate));

    // The view follows at once: the seat changed hands and the day shows the override.
    QCOMPARE(page.schedule().onCallFor(QStringLiteral("investor-reporting"), wednesday).primary,
             taker);
    bool marked = false;
    for (const Shift &s : page.calendar()->shiftsOn(QDate(2026, 11, 18)))
        marked = marked || (s.isOverride() && s.person == taker && s.plannedPerson == planned);
    QVERIFY(marked);
    QVERIFY(page.findChild<QLabel *>(QStringLiteral("shiftDetails"))
                ->text()
                .contains(QStringLiteral("Covering the school play")));
    // The covered day moved to the taker in the load table.
    QCOMPARE(daysOf(taker), takerDays + 1);
    QCOMPARE(daysOf(QString()), 84);
}

void TestOnCallPage::swapsTurnsFromTheView()
{
    qRegisterMetaType<QList<wk::ScheduleOverride>>();
    OnCallPage page;
    page.setCurrentUser([] { return QStringLiteral("amara"); });
    page.setWorkspace(test::demoWorkspace());
    page.setToday(QDateTime::fromString(QStringLiteral("2026-11-17T12:00:00Z"), Qt::ISODate));
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    const QString rotation = QStringLiteral("investor-reporting");
    const QDateTime wednesday =
        QDateTime::fromString(QStringLiteral("2026-11-18T12:00:00Z"), Qt::ISODate);
    const OnCallAnswer before = page.schedule().onCallFor(rotation, wednesday);
    // The taker is whoever is primary the week after; the holder takes that week instead.
    const QDateTime nextWeek = wednesday.addDays(7);
    const QString taker = page.schedule().onCallFor(rotation, nextWeek).primary;
    QVERIFY(!taker.isEmpty() && taker != before.primary);
    page.calendar()->selectDate(QDate(2026, 11, 18));

    QSignalSpy created(&page, &OnCallPage::overrideCreated);
    bool filled = false;
    QTimer::singleShot(0, &page, [&] {
        auto *dialog = qobject_cast<OverrideDialog *>(QApplication::activeModalWidget());
        QVERIFY(dialog);
        auto *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
        auto *person = dialog->findChild<QComboBox *>(QStringLiteral("person"));
        QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("reason")),
                         QStringLiteral("Moving house"));
        dialog->findChild<QCheckBox *>(QStringLiteral("swap"))->setChecked(true);
        // Swapping with yourself is refused.
        person->setCurrentIndex(person->findData(before.primary));
        QVERIFY(!ok->isEnabled());
        QVERIFY(ok->toolTip().contains(QStringLiteral("already holds")));
        person->setCurrentIndex(person->findData(taker));
        auto *turns = dialog->findChild<QComboBox *>(QStringLiteral("swapTurn"));
        QVERIFY(turns->count() > 0);
        int next = -1;
        for (int i = 0; i < turns->count() && next < 0; ++i)
            next = turns->itemText(i).contains(QStringLiteral("Mon 23 Nov")) ? i : -1;
        QVERIFY2(next >= 0, qPrintable(turns->itemText(0)));
        turns->setCurrentIndex(next);
        QVERIFY(ok->isEnabled());
        filled = true;
        ok->click();
    });
    page.findChild<QPushButton *>(QStringLiteral("createOverride"))->click();
    QVERIFY(filled);
    QCOMPARE(created.size(), 1);
    const auto made = created.first().first().value<QList<ScheduleOverride>>();
    QCOMPARE(made.size(), 2);
    QCOMPARE(made[0].swapWith, made[1].id);
    QCOMPARE(made[1].swapWith, made[0].id);
    QCOMPARE(made[0].person, taker);
    QCOMPARE(made[1].person, before.primary);
    // Whole turns, handoff to handoff.
    QCOMPARE(made[0].start,
             QDateTime::fromString(QStringLiteral("2026-11-16T10:00:00Z"), Qt::ISODate));
    QCOMPARE(made[1].start,
             QDateTime::fromString(QStringLiteral("2026-11-23T10:00:00Z"), Qt::ISODate));
    QCOMPARE(made[1].end,
             QDateTime::fromString(QStringLiteral("2026-11-30T10:00:00Z"), Qt::ISODate));
    QCOMPARE(page.schedule().onCallFor(rotation, wednesday).primary, taker);
    QCOMPARE(page.schedule().onCallFor(rotation, nextWeek).primary, before.primary);
}

QTEST_MAIN(TestOnCallPage)
#include "tst_oncallpage.moc"
