#pragma once

#include "domain/workspace.h"

#include <QWidget>

#include <memory>

class QLabel;
class QLineEdit;
class QListWidget;
class QTextBrowser;

namespace wk {

class RunbookSearch;

// "What do I do when X breaks?": full-text search over every runbook as you type, the
// matches highlighted, the chosen runbook rendered beside the list.
class RunbookSearchPage : public QWidget
{
    Q_OBJECT
public:
    explicit RunbookSearchPage(QWidget *parent = nullptr);
    ~RunbookSearchPage() override;

    void setWorkspace(const Workspace &workspace, std::unique_ptr<RunbookSearch> search);
    void setQuery(const QString &text);
    void showRunbook(const QString &pipelineId);
    QStringList resultIds() const;
    QString shownText() const;
    QLineEdit *searchField() const { return m_query; }

private:
    void runSearch();

    Workspace m_workspace;
    std::unique_ptr<RunbookSearch> m_search;
    QLineEdit *m_query;
    QListWidget *m_results;
    QTextBrowser *m_text;
    QLabel *m_status;
};

} // namespace wk
