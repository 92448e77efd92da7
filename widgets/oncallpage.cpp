#include "oncallpage.h"

#include "filedialog.h"

#include "alerttablemodel.h"
#include "calendarfeeddialog.h"
#include "overridedialog.h"
#include "report/fairnessreport.h"
#include "schedule/scheduleexport.h"
#include "schedulecalendar.h"
#include "shiftrequestdialog.h"
#include "shiftrequestspanel.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QShortcut>
#include <QTabWidget>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace wk {

OnCallPage::OnCallPage(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    auto *bar = new QHBoxLayout;
    m_rotation = new QComboBox(this);
    m_rotation->setObjectName(QStringLiteral("rotation"));
    m_month = new QPushButton(tr("&Month"), this);
    m_week = new QPushButton(tr("&Week"), this);
    for (QPushButton *b : {m_month, m_week})
        b->setCheckable(true);
    auto *group = new QButtonGroup(this);
    group->addButton(m_month);
    group->addButton(m_week);
    m_month->setChecked(true);
    auto *prev = new QPushButton(tr("◀"), this);
    prev->setToolTip(tr("Previous (Page Up)"));
    auto *today = new QPushButton(tr("&Today"), this);
    auto *next = new QPushButton(tr("▶"), this);
    next->setToolTip(tr("Next (Page Down)"));
    auto *overrideButton = new QPushButton(tr("&Override…"), this);
    overrideButton->setObjectName(QStringLiteral("createOverride"));
    overrideButton->setToolTip(tr("Someone else takes a seat for a while (Ctrl+Shift+O)"));
    auto *takeOverButton = new QPushButton(tr("Ta&ke over…"), this);
    takeOverButton->setObjectName(QStringLiteral("takeOver"));
    takeOverButton->setToolTip(
        tr("Take the primary seat from now to the end of this turn (Ctrl+Shift+T)"));
    auto *exportButton = new QPushButton(tr("E&xport…"), this);
    exportButton->setToolTip(tr("Save the shifts shown as iCalendar or CSV"));
    auto *feedsButton = new QPushButton(tr("Calen&dar feeds…"), this);
    feedsButton->setObjectName(QStringLiteral("calendarFeeds"));
    feedsButton->setToolTip(tr("Addresses your phone or desktop calendar subscribes to"));
    bar->addWidget(new QLabel(tr("Rotation:"), this));
    bar->addWidget(m_rotation, 1);
    for (QWidget *w :
         std::initializer_list<QWidget *>{m_month, m_week, prev, today, next, overrideButton,
                                          takeOverButton, exportButton, feedsButton})
        bar->addWidget(w);
    layout->addLayout(bar);
    m_now_label = new QLabel(this);
    m_now_label->setObjectName(QStringLiteral("onCallNow"));
    m_now_label->setWordWrap(true);
    layout->addWidget(m_now_label);
    auto *body = new QHBoxLayout;
    m_calendar = new ScheduleCalendar(this);
    body->addWidget(m_calendar, 3);
    m_details = new QLabel(tr("Click a day for its shifts."), this);
    m_details->setObjectName(QStringLiteral("shiftDetails"));
    m_details->setWordWrap(true);
    m_details->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setMinimumWidth(240);
    body->addWidget(m_details, 1);
    layout->addLayout(body, 3);

    // Below the calendar: the load per person, and the team's swap and cover requests.
    m_bottom = new QTabWidget(this);
    m_bottom->setObjectName(QStringLiteral("onCallTabs"));
    auto *loadPage = new QWidget(m_bottom);
    auto *loadLayout = new QVBoxLayout(loadPage);
    loadLayout->setContentsMargins(0, 4, 0, 0);
    auto *loadBar = new QHBoxLayout;
    auto *loadTitle = new QLabel(tr("Over:"), loadPage);
    m_loadSpan = new QComboBox(this);
    m_loadSpan->setObjectName(QStringLiteral("loadSpan"));
    m_loadSpan->addItem(tr("Next 12 weeks"), 12);
    m_loadSpan->addItem(tr("Last 12 weeks"), -12);
    m_loadSpan->addItem(tr("Last 52 weeks"), -52);
    loadTitle->setBuddy(m_loadSpan);
    loadBar->addWidget(loadTitle);
    loadBar->addWidget(m_loadSpan);
    loadBar->addStretch();
    loadLayout->addLayout(loadBar);
    m_load = new QTableWidget(this);
    m_load->setObjectName(QStringLiteral("fairness"));
    m_load->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_load->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_load->verticalHeader()->hide();
    m_load->setColumnCount(1 + static_cast<int>(FairnessReport::figureNames().size()));
    m_load->setHorizontalHeaderLabels(QStringList{tr("Person")} + FairnessReport::figureNames());
    m_load->horizontalHeaderItem(7)->setToolTip(
        tr("Alerts that paged them between 22:00 and 07:00 in their own time zone"));
    m_load->horizontalHeaderItem(8)->setToolTip(tr("Alerts they acknowledged or resolved"));
    m_load->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_load->horizontalHeader()->setStretchLastSection(true);
    loadLayout->addWidget(m_load, 1);
    m_bottom->addTab(loadPage, tr("&Load per person"));
    m_requests = new ShiftRequestsPanel(m_bottom);
    m_bottom->addTab(m_requests, tr("Swap re&quests"));
    layout->addWidget(m_bottom, 1);
    connect(m_requests, &ShiftRequestsPanel::liveCountChanged, this, [this](int open) {
        m_bottom->setTabText(1, open > 0 ? tr("Swap re&quests (%1 open)").arg(open)
                                         : tr("Swap re&quests"));
    });
    connect(m_requests, &ShiftRequestsPanel::askWanted, this, &OnCallPage::askForCover);
    connect(m_requests, &ShiftRequestsPanel::answerWanted, this,
            [this](const QString &id, int answer, const QString &note) {
                emit shiftRequestAnswer(id, m_user ? m_user() : QString(), answer, note);
            });
    (new QShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R), this, [this] {
        askForCover();
    }))->setWhatsThis(tr("Ask for cover or a swap"));
    // Alerts change many times a second under load; the table follows at most once a second.
    m_loadTimer = new QTimer(this);
    m_loadTimer->setSingleShot(true);
    m_loadTimer->setInterval(1000);
    connect(m_loadTimer, &QTimer::timeout, this, &OnCallPage::refreshLoad);
    connect(m_loadSpan, &QComboBox::currentIndexChanged, this, &OnCallPage::refreshLoad);

    auto step = [this](int direction) {
        const QDate a = m_calendar->anchor();
        m_calendar->setAnchor(m_calendar->mode() == ScheduleCalendar::Mode::Month
                                  ? a.addMonths(direction)
                                  : a.addDays(7 * direction));
        refresh();
    };
    connect(prev, &QPushButton::clicked, this, [step] { step(-1); });
    connect(next, &QPushButton::clicked, this, [step] { step(1); });
    (new QShortcut(QKeySequence::MoveToPreviousPage, this, [step] {
        step(-1);
    }))->setWhatsThis(tr("Previous month or week"));
    (new QShortcut(QKeySequence::MoveToNextPage, this, [step] {
        step(1);
    }))->setWhatsThis(tr("Next month or week"));
    connect(today, &QPushButton::clicked, this, [this] {
        m_calendar->setAnchor(m_now.date());
        m_calendar->selectDate(m_now.date());
        refresh();
    });
    connect(m_month, &QPushButton::toggled, this, [this](bool on) {
        m_calendar->setMode(on ? ScheduleCalendar::Mode::Month : ScheduleCalendar::Mode::Week);
        refresh();
    });
    connect(m_rotation, &QComboBox::currentIndexChanged, this, [this] {
        refresh();
        refreshLoad();
    });
    connect(m_calendar, &ScheduleCalendar::dateSelected, this, &OnCallPage::showDetails);
    connect(overrideButton, &QPushButton::clicked, this, &OnCallPage::createOverride);
    // Ctrl+O is the window's Open Workspace.
    auto *overrideKey = new QShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O), this,
                                      [this] { createOverride(); });
    overrideKey->setWhatsThis(tr("Create an override"));
    connect(exportButton, &QPushButton::clicked, this, &OnCallPage::exportSchedule);
    connect(feedsButton, &QPushButton::clicked, this, &OnCallPage::showCalendarFeeds);
    connect(takeOverButton, &QPushButton::clicked, this, &OnCallPage::takeOver);
    (new QShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T), this, [this] {
        takeOver();
    }))->setWhatsThis(tr("Take over the current shift"));
}

