#pragma once

#include "domain/scheduleoverride.h"
#include "schedule/oncallschedule.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QLineEdit;
class QPushButton;

namespace wk {

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

private:
    void updateSwap();
    void validate();
    RotationLayer layer() const;
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
    QDateTimeEdit *m_from;
    QDateTimeEdit *m_to;
    QLineEdit *m_reason;
    QPushButton *m_ok;
};

} // namespace wk
