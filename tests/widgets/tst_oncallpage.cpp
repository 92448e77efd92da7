#include "calendarfeeddialog.h"
#include "datetimefield.h"
#include "demoworkspace.h"
#include "engine/shiftrequestdesk.h"
#include "oncallpage.h"
#include "overridedialog.h"
#include "schedulecalendar.h"
#include "shiftrequestdialog.h"
#include "shiftrequestspanel.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QtTest>

using namespace wk;

class tst_OnCallPage : public QObject
{
    Q_OBJECT

private slots:
    void createsAnOverrideFromTheView();
    void swapsTurnsFromTheView();
    void typedTimesMeanTheRotationsZone();
    void refusesOnePersonInBothSeats();
    void showsCalendarFeedAddresses();
    void takesOverTheRestOfTheShift();
    void asksForCoverAndAnswers();
};

namespace {

// The demo with its investor rotation handing over in Berlin, an hour ahead of UTC in
// winter and two in summer.
Workspace berlinWorkspace()
{
    Workspace ws = test::demoWorkspace();
    for (Rotation &r : ws.rotations)
        r.timeZone = QStringLiteral("Europe/Berlin");
    return ws;
}

// Types over the whole field as a person does: select everything, then the full value.
void typeInto(DateTimeField *field, const QString &text)
{
    QLineEdit *edit = field->lineEdit();
    edit->setFocus();
    QTest::keyClick(edit, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(edit, text);
}

QDateTime utc(const char *text)
{
    return QDateTime::fromString(QString::fromLatin1(text), Qt::ISODate);
}

} // namespace

void tst_OnCallPage::typedTimesMeanTheRotationsZone()
{
    const Workspace ws = berlinWorkspace();
    const OnCallSchedule schedule(ws);
    const Rotation rotation = ws.rotations.first();
    OverrideDialog dialog(schedule, rotation, utc("2026-11-18T09:00:00Z"),
                          utc("2026-11-19T09:00:00Z"), QStringLiteral("amara"));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *from = dialog.findChild<DateTimeField *>(QStringLiteral("from"));
    auto *to = dialog.findChild<DateTimeField *>(QStringLiteral("to"));
    auto *person = dialog.findChild<QComboBox *>(QStringLiteral("person"));
    auto *ok = dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    // Shown in Berlin time: 09:00Z is 10:00 there.
    QCOMPARE(from->lineEdit()->text(), QStringLiteral("2026-11-18 10:00"));
    QTest::keyClicks(dialog.findChild<QLineEdit *>(QStringLiteral("reason")),
                     QStringLiteral("Dentist"));

    // Winter: Berlin is UTC+1. A full date typed over the field keeps its year.
    typeInto(from, QStringLiteral("2027-01-10 17:00"));
    typeInto(to, QStringLiteral("2027-01-11 10:00"));
    QCOMPARE(from->date(), QDate(2027, 1, 10));
    QCOMPARE(to->date(), QDate(2027, 1, 11));
    // Whoever is free then; the planner's primary and secondary are not.
    const QString primary = schedule.onCallFor(rotation.id, utc("2027-01-10T18:00:00Z")).primary;
    const QString secondary =
        schedule.onCallFor(rotation.id, utc("2027-01-10T18:00:00Z")).secondary;
    for (const Person &p : ws.people) {
        if (p.id != primary && p.id != secondary && rotation.participants.contains(p.id)) {
            person->setCurrentIndex(person->findData(p.id));
            break;
        }
    }
    QVERIFY2(ok->isEnabled(), qPrintable(ok->toolTip()));
    QList<ScheduleOverride> made = dialog.results();
    QCOMPARE(made.first().start, utc("2027-01-10T16:00:00Z"));
    QCOMPARE(made.first().end, utc("2027-01-11T09:00:00Z"));

    // Across the spring change (28 March 2027, 02:00 → 03:00): noon is 11:00Z the day
    // before and 10:00Z on the day.
    typeInto(from, QStringLiteral("2027-03-27 12:00"));
    typeInto(to, QStringLiteral("2027-03-28 12:00"));
    made = dialog.results();
    QCOMPARE(made.first().start, utc("2027-03-27T11:00:00Z"));
    QCOMPARE(made.first().end, utc("2027-03-28T10:00:00Z"));

    // A time the clocks skip names no instant: refused with the reason.
    typeInto(to, QStringLiteral("2027-03-28 02:30"));
    QVERIFY(!ok->isEnabled());
    QVERIFY2(ok->toolTip().contains(QStringLiteral("does not exist in Europe/Berlin")),
             qPrintable(ok->toolTip()));
    // Half a date is no date.
    typeInto(to, QStringLiteral("2027-03"));
    QVERIFY(!ok->isEnabled());
    QVERIFY2(ok->toolTip().contains(QStringLiteral("Type the date and time")),
             qPrintable(ok->toolTip()));
    // Typing over one part changes just that part.
    typeInto(to, QStringLiteral("2027-03-28 12:00"));
    to->lineEdit()->setSelection(0, 4);
    QTest::keyClicks(to->lineEdit(), QStringLiteral("2028"));
    QCOMPARE(to->date(), QDate(2028, 3, 28));
}

void tst_OnCallPage::refusesOnePersonInBothSeats()
{
    const Workspace ws = berlinWorkspace();
    const OnCallSchedule schedule(ws);
    const Rotation rotation = ws.rotations.first();
    const QDateTime start = utc("2026-11-18T09:00:00Z");
    const OnCallAnswer now = schedule.onCallFor(rotation.id, start);
    QVERIFY(!now.secondary.isEmpty());
    OverrideDialog dialog(schedule, rotation, start, start.addDays(1), QStringLiteral("amara"));
    auto *person = dialog.findChild<QComboBox *>(QStringLiteral("person"));
    auto *ok = dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QTest::keyClicks(dialog.findChild<QLineEdit *>(QStringLiteral("reason")),
                     QStringLiteral("Cover"));
    // The secondary taking the primary seat would escalate to themselves.
    person->setCurrentIndex(person->findData(now.secondary));
    QVERIFY(!ok->isEnabled());
    QVERIFY2(ok->toolTip().contains(QStringLiteral("both the primary and the secondary seat")),
             qPrintable(ok->toolTip()));
    QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("problem"))
                ->text()
                .contains(QStringLiteral("both")));
    // Someone holding neither seat may.
    for (const QString &id : rotation.participants) {
        if (id != now.primary && id != now.secondary && id != now.monthEnd) {
            person->setCurrentIndex(person->findData(id));
            break;
        }
    }
    QVERIFY2(ok->isEnabled(), qPrintable(ok->toolTip()));
}