void OnCallPage::takeOver()
{
    const Rotation *r = m_schedule.workspace().rotation(rotationId());
    const QString me = m_user ? m_user() : QString();
    if (!r)
        return;
    if (!m_schedule.workspace().person(me)) {
        QMessageBox::information(this, tr("Take over"),
                                 tr("Say who is at this console first (File → Settings…): "
                                    "the seat goes to that person."));
        return;
    }
    // From this minute: the fields hold minutes, and the seat is theirs at once.
    QDateTime from = m_now.toUTC();
    from.setTime(QTime(from.time().hour(), from.time().minute()));
    Shift current;
    for (const Shift &s : m_schedule.shifts(r->id, m_now, m_now.addSecs(1))) {
        if (s.layer == RotationLayer::Primary && s.covers(m_now))
            current = s;
    }
    if (current.person.isEmpty()) {
        QMessageBox::information(this, tr("Take over"),
                                 tr("Nobody holds the primary seat of %1 now.").arg(r->name));
        return;
    }
    if (current.person == me) {
        QMessageBox::information(this, tr("Take over"),
                                 tr("You hold the primary seat of %1 already.").arg(r->name));
        return;
    }
    OverrideDialog dialog(m_schedule, *r, from, current.end, me, this);
    dialog.setObjectName(QStringLiteral("takeOverDialog"));
    dialog.setWindowTitle(tr("Take over the rest of this shift"));
    dialog.selectPerson(me);
    if (dialog.exec() == QDialog::Accepted)
        accept(dialog.results());
}

