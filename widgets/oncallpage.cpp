#include "oncallpage.h"

#include "overridedialog.h"
#include "schedule/scheduleexport.h"
#include "schedulecalendar.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QShortcut>
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
    overrideButton->setToolTip(tr("Someone else takes a seat for a while (Ctrl+O)"));
    auto *exportButton = new QPushButton(tr("E&xport…"), this);
    exportButton->setToolTip(tr("Save the shifts shown as iCalendar or CSV"));
    bar->addWidget(new QLabel(tr("Rotation:"), this));
    bar->addWidget(m_rotation, 1);
    for (QWidget *w : std::initializer_list<QWidget *>{m_month, m_week, prev, today, next,
                                                       overrideButton, exportButton})
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
    layout->addLayout(body, 1);

    auto step = [this](int direction) {
        const QDate a = m_calendar->anchor();
        m_calendar->setAnchor(m_calendar->mode() == ScheduleCalendar::Mode::Month
                                  ? a.addMonths(direction)
                                  : a.addDays(7 * direction));
        refresh();
    };
    connect(prev, &QPushButton::clicked, this, [step] { step(-1); });
    connect(next, &QPushButton::clicked, this, [step] { step(1); });
    new QShortcut(QKeySequence::MoveToPreviousPage, this, [step] { step(-1); });
    new QShortcut(QKeySequence::MoveToNextPage, this, [step] { step(1); });
    connect(today, &QPushButton::clicked, this, [this] {
        m_calendar->setAnchor(m_now.date());
        m_calendar->selectDate(m_now.date());
        refresh();
    });
    connect(m_month, &QPushButton::toggled, this, [this](bool on) {
        m_calendar->setMode(on ? ScheduleCalendar::Mode::Month : ScheduleCalendar::Mode::Week);
        refresh();
    });
    connect(m_rotation, &QComboBox::currentIndexChanged, this, [this] { refresh(); });
    connect(m_calendar, &ScheduleCalendar::dateSelected, this, &OnCallPage::showDetails);
    connect(overrideButton, &QPushButton::clicked, this, &OnCallPage::createOverride);
    new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_O), this, [this] { createOverride(); });
    connect(exportButton, &QPushButton::clicked, this, &OnCallPage::exportSchedule);
}

void OnCallPage::setWorkspace(const Workspace &workspace)
{
    m_schedule = OnCallSchedule(workspace);
    m_schedule.setStoredOverrides(m_stored);
    const QSignalBlocker block(m_rotation);
    m_rotation->clear();
    for (const Rotation &r : workspace.rotations)
        m_rotation->addItem(r.name, r.id);
    refresh();
}

void OnCallPage::setStoredOverrides(const QList<ScheduleOverride> &overrides)
{
    m_stored = overrides;
    m_schedule.setStoredOverrides(overrides);
    refresh();
    showDetails();
}

void OnCallPage::setToday(const QDateTime &now)
{
    const bool firstTime = !m_calendar->selectedDate().isValid();
    m_now = now.toUTC();
    if (firstTime) {
        m_calendar->setAnchor(m_now.date());
        m_calendar->selectDate(m_now.date());
    }
    refresh();
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
        if (s.isOverride())
            html += QStringLiteral("<br><i>Override of %1's shift: %2</i>")
                        .arg(s.plannedPerson.toHtmlEscaped(), s.note.toHtmlEscaped());
        else if (!s.note.isEmpty())
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
    if (dialog.exec() != QDialog::Accepted)
        return;
    const QList<ScheduleOverride> made = dialog.results();
    // Shown at once; the engine stores them and sends the stored list back.
    m_stored << made;
    m_schedule.setStoredOverrides(m_stored);
    refresh();
    showDetails();
    emit overrideCreated(made);
}

void OnCallPage::exportSchedule()
{
    const Rotation *r = m_schedule.workspace().rotation(rotationId());
    if (!r)
        return;
    QString filter;
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export schedule"), r->id + QStringLiteral(".ics"),
                                     tr("iCalendar (*.ics);;CSV (*.csv)"), &filter);
    if (path.isEmpty())
        return;
    const QTimeZone zone(r->timeZone.toUtf8());
    const QList<Shift> shifts =
        m_schedule.shifts(r->id, QDateTime(m_calendar->firstDay(), QTime(0, 0), zone).toUTC(),
                          QDateTime(m_calendar->lastDay().addDays(1), QTime(0, 0), zone).toUTC());
    const QByteArray data = path.endsWith(QLatin1String(".csv"))
                                ? ScheduleExport::toCsv(shifts, m_schedule.workspace())
                                : ScheduleExport::toIcs(shifts, m_schedule.workspace(),
                                                        QDateTime::currentDateTimeUtc());
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(data) != data.size() || !f.commit())
        QMessageBox::warning(this, tr("Export schedule"),
                             tr("Cannot write %1: %2").arg(path, f.errorString()));
}

} // namespace wk