void tst_OnCallPage::createsAnOverrideFromTheView()
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
    // The calendar is drawn by hand; it still has a name a screen reader can say.
    auto *calendar = page.findChild<ScheduleCalendar *>();
    QVERIFY(calendar && !calendar->accessibleName().isEmpty());
    const QDateTime wednesday =
        QDateTime::fromString(QStringLiteral("2026-11-18T12:00:00Z"), Qt::ISODate);
    const OnCallAnswer then =
        page.schedule().onCallFor(QStringLiteral("investor-reporting"), wednesday);
    const QString planned = then.primary;
    QVERIFY(!planned.isEmpty());
    // Someone holding neither seat that day: the secondary may not take the primary seat.
    QString taker;
    for (const QString id : {"bruno", "dana", "chen", "amara"})
        taker = taker.isEmpty() && id != then.primary && id != then.secondary ? id : taker;
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
    // It records whose planned time it took; were the plan to give those hours to someone
    // else, the day's details would ask for a look.
    QCOMPARE(o.covering, planned);
    QVERIFY(!page.findChild<QLabel *>(QStringLiteral("shiftDetails"))->text().contains("review"));
    ScheduleOverride moved = o;
    moved.covering = taker;
    page.setStoredOverrides({moved});
    QVERIFY2(page.findChild<QLabel *>(QStringLiteral("shiftDetails"))
                 ->text()
                 .contains(QStringLiteral("Needs review: it was made to cover %1")
                               .arg(page.schedule().workspace().person(taker)->name)),
             qPrintable(page.findChild<QLabel *>(QStringLiteral("shiftDetails"))->text()));
    page.setStoredOverrides({o});
    // The covered day moved to the taker in the load table.
    QCOMPARE(daysOf(taker), takerDays + 1);
    QCOMPARE(daysOf(QString()), 84);
    // Everyone has a colour of their own in the calendar.
    QSet<QRgb> colours;
    for (const Person &p : page.schedule().workspace().people)
        colours.insert(page.calendar()->colorFor(p.id).rgb());
    QCOMPARE(colours.size(), page.schedule().workspace().people.size());

    // The export covers twelve weeks from the first day shown, not only the month.
    QTemporaryDir dir;
    QString error;
    const QString csv = dir.filePath(QStringLiteral("schedule.csv"));
    QVERIFY2(page.exportTo(csv, &error), qPrintable(error));
    QFile file(csv);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> rows = file.readAll().trimmed().split('\n');
    const QDateTime lastEnd =
        QDateTime::fromString(QString::fromUtf8(rows.last().split(',').at(5)), Qt::ISODate);
    QVERIFY2(lastEnd >= QDateTime(page.calendar()->firstDay().addDays(OnCallPage::exportDays),
                                  QTime(0, 0), QTimeZone::utc())
                            .addDays(-1),
             qPrintable(rows.last()));
}

