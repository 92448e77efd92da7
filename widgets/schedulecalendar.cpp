#include "schedulecalendar.h"

#include <QLocale>
#include <QMouseEvent>
#include <QPainter>

namespace wk {

ScheduleCalendar::ScheduleCalendar(QWidget *parent) : QWidget(parent)
{
    setFocusPolicy(Qt::StrongFocus);
    setMinimumSize(560, 360);
    setAccessibleName(tr("On-call calendar"));
    setAccessibleDescription(tr("Who is on call each day, with holidays and overrides; "
                                "click a day to choose it."));
}

void ScheduleCalendar::setMode(Mode mode)
{
    m_mode = mode;
    update();
}

void ScheduleCalendar::setAnchor(const QDate &date)
{
    m_anchor = date;
    update();
}

QDate ScheduleCalendar::firstDay() const
{
    if (m_mode == Mode::Week)
        return m_anchor.addDays(1 - m_anchor.dayOfWeek());
    const QDate first(m_anchor.year(), m_anchor.month(), 1);
    return first.addDays(1 - first.dayOfWeek());
}

int ScheduleCalendar::days() const
{
    return m_mode == Mode::Week ? 7 : 42;
}

QDate ScheduleCalendar::lastDay() const
{
    return firstDay().addDays(days() - 1);
}

void ScheduleCalendar::setData(const QList<Shift> &shifts, const QHash<QString, QString> &names,
                               const QHash<QDate, QString> &holidays, const QTimeZone &zone,
                               const QDate &today)
{
    m_shifts = shifts;
    m_names = names;
    // Hues spread evenly over everyone, so no two people share a colour (a hash of the id
    // gave two of four people the same one).
    QStringList people = names.keys();
    people.sort();
    m_hues.clear();
    for (int i = 0; i < people.size(); ++i)
        m_hues.insert(people.at(i), static_cast<int>(20 + i * 360 / people.size()) % 360);
    m_holidays = holidays;
    m_zone = zone;
    m_today = today;
    update();
}

void ScheduleCalendar::selectDate(const QDate &date)
{
    m_selected = date;
    update();
    emit dateSelected(date);
}

QList<Shift> ScheduleCalendar::shiftsOn(const QDate &date) const
{
    const QDateTime from = QDateTime(date, QTime(0, 0), m_zone).toUTC();
    const QDateTime to = QDateTime(date.addDays(1), QTime(0, 0), m_zone).toUTC();
    QList<Shift> out;
    for (const Shift &s : m_shifts) {
        if (s.start < to && s.end > from)
            out << s;
    }
    return out;
}

QColor ScheduleCalendar::colorFor(const QString &person) const
{
    // Light enough to read black text on; someone not in the workspace gets a stable hue.
    const int hue = m_hues.value(person, static_cast<int>(qHash(person) % 360));
    return QColor::fromHsl(hue, 150, 200);
}

QRect ScheduleCalendar::cellRect(int index) const
{
    const int header = 22;
    const int rows = days() / 7;
    const int w = width() / 7;
    const int h = (height() - header) / rows;
    return {(index % 7) * w, header + (index / 7) * h, w - 1, h - 1};
}

void ScheduleCalendar::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), palette().base());
    const QLocale locale;
    for (int d = 0; d < 7; ++d)
        p.drawText(QRect(d * (width() / 7), 0, width() / 7, 22), Qt::AlignCenter,
                   locale.dayName(d + 1, QLocale::ShortFormat));
    const QFontMetrics fm(font());
    for (int i = 0; i < days(); ++i) {
        const QDate date = firstDay().addDays(i);
        const QRect cell = cellRect(i);
        const bool otherMonth = m_mode == Mode::Month && date.month() != m_anchor.month();
        p.fillRect(cell, date == m_selected ? palette().highlight().color().lighter(170)
                         : otherMonth       ? palette().alternateBase()
                                            : palette().base());
        p.setPen(palette().mid().color());
        p.drawRect(cell);
        if (date == m_today) {
            p.setPen(QPen(palette().highlight(), 2));
            p.drawRect(cell.adjusted(1, 1, -1, -1));
        }
        QRect line(cell.left() + 4, cell.top() + 2, cell.width() - 8, fm.height());
        p.setPen(otherMonth ? palette().placeholderText().color() : palette().text().color());
        QString head = QString::number(date.day());
        if (m_holidays.contains(date)) {
            p.setPen(QColor(190, 30, 30));
            head += QStringLiteral("  ") + m_holidays.value(date);
        }
        p.drawText(line, Qt::AlignLeft | Qt::AlignVCenter,
                   fm.elidedText(head, Qt::ElideRight, line.width()));
        for (const Shift &s : shiftsOn(date)) {
            line.translate(0, fm.height() + 2);
            if (line.bottom() > cell.bottom())
                break;
            p.fillRect(line, colorFor(s.person));
            p.setPen(Qt::black);
            const QString seat = s.layer == RotationLayer::Primary     ? QStringLiteral("P")
                                 : s.layer == RotationLayer::Secondary ? QStringLiteral("S")
                                                                       : QStringLiteral("M");
            const QString text =
                QStringLiteral("%1 %2%3").arg(seat, m_names.value(s.person, s.person),
                                              s.isOverride() ? QStringLiteral(" ⇄") : QString());
            p.drawText(line.adjusted(3, 0, -3, 0), Qt::AlignLeft | Qt::AlignVCenter,
                       fm.elidedText(text, Qt::ElideRight, line.width() - 6));
        }
    }
}

void ScheduleCalendar::mousePressEvent(QMouseEvent *event)
{
    for (int i = 0; i < days(); ++i) {
        if (cellRect(i).contains(event->position().toPoint())) {
            selectDate(firstDay().addDays(i));
            return;
        }
    }
}

} // namespace wk
