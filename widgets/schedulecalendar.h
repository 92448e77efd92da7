#pragma once

#include "schedule/shift.h"

#include <QDate>
#include <QHash>
#include <QList>
#include <QRect>
#include <QSet>
#include <QTimeZone>
#include <QWidget>

namespace wk {

// A month or week grid of days, each listing who holds which seat that day, coloured per
// person; holidays in red, overrides marked, today outlined. Clicking a day selects it.
class ScheduleCalendar : public QWidget
{
    Q_OBJECT

public:
    enum class Mode { Month, Week };
    explicit ScheduleCalendar(QWidget *parent = nullptr);

    void setMode(Mode mode);
    Mode mode() const { return m_mode; }
    void setAnchor(const QDate &date); // any day of the month or week to show
    QDate anchor() const { return m_anchor; }
    QDate firstDay() const;
    QDate lastDay() const; // inclusive
    void setData(const QList<Shift> &shifts, const QHash<QString, QString> &names,
                 const QHash<QDate, QString> &holidays, const QTimeZone &zone, const QDate &today);
    QDate selectedDate() const { return m_selected; }
    void selectDate(const QDate &date);
    // Shifts holding any part of a local day.
    QList<Shift> shiftsOn(const QDate &date) const;
    QColor colorFor(const QString &person) const;

signals:
    void dateSelected(const QDate &date);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    QSize sizeHint() const override { return {760, 480}; }

private:
    QRect cellRect(int index) const;
    int days() const;

    Mode m_mode = Mode::Month;
    QDate m_anchor = QDate::currentDate();
    QDate m_today = QDate::currentDate();
    QDate m_selected;
    QList<Shift> m_shifts;
    QHash<QString, QString> m_names;
    QHash<QString, int> m_hues; // person id -> hue
    QHash<QDate, QString> m_holidays;
    QTimeZone m_zone = QTimeZone::utc();
};

} // namespace wk
