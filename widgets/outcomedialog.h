#pragma once

#include "domain/alert.h"
#include "domain/workspace.h"

#include <QDialog>
#include <QList>

class QButtonGroup;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;

namespace wk {

// Says how one or more alerts ended: actionable (and what was done), noise with its reason,
// won't fix, or resolved by itself. Opened by N (noise chosen) or O from the alert list and
// the details; what the alerts' histories say now is shown above the choice, so a
// correction is made knowing what it corrects.
class OutcomeDialog : public QDialog
{
    Q_OBJECT

public:
    OutcomeDialog(const QList<Alert> &alerts, const Workspace &workspace, AlertOutcome::Kind preset,
                  QWidget *parent = nullptr);
    // The outcome chosen; by and at are set by the engine when it is marked.
    AlertOutcome outcome() const;

private:
    void validate();
    AlertOutcome::Kind kind() const;

    QButtonGroup *m_kinds;
    QComboBox *m_reason;
    QLineEdit *m_note;
    QLabel *m_problem;
    QPushButton *m_ok;
    bool m_anyOpen = false;
};

} // namespace wk