void OnCallPage::setCurrentUser(std::function<QString()> user)
{
    m_user = user;
    m_requests->setCurrentUser(std::move(user));
}

void OnCallPage::askForCover()
{
    const Rotation *r = m_schedule.workspace().rotation(rotationId());
    const QString me = m_user ? m_user() : QString();
    if (!r)
        return;
    if (!m_schedule.workspace().person(me)) {
        QMessageBox::information(this, tr("Ask for cover"),
                                 tr("Say who is at this console first (File → Settings…): "
                                    "the request is made in that person's name."));
        return;
    }
    // The selected day's turn of mine, or my next turn from now.
    QDateTime from;
    const QDate day = m_calendar->selectedDate();
    const QDateTime dayStart =
        day.isValid() ? QDateTime(day, QTime(12, 0), QTimeZone(r->timeZone.toUtf8())) : m_now;
    for (const Shift &s : m_schedule.shifts(r->id, std::max(dayStart, m_now),
                                            std::max(dayStart, m_now).addDays(182))) {
        if (!from.isValid() && s.person == me && s.end > m_now)
            from = std::max(s.start, m_now);
    }
    if (!from.isValid()) {
        QMessageBox::information(this, tr("Ask for cover"),
                                 tr("You hold no seat of %1 in the next six months.").arg(r->name));
        return;
    }
    ShiftRequestDialog dialog(m_schedule, *r, me, from, m_now, this);
    dialog.setObjectName(QStringLiteral("shiftRequestDialog"));
    if (dialog.exec() == QDialog::Accepted) {
        m_bottom->setCurrentWidget(m_requests);
        emit shiftRequestAsked(dialog.request());
    }
}

