#pragma once

#include "domain/workspace.h"

#include <QFrame>

class QComboBox;
class QLabel;

namespace wk {

// Asks, once per workspace, which of its people is at this console, so that actions and
// handoff notes carry a name instead of "console". It sits above the pages rather than in
// a modal dialog: the console is usable before the question is answered.
class IdentityBar : public QFrame
{
    Q_OBJECT

public:
    explicit IdentityBar(QWidget *parent = nullptr);

    // Fills the choice with the workspace's people; `fallback` names who actions are
    // recorded as until someone answers.
    void ask(const Workspace &workspace, const QString &fallback);

signals:
    void chosen(const QString &personId);

private:
    QLabel *m_label;
    QComboBox *m_person;
};

} // namespace wk
