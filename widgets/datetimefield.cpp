#include "datetimefield.h"

#include <QCalendarWidget>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QToolButton>
#include <QVBoxLayout>

namespace wk {

namespace {
const QString dateFormat = QStringLiteral("yyyy-MM-dd");
const QString timeFormat = QStringLiteral("HH:mm");
} // namespace

DateTimeField::DateTimeField(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    m_edit = new QLineEdit(this);
    // '_' for blanks: with the default ' ', typing the space between date and time would
    // be taken as a blank hour digit.
    m_edit->setInputMask(QStringLiteral("0000-00-00 00:00;_"));
    m_edit->setPlaceholderText(QStringLiteral("yyyy-mm-dd hh:mm"));
    m_edit->setToolTip(tr("Type the date and time as 2027-01-10 17:00"));
    m_pick = new QToolButton(this);
    m_pick->setText(tr("…"));
    m_pick->setToolTip(tr("Pick the day on a calendar"));
    setFocusProxy(m_edit);
    layout->addWidget(m_edit, 1);
    layout->addWidget(m_pick);
    connect(m_edit, &QLineEdit::textChanged, this, &DateTimeField::changed);
    connect(m_pick, &QToolButton::clicked, this, &DateTimeField::pickDay);
}

void DateTimeField::setDateTime(const QDate &date, const QTime &time)
{
    m_edit->setText(date.toString(dateFormat) + QLatin1Char(' ') + time.toString(timeFormat));
}

QDate DateTimeField::date() const
{
    return QDate::fromString(m_edit->text().left(10), dateFormat);
}

QTime DateTimeField::time() const
{
    return QTime::fromString(m_edit->text().mid(11), timeFormat);
}

void DateTimeField::pickDay()
{
    auto *popup = new QWidget(this, Qt::Popup);
    popup->setAttribute(Qt::WA_DeleteOnClose);
    auto *layout = new QVBoxLayout(popup);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *calendar = new QCalendarWidget(popup);
    calendar->setObjectName(QStringLiteral("calendar"));
    if (date().isValid())
        calendar->setSelectedDate(date());
    layout->addWidget(calendar);
    connect(calendar, &QCalendarWidget::activated, popup, [this, popup](const QDate &day) {
        // The day changes; the time typed stays.
        setDateTime(day, time().isValid() ? time() : QTime(0, 0));
        popup->close();
    });
    popup->move(mapToGlobal(QPoint(0, height())));
    popup->show();
    calendar->setFocus();
}

} // namespace wk