void OnCallPage::setShiftRequests(const QList<ShiftRequest> &requests)
{
    m_requests->setRequests(requests);
}

void OnCallPage::shiftRequestAnswered(const QString &message, bool ok)
{
    m_requests->showOutcome(message, ok);
}

void OnCallPage::showCalendarFeeds()
{
    const Workspace &ws = m_schedule.workspace();
    const QString person = m_user ? m_user() : QString();
    if (!ws.person(person)) {
        QMessageBox::information(this, tr("Calendar feeds"),
                                 tr("Calendar feeds are per person: say who is at this console "
                                    "first (File → Settings…)."));
        return;
    }
    if (m_feeds)
        m_feeds->close();
    m_feeds = new CalendarFeedDialog(ws, person, this);
    m_feeds->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_feeds, &CalendarFeedDialog::replaceRequested, this,
            [this](const QString &who) { emit calendarKeyWanted(who, true); });
    m_feeds->open();
    emit calendarKeyWanted(person, false);
}

void OnCallPage::setCalendarKey(const QString &person, const QString &key)
{
    if (m_feeds && m_feeds->person() == person)
        m_feeds->setKey(key);
}

void OnCallPage::calendarKeyFailed(const QString &person, const QString &error)
{
    if (m_feeds && m_feeds->person() == person)
        m_feeds->showError(error);
}

void OnCallPage::setWorkspace(const Workspace &workspace)
{
    m_schedule = OnCallSchedule(workspace);
    m_schedule.setStoredOverrides(m_stored);
    m_requests->setWorkspace(workspace);
    const QSignalBlocker block(m_rotation);
    m_rotation->clear();
    for (const Rotation &r : workspace.rotations)
        m_rotation->addItem(r.name, r.id);
    refresh();
    refreshLoad();
}

void OnCallPage::setStoredOverrides(const QList<ScheduleOverride> &overrides)
{
    m_stored = overrides;
    m_schedule.setStoredOverrides(overrides);
    refresh();
    showDetails();
    refreshLoad();
}

void OnCallPage::setAlertModel(const AlertTableModel *model)
{
    m_alertModel = model;
    auto later = [this] {
        if (!m_loadTimer->isActive())
            m_loadTimer->start();
    };
    connect(model, &QAbstractItemModel::modelReset, this, later);
    connect(model, &QAbstractItemModel::rowsInserted, this, later);
    connect(model, &QAbstractItemModel::dataChanged, this, later);
    refreshLoad();
}

void OnCallPage::refreshLoad()
{
    const Rotation *r = m_schedule.workspace().rotation(rotationId());
    m_loadDay = m_now.date();
    m_load->setRowCount(0);
    if (!r)
        return;
    const int weeks = m_loadSpan->currentData().toInt();
    const QDate today = m_now.toTimeZone(QTimeZone(r->timeZone.toUtf8())).date();
    const QDate from = weeks > 0 ? today : today.addDays(7 * weeks);
    const QDate to = weeks > 0 ? today.addDays(7 * weeks) : today.addDays(1);
    static const QList<Alert> none;
    const FairnessReport report = FairnessReport::build(
        m_schedule, m_alertModel ? m_alertModel->alerts() : none, from, to, r->id);
    m_load->setRowCount(static_cast<int>(report.people.size()));
    for (int row = 0; row < report.people.size(); ++row) {
        const FairnessReport::Load &l = report.people[row];
        auto *name = new QTableWidgetItem(
            l.participant ? l.name : tr("%1 (not in the rotation)").arg(l.name));
        name->setData(Qt::UserRole, l.person);
        m_load->setItem(row, 0, name);
        const QList<int> values = l.figures();
        for (int c = 0; c < values.size(); ++c) {
            auto *item = new QTableWidgetItem(QString::number(values[c]));
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_load->setItem(row, c + 1, item);
        }
    }
    m_load->setToolTip(tr("%1 to %2. Spread over the rotation: primary turns %3, holiday days "
                          "%4, weekend days %5.")
                           .arg(QLocale().toString(from, QLocale::ShortFormat),
                                QLocale().toString(to.addDays(-1), QLocale::ShortFormat))
                           .arg(report.spread(&FairnessReport::Load::primaryTurns))
                           .arg(report.spread(&FairnessReport::Load::holidayDays))
                           .arg(report.spread(&FairnessReport::Load::weekendDays)));
}

