#pragma once

#include "domain/shiftrequest.h"
#include "schedule/oncallschedule.h"

#include <QDialog>
#include <QTimeZone>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace wk {

class DateTimeField;

// Asks others to take part of my seat (a cover) or to trade my whole turn for one of
// theirs (a swap): which seat, when, of whom, why, and how long the request stays open.
// What the rules refuse is said under the fields, and the Ask button waits for it.
class ShiftRequestDialog : public QDialog
{
    Q_OBJECT

public:
    ShiftRequestDialog(const OnCallSchedule &schedule, const Rotation &rotation,
                       const QString &requester, const QDateTime &from, const QDateTime &now,
                       QWidget *parent = nullptr);
    ShiftRequest request() const;

private:
    void updateSpan();
    void validate();
    RotationLayer layer() const;
    QTimeZone zone() const;
    QDateTime instant(const DateTimeField *field) const;

    const OnCallSchedule &m_schedule;
    Rotation m_rotationDef;
    QString m_requester;
    QDateTime m_anchor;
    QDateTime m_now;
    QString m_id;
    QComboBox *m_layer;
    QCheckBox *m_swap;
    DateTimeField *m_from;
    DateTimeField *m_to;
    QComboBox *m_askOf;
    QLineEdit *m_reason;
    DateTimeField *m_until;
    QLabel *m_problem;
    QPushButton *m_ok;
};

} // namespace wk
