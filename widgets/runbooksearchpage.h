#pragma once

#include "domain/runbookhit.h"
#include "domain/workspace.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QListView;
class QTextBrowser;
class QTimer;

namespace wk {

class RunbookHitModel;
class RunbookSearcher;

// "What do I do when X breaks?": full-text search over every runbook as you type, the
// matches highlighted, the chosen runbook rendered beside the list. The search runs off the
// GUI thread, a moment after the typing pauses; an answer to an older query is dropped.
class RunbookSearchPage : public QWidget
{
    Q_OBJECT
public:
    explicit RunbookSearchPage(QWidget *parent = nullptr);
    ~RunbookSearchPage() override;

    // searcher: not owned; null while no search is available.
    void setWorkspace(const Workspace &workspace, RunbookSearcher *searcher);
    void setQuery(const QString &text);
    void showRunbook(const QString &pipelineId);
    QStringList resultIds() const;
    QString shownText() const;
    QLineEdit *searchField() const { return m_query; }
    // True from a keystroke until the answer to it is shown.
    bool searching() const;

private:
    void runSearch();
    void showHits(quint64 token, const QList<RunbookHit> &hits);

    Workspace m_workspace;
    RunbookSearcher *m_searcher = nullptr;
    QMetaObject::Connection m_answers;
    quint64 m_waitingFor = 0; // the token of the search whose answer counts
    QLineEdit *m_query;
    QTimer *m_pause;
    RunbookHitModel *m_hits;
    QListView *m_results;
    QTextBrowser *m_text;
    QLabel *m_status;
};

} // namespace wk
