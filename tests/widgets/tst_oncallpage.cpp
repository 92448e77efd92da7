#include "demoworkspace.h"
#include "oncallpage.h"
#include "overridedialog.h"
#include "schedulecalendar.h"

#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTimer>
#include <QtTest>

using namespace wk;

class TestOnCallPage : public QObject
{
    Q_OBJECT

private slots:
    void createsAnOverrideFromTheView();
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
}

QTEST_MAIN(TestOnCallPage)
#include "tst_oncallpage.moc"
