#pragma once

#include "domain/scheduleoverride.h"
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

// Asks who takes which seat of a rotation, from when to when, and why. As a swap, the
// person takes the whole turn that holds the start, and its holder takes one of theirs.
class OverrideDialog : public QDialog
{
    Q_OBJECT

public:
    OverrideDialog(const OnCallSchedule &schedule, const Rotation &rotation, const QDateTime &from,
                   const QDateTime &to, const QString &createdBy, QWidget *parent = nullptr);
    // One override, or the two halves of a swap.
    QList<ScheduleOverride> results() const;
    // Who takes the seat, chosen beforehand (taking over from the person on call).
    void selectPerson(const QString &personId);

private:
    void updateSwap();
    void validate();
    RotationLayer layer() const;
    QTimeZone zone() const; // the rotation's, in which the dialog's times are meant
    QDateTime instant(const DateTimeField *edit) const;
    QString wallClockProblem(const DateTimeField *edit) const;
    QString holder() const; // who holds the seat's turn at the start, by the plan

    const OnCallSchedule &m_schedule;
    Rotation m_rotationDef;
    QString m_createdBy;
    QDateTime m_anchor;   // the instant the dialog was opened for
    QList<Shift> m_turns; // the taker's turns offered for the swap
    Shift m_holderTurn;
    QComboBox *m_layer;
    QComboBox *m_person;
    QCheckBox *m_swap;
    QComboBox *m_swapTurn;
    DateTimeField *m_from;
    DateTimeField *m_to;
    QLineEdit *m_reason;
    QLabel *m_problem;
    QPushButton *m_ok;
};

} // namespace wk
