#pragma once

#include "workspace/starterworkspace.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace wk {

// File → New Workspace: a short form for a first workspace (see StarterWorkspace), written
// where the user says. The button stays off, and the form says why, until the answers
// make a valid workspace.
class NewWorkspaceDialog : public QDialog
{
    Q_OBJECT
public:
    explicit NewWorkspaceDialog(QWidget *parent = nullptr);

    // The file written, once accepted.
    QString path() const;

public slots:
    void accept() override;

private:
    StarterWorkspace answers() const;
    void check();

    QLineEdit *m_name;
    QLineEdit *m_team;
    QPlainTextEdit *m_people;
    QComboBox *m_zone;
    QLineEdit *m_pipeline;
    QLineEdit *m_file;
    QLabel *m_problems;
    QPushButton *m_create;
};

} // namespace wk