void OnCallPage::setToday(const QDateTime &now)
{
    const bool firstTime = !m_calendar->selectedDate().isValid();
    m_now = now.toUTC();
    m_requests->setNow(m_now);
    if (firstTime) {
        m_calendar->setAnchor(m_now.date());
        m_calendar->selectDate(m_now.date());
    }
    refresh();
    // The span moves with the date, not with the minute.
    if (m_now.date() != m_loadDay)
        refreshLoad();
}

QString OnCallPage::rotationId() const
{
    return m_rotation->currentData().toString();
}

void OnCallPage::refresh()
{
    const Rotation *r = m_schedule.workspace().rotation(rotationId());
    if (!r) {
        m_now_label->setText(tr("This workspace has no rotations. Add a 'rotations:' section "
                                "to its file to plan on-call turns."));
        m_calendar->setData({}, {}, {}, QTimeZone::utc(), m_now.date());
        return;
    }
    const QTimeZone zone(r->timeZone.toUtf8());
    QHash<QString, QString> names;
    for (const Person &p : m_schedule.workspace().people)
        names.insert(p.id, p.name);
    QHash<QDate, QString> holidays;
    for (const Holiday &h : m_schedule.workspace().allHolidays())
        holidays.insert(h.date, h.name);
    const QDateTime from = QDateTime(m_calendar->firstDay(), QTime(0, 0), zone).toUTC();
    const QDateTime to = QDateTime(m_calendar->lastDay().addDays(1), QTime(0, 0), zone).toUTC();
    m_calendar->setData(m_schedule.shifts(r->id, from, to), names, holidays, zone,
                        m_now.toTimeZone(zone).date());
    const OnCallAnswer now = m_schedule.onCallFor(r->id, m_now);
    m_now_label->setText(
        now.primary.isEmpty()
            ? tr("Nobody is on call for %1 yet: the rotation starts %2.")
                  .arg(r->name, QLocale().toString(r->start, QLocale::LongFormat))
            : tr("<b>Now:</b> %1 primary, %2 secondary%3%4")
                  .arg(names.value(now.primary), names.value(now.secondary, tr("nobody")),
                       now.covered ? QString() : tr(" (outside working hours)"),
                       now.note.isEmpty() ? QString() : QStringLiteral(" · ") + now.note));
}

