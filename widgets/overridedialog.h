#pragma once

#include "domain/scheduleoverride.h"
#include "domain/workspace.h"

#include <QDialog>

class QComboBox;
class QDateTimeEdit;
class QLineEdit;
class QPushButton;

namespace wk {

// Asks who takes which seat of a rotation, from when to when, and why.
class OverrideDialog : public QDialog
{
    Q_OBJECT

public:
    OverrideDialog(const Workspace &workspace, const Rotation &rotation, const QDateTime &from,
                   const QDateTime &to, const QString &createdBy, QWidget *parent = nullptr);
    ScheduleOverride result() const;

private:
    void validate();

    QString m_rotation;
    QString m_createdBy;
    QComboBox *m_layer;
    QComboBox *m_person;
    QDateTimeEdit *m_from;
    QDateTimeEdit *m_to;
    QLineEdit *m_reason;
    QPushButton *m_ok;
};

} // namespace wk
