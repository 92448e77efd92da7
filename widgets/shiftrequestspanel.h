#pragma once

#include "domain/shiftrequest.h"
#include "domain/workspace.h"

#include <QDateTime>
#include <QWidget>

#include <functional>

class QLabel;
class QPushButton;
class QTableWidget;

namespace wk {

// The swap and cover requests of the team: open ones first, then those decided lately.
// The buttons act as the person at this console: take or decline what was asked of me,
// approve or refuse as a rotation's approver, withdraw what I asked.
class ShiftRequestsPanel : public QWidget
{
    Q_OBJECT

public:
    explicit ShiftRequestsPanel(QWidget *parent = nullptr);

    void setWorkspace(const Workspace &workspace);
    void setRequests(const QList<ShiftRequest> &requests);
    void setCurrentUser(std::function<QString()> user) { m_user = std::move(user); }
    void setNow(const QDateTime &now);
    // What the last ask or answer did, under the table.
    void showOutcome(const QString &message, bool ok);
    QTableWidget *table() const { return m_table; }
    // The open requests, for the tab's title.
    int liveCount() const;

signals:
    void askWanted();
    // answer: a ShiftRequestDesk::Answer.
    void answerWanted(const QString &id, int answer, const QString &note);
    void liveCountChanged(int count);

private:
    void refresh();
    void updateButtons();
    const ShiftRequest *selected() const;

    Workspace m_workspace;
    QList<ShiftRequest> m_requests;
    std::function<QString()> m_user;
    QDateTime m_now = QDateTime::currentDateTimeUtc();
    QTableWidget *m_table;
    QPushButton *m_ask;
    QPushButton *m_take;
    QPushButton *m_decline;
    QPushButton *m_approve;
    QPushButton *m_refuse;
    QPushButton *m_withdraw;
    QLabel *m_outcome;
};

} // namespace wk
