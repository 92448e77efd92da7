#pragma once

#include "domain/workspace.h"

#include <QMainWindow>

class QLabel;
class QListWidget;
class QStackedWidget;
class QTableView;

namespace wk {

class PipelineTableModel;

// The console's one window: navigation on the left, the chosen page on the right.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    enum Page { AlertsPage, PipelinesPage, OnCallPage, RunbooksPage, InsightsPage, HandoffPage };

    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // origin says where the workspace came from (a file, a database, the demo) for the status bar.
    void setWorkspace(const Workspace &workspace, const QString &origin);
    void showPage(Page page);
    Page currentPage() const;
    PipelineTableModel *pipelineModel() const { return m_pipelines; }

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    QWidget *placeholder(const QString &title, const QString &text);
    void openWorkspace();

    QListWidget *m_nav = nullptr;
    QStackedWidget *m_pages = nullptr;
    QTableView *m_pipelineView = nullptr;
    PipelineTableModel *m_pipelines = nullptr;
    QLabel *m_origin = nullptr;
};

} // namespace wk
