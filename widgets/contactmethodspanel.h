#pragma once

#include "domain/workspace.h"

#include <QWidget>

class QGridLayout;
class QLabel;

namespace wk {

// "How I'm notified": a person's contact methods and rules as the workspace gives them,
// each with a Send test button that sends one message that way (off the GUI thread) and
// shows the server's answer beside it.
class ContactMethodsPanel : public QWidget
{
    Q_OBJECT
public:
    // baseDir: where the workspace's relative paths (a mail server's CA) start.
    ContactMethodsPanel(Workspace workspace, QString baseDir, QWidget *parent = nullptr);
    void setPerson(const QString &personId);
    // The outcome label of the index-th row, for tests.
    QString outcome(int row) const;

signals:
    void testFinished(int row, bool accepted, const QString &answer);

private:
    void sendTest(int row);

    Workspace m_workspace;
    QString m_baseDir;
    QString m_person;
    QGridLayout *m_grid;
    QLabel *m_rules;
    QList<QLabel *> m_outcomes;
};

} // namespace wk