void tst_OnCallPage::swapsTurnsFromTheView()
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

// The person at the console sees the addresses of their own feed and each rotation's, with
// their key, copies one, and can make a new key after confirming.
void tst_OnCallPage::showsCalendarFeedAddresses()
{
    Workspace ws = test::demoWorkspace();
    ws.receiver.enabled = true;
    ws.receiver.publicUrl = QStringLiteral("https://oncall.example.com/");
    OnCallPage page;
    QString user;
    page.setCurrentUser([&] { return user; });
    page.setWorkspace(ws);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QSignalSpy wanted(&page, &OnCallPage::calendarKeyWanted);
    auto *button = page.findChild<QPushButton *>(QStringLiteral("calendarFeeds"));
    QVERIFY(button);

    // Nobody chosen yet: said, and no key asked for.
    bool told = false;
    QTimer::singleShot(0, &page, [&] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        QVERIFY(box);
        told = box->text().contains(QStringLiteral("per person"));
        box->accept();
    });
    button->click();
    QVERIFY(told);
    QVERIFY(wanted.isEmpty());

    user = QStringLiteral("dana");
    button->click();
    QCOMPARE(wanted.size(), 1);
    QCOMPARE(wanted.first().at(0).toString(), user);
    QCOMPARE(wanted.first().at(1).toBool(), false);
    CalendarFeedDialog *dialog = page.calendarFeedDialog();
    QVERIFY(dialog && dialog->isVisible());
    QVERIFY(!dialog->replaceButton()->isEnabled());
    page.setCalendarKey(QStringLiteral("bruno"), QStringLiteral("not-hers")); // ignored
    QVERIFY(dialog->addresses().first().isEmpty());
    page.setCalendarKey(user, QStringLiteral("k3y+/="));
    const QStringList addresses = dialog->addresses();
    QCOMPARE(addresses.size(), 1 + ws.rotations.size());
    QCOMPARE(
        addresses.first(),
        QStringLiteral("https://oncall.example.com/calendar/person/dana.ics?key=k3y%2B%2F%3D"));
    QCOMPARE(addresses.at(1),
             QStringLiteral("https://oncall.example.com/calendar/%1.ics?key=k3y%2B%2F%3D")
                 .arg(ws.rotations.first().id));
    QList<QPushButton *> copies;
    for (QPushButton *b : dialog->findChildren<QPushButton *>())
        if (b->text() == QLatin1String("Copy"))
            copies << b;
    QCOMPARE(copies.size(), addresses.size());
    copies.first()->click();
    QCOMPARE(QGuiApplication::clipboard()->text(), addresses.first());

    // A new key, once confirmed: the addresses empty until it arrives.
    QTimer::singleShot(0, &page, [&] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        QVERIFY(box);
        box->button(QMessageBox::Yes)->click();
    });
    dialog->replaceButton()->click();
    QCOMPARE(wanted.size(), 2);
    QCOMPARE(wanted.last().at(1).toBool(), true);
    QVERIFY(dialog->addresses().first().isEmpty());
    page.setCalendarKey(user, QStringLiteral("fresh"));
    QVERIFY(dialog->addresses().first().endsWith(QStringLiteral("?key=fresh")));
    page.calendarKeyFailed(user, QStringLiteral("database is locked"));
    QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("feedStatus"))
                ->text()
                .contains(QStringLiteral("database is locked")));
}