void OnCallPage::showDetails()
{
    const QDate day = m_calendar->selectedDate();
    const Rotation *r = m_schedule.workspace().rotation(rotationId());
    if (!day.isValid() || !r)
        return;
    const QTimeZone zone(r->timeZone.toUtf8());
    QString html = QStringLiteral("<h3>%1</h3>").arg(QLocale().toString(day, QLocale::LongFormat));
    for (const Holiday &h : m_schedule.workspace().allHolidays()) {
        if (h.date == day)
            html += QStringLiteral("<p style='color:#b01e1e'>%1</p>").arg(h.name.toHtmlEscaped());
    }
    for (const Shift &s : m_calendar->shiftsOn(day)) {
        const Person *p = m_schedule.workspace().person(s.person);
        html += QStringLiteral("<p><b>%1</b>: %2<br>%3 – %4 %5")
                    .arg(rotationLayerName(s.layer), p ? p->name.toHtmlEscaped() : s.person,
                         s.start.toTimeZone(zone).toString(QStringLiteral("ddd d MMM HH:mm")),
                         s.end.toTimeZone(zone).toString(QStringLiteral("ddd d MMM HH:mm")),
                         r->timeZone);
        if (s.isOverride()) {
            html += QStringLiteral("<br><i>Override of %1's shift: %2</i>")
                        .arg(s.plannedPerson.toHtmlEscaped(), s.note.toHtmlEscaped());
            for (const ScheduleOverride &o : m_schedule.overrides()) {
                if (o.id != s.overrideId)
                    continue;
                if (const QString review = m_schedule.reviewProblem(o); !review.isEmpty())
                    html += QStringLiteral("<br><span style='color:#b3261e'>⚠ Needs review: "
                                           "%1.</span>")
                                .arg(review.toHtmlEscaped());
            }
        } else if (!s.note.isEmpty())
            html += QStringLiteral("<br><i>%1</i>").arg(s.note.toHtmlEscaped());
        html += QStringLiteral("</p>");
    }
    m_details->setText(html);
}

void OnCallPage::createOverride()
{
    const Rotation *r = m_schedule.workspace().rotation(rotationId());
    if (!r)
        return;
    const QDate day =
        m_calendar->selectedDate().isValid() ? m_calendar->selectedDate() : m_now.date();
    const QTimeZone zone(r->timeZone.toUtf8());
    const QDateTime from = QDateTime(day, r->handoffTime, zone);
    OverrideDialog dialog(m_schedule, *r, from, from.addDays(1), m_user ? m_user() : QString(),
                          this);
    dialog.setObjectName(QStringLiteral("overrideDialog"));
    if (dialog.exec() == QDialog::Accepted)
        accept(dialog.results());
}

void OnCallPage::accept(const QList<ScheduleOverride> &made)
{
    // Shown at once; the engine stores them and sends the stored list back.
    m_stored << made;
    m_schedule.setStoredOverrides(m_stored);
    refresh();
    showDetails();
    refreshLoad();
    emit overrideCreated(made);
}

void OnCallPage::exportSchedule()
{
    const Rotation *r = m_schedule.workspace().rotation(rotationId());
    if (!r)
        return;
    const QString path =
        FileDialog::saveFileName(this, tr("Export schedule"), r->id + QStringLiteral(".ics"),
                                 tr("iCalendar (*.ics);;CSV (*.csv)"));
    QString error;
    if (!path.isEmpty() && !exportTo(path, &error))
        QMessageBox::warning(this, tr("Export schedule"), error);
}

bool OnCallPage::exportTo(const QString &path, QString *error) const
{
    const Rotation *r = m_schedule.workspace().rotation(rotationId());
    if (!r) {
        *error = tr("There is no rotation to export.");
        return false;
    }
    // Twelve weeks from the first day shown, as the command line exports: a calendar
    // subscribed to from the file is useful for more than the month on screen.
    const QTimeZone zone(r->timeZone.toUtf8());
    const QDate first = m_calendar->firstDay();
    const QDate last = std::max(m_calendar->lastDay().addDays(1), first.addDays(exportDays));
    const QList<Shift> shifts =
        m_schedule.shifts(r->id, QDateTime(first, QTime(0, 0), zone).toUTC(),
                          QDateTime(last, QTime(0, 0), zone).toUTC());
    const QByteArray data = path.endsWith(QLatin1String(".csv"))
                                ? ScheduleExport::toCsv(shifts, m_schedule.workspace())
                                : ScheduleExport::toIcs(shifts, m_schedule.workspace(),
                                                        QDateTime::currentDateTimeUtc());
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(data) != data.size() || !f.commit()) {
        *error = tr("Cannot write %1: %2").arg(path, f.errorString());
        return false;
    }
    return true;
}

} // namespace wk
