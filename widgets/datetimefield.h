#pragma once

#include <QDate>
#include <QTime>
#include <QWidget>

class QLineEdit;
class QToolButton;

namespace wk {

// A wall-clock date and time typed as "yyyy-MM-dd HH:mm", with a calendar to pick the
// day. QDateTimeEdit edits one section at a time: typing a whole date over its selected
// text drops the year, and it knows no time zones before Qt 6.7. This field takes what is
// typed as typed, and means no zone at all: its owner says which zone the time is in.
class DateTimeField : public QWidget
{
    Q_OBJECT

public:
    explicit DateTimeField(QWidget *parent = nullptr);

    void setDateTime(const QDate &date, const QTime &time);
    // Invalid while the text is incomplete or names no real day or time.
    QDate date() const;
    QTime time() const;
    bool isValid() const { return date().isValid() && time().isValid(); }
    QLineEdit *lineEdit() const { return m_edit; }

signals:
    void changed();

private:
    void pickDay();

    QLineEdit *m_edit;
    QToolButton *m_pick;
};

} // namespace wk