// In one action the person at the console takes the primary seat from this minute to the
// end of the turn, with a reason; the seat is theirs at once.
void tst_OnCallPage::takesOverTheRestOfTheShift()
{
    qRegisterMetaType<QList<wk::ScheduleOverride>>();
    const Workspace ws = test::demoWorkspace();
    OnCallPage page;
    QString user = QStringLiteral("dana");
    page.setCurrentUser([&] { return user; });
    page.setWorkspace(ws);
    const QDateTime now =
        QDateTime::fromString(QStringLiteral("2026-11-18T14:37:25Z"), Qt::ISODate);
    page.setToday(now);
    const OnCallAnswer before =
        page.schedule().onCallFor(QStringLiteral("investor-reporting"), now);
    // Someone holding neither seat now.
    for (const QString id : {"amara", "bruno", "chen", "dana"})
        if (id != before.primary && id != before.secondary)
            user = id;
    QDateTime turnEnd;
    for (const Shift &s :
         page.schedule().shifts(QStringLiteral("investor-reporting"), now, now.addSecs(1)))
        if (s.layer == RotationLayer::Primary)
            turnEnd = s.end;
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QSignalSpy created(&page, &OnCallPage::overrideCreated);
    bool filled = false;
    QTimer::singleShot(0, &page, [&] {
        auto *dialog = qobject_cast<OverrideDialog *>(QApplication::activeModalWidget());
        QVERIFY(dialog);
        QCOMPARE(dialog->objectName(), QStringLiteral("takeOverDialog"));
        QCOMPARE(dialog->findChild<QComboBox *>(QStringLiteral("person"))->currentData().toString(),
                 user);
        auto *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
        QVERIFY(!ok->isEnabled()); // a reason is needed
        QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("reason")),
                         QStringLiteral("Incident: Bruno is heads-down"));
        QVERIFY(ok->isEnabled());
        filled = true;
        ok->click();
    });
    QTest::keySequence(&page, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T));
    QVERIFY(filled);
    QCOMPARE(created.size(), 1);
    const ScheduleOverride o = created.first().first().value<QList<ScheduleOverride>>().first();
    QCOMPARE(o.person, user);
    QCOMPARE(o.start, QDateTime::fromString(QStringLiteral("2026-11-18T14:37:00Z"), Qt::ISODate));
    QCOMPARE(o.end, turnEnd);
    QCOMPARE(o.reason, QStringLiteral("Incident: Bruno is heads-down"));
    QCOMPARE(page.schedule().onCallFor(QStringLiteral("investor-reporting"), now).primary, user);

    // The one on call already holds it: said, nothing made.
    bool told = false;
    QTimer::singleShot(0, &page, [&] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        QVERIFY(box);
        told = box->text().contains(QStringLiteral("already"));
        box->accept();
    });
    page.findChild<QPushButton *>(QStringLiteral("takeOver"))->click();
    QVERIFY(told);
    QCOMPARE(created.size(), 1);
}

// The person on call asks for cover from the page (Ctrl+Shift+R); the request then shows
// in the Swap requests tab, where someone free takes it and the requester may withdraw.
void tst_OnCallPage::asksForCoverAndAnswers()
{
    qRegisterMetaType<wk::ShiftRequest>();
    const Workspace ws = test::demoWorkspace();
    OnCallPage page;
    QString user;
    page.setCurrentUser([&] { return user; });
    page.setWorkspace(ws);
    const QDateTime now =
        QDateTime::fromString(QStringLiteral("2026-11-18T14:37:25Z"), Qt::ISODate);
    page.setToday(now);
    const QString rotation = QStringLiteral("investor-reporting");
    const OnCallAnswer before = page.schedule().onCallFor(rotation, now);
    user = before.primary;
    QDateTime turnEnd;
    for (const Shift &s : page.schedule().shifts(rotation, now, now.addSecs(1)))
        if (s.layer == RotationLayer::Primary)
            turnEnd = s.end;
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QSignalSpy asked(&page, &OnCallPage::shiftRequestAsked);
    bool filled = false;
    QTimer::singleShot(0, &page, [&] {
        auto *dialog = qobject_cast<ShiftRequestDialog *>(QApplication::activeModalWidget());
        QVERIFY(dialog);
        auto *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
        QCOMPARE(ok->text(), QStringLiteral("Ask"));
        QVERIFY(!ok->isEnabled()); // a reason is needed
        QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("reason")),
                         QStringLiteral("Sick"));
        QVERIFY2(ok->isEnabled(), qPrintable(ok->toolTip()));
        filled = true;
        ok->click();
    });
    QTest::keySequence(&page, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    QVERIFY(filled);
    QCOMPARE(asked.size(), 1);
    ShiftRequest r = asked.first().first().value<ShiftRequest>();
    QCOMPARE(r.requester, before.primary);
    QCOMPARE(r.rotation, rotation);
    QCOMPARE(r.kind, ShiftRequest::Kind::Cover);
    QCOMPARE(r.start, QDateTime::fromString(QStringLiteral("2026-11-18T14:37:00Z"), Qt::ISODate));
    QCOMPARE(r.end, turnEnd);
    QCOMPARE(r.expiresAt, r.start.addSecs(3600));
    QVERIFY(r.askedOf.isEmpty());
    QCOMPARE(r.reason, QStringLiteral("Sick"));

    // Asked by the one in the secondary seat, the dialog starts on that seat.
    {
        ShiftRequestDialog secondary(page.schedule(), *ws.rotation(rotation), before.secondary, now,
                                     now);
        QCOMPARE(secondary.findChild<QComboBox *>(QStringLiteral("layer"))->currentData().toInt(),
                 static_cast<int>(RotationLayer::Secondary));
        QCOMPARE(secondary.request().layer, RotationLayer::Secondary);
    }

    // As the engine shows it back: open, one row, the tab says so.
    page.setShiftRequests({r});
    auto *tabs = page.findChild<QTabWidget *>(QStringLiteral("onCallTabs"));
    QCOMPARE(tabs->tabText(1), QStringLiteral("Swap re&quests (1 open)"));
    ShiftRequestsPanel *panel = page.requestsPanel();
    QCOMPARE(tabs->currentWidget(), panel);
    auto *table = panel->table();
    QCOMPARE(table->rowCount(), 1);
    QCOMPARE(table->item(0, 3)->text(), QStringLiteral("open"));
    table->selectRow(0);
    auto *take = panel->findChild<QPushButton *>(QStringLiteral("takeRequest"));
    auto *withdraw = panel->findChild<QPushButton *>(QStringLiteral("withdrawRequest"));
    QVERIFY(!take->isEnabled()); // my own request
    QVERIFY(withdraw->isEnabled());
    QSignalSpy answered(&page, &OnCallPage::shiftRequestAnswer);
    withdraw->click();
    QCOMPARE(answered.size(), 1);
    QCOMPARE(answered.first().at(2).toInt(), static_cast<int>(ShiftRequestDesk::Answer::Withdraw));

    // Someone else, free then, takes it.
    for (const QString id : {"amara", "bruno", "chen", "dana"})
        if (id != before.primary && id != before.secondary)
            user = id;
    table->clearSelection();
    table->selectRow(0);
    QVERIFY(take->isEnabled());
    QVERIFY(!withdraw->isEnabled());
    take->click();
    QCOMPARE(answered.size(), 2);
    QCOMPARE(answered.last().at(0).toString(), r.id);
    QCOMPARE(answered.last().at(1).toString(), user);
    QCOMPARE(answered.last().at(2).toInt(), static_cast<int>(ShiftRequestDesk::Answer::Take));

    // Taken: greyed, nothing to press, the outcome under the table.
    r.state = ShiftRequest::State::Taken;
    r.takenBy = user;
    page.setShiftRequests({r});
    page.shiftRequestAnswered(QStringLiteral("Dana has the shift."), true);
    QCOMPARE(tabs->tabText(1), QStringLiteral("Swap re&quests"));
    table->selectRow(0);
    QVERIFY(!take->isEnabled());
    QCOMPARE(table->item(0, 4)->text(), ws.person(user)->name);
    QCOMPARE(panel->findChild<QLabel *>(QStringLiteral("requestOutcome"))->text(),
             QStringLiteral("Dana has the shift."));
}

QTEST_MAIN(tst_OnCallPage)
#include "tst_oncallpage.moc"
