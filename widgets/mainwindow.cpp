#include "mainwindow.h"

#include "pipelinetablemodel.h"
#include "workspace/workspacereader.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QFileDialog>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTableView>
#include <QVBoxLayout>

namespace wk {

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent)
{
    setWindowTitle(tr("Watchkeeper"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/watchkeeper.svg")));

    m_nav = new QListWidget;
    m_nav->setObjectName(QStringLiteral("navigation"));
    const QStringList names = {tr("Alerts"),   tr("Pipelines"), tr("On-call"),
                               tr("Runbooks"), tr("Insights"),  tr("Handoff")};
    for (int i = 0; i < names.size(); ++i) {
        auto *item = new QListWidgetItem(names.at(i), m_nav);
        item->setToolTip(tr("%1 (Ctrl+%2)").arg(names.at(i)).arg(i + 1));
    }
    m_nav->setSpacing(3);

    m_pages = new QStackedWidget;
    m_pages->addWidget(placeholder(tr("Alerts"), tr("No alerts yet. The alerting engine will list "
                                                    "what is broken here, ranked by customer "
                                                    "impact.")));

    m_pipelines = new PipelineTableModel(this);
    m_pipelineView = new QTableView;
    m_pipelineView->setObjectName(QStringLiteral("pipelineView"));
    m_pipelineView->setModel(m_pipelines);
    m_pipelineView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_pipelineView->setAlternatingRowColors(true);
    m_pipelineView->setWordWrap(false);
    m_pipelineView->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_pipelineView->verticalHeader()->hide();
    m_pipelineView->horizontalHeader()->setStretchLastSection(true);
    m_pages->addWidget(m_pipelineView);

    m_pages->addWidget(placeholder(tr("On-call"), tr("The rotation calendar will appear here.")));
    m_pages->addWidget(placeholder(tr("Runbooks"), tr("Runbook search will appear here.")));
    m_pages->addWidget(placeholder(tr("Insights"), tr("Charts will appear here.")));
    m_pages->addWidget(
        placeholder(tr("Handoff"), tr("The weekly handoff report will appear here.")));

    connect(m_nav, &QListWidget::currentRowChanged, m_pages, &QStackedWidget::setCurrentIndex);

    auto *splitter = new QSplitter;
    splitter->addWidget(m_nav);
    splitter->addWidget(m_pages);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({170, 1030});
    setCentralWidget(splitter);

    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *open = file->addAction(tr("&Open Workspace…"), this, &MainWindow::openWorkspace);
    open->setShortcut(QKeySequence::Open);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    for (int i = 0; i < names.size(); ++i) {
        QAction *a = view->addAction(names.at(i), this, [this, i] { showPage(Page(i)); });
        a->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
    }

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Watchkeeper"), this, [this] {
        QMessageBox::about(this, tr("About Watchkeeper"),
                           tr("<b>Watchkeeper %1</b><p>The on-call operations console for SRE "
                              "and data-engineering teams.</p>")
                               .arg(QApplication::applicationVersion()));
    });

    m_origin = new QLabel;
    statusBar()->addPermanentWidget(m_origin);

    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
        resize(1200, 760);
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    showPage(Page(settings.value(QStringLiteral("window/page"), PipelinesPage).toInt()));
}

MainWindow::~MainWindow() = default;

QWidget *MainWindow::placeholder(const QString &title, const QString &text)
{
    auto *page = new QWidget;
    auto *layout = new QVBoxLayout(page);
    auto *heading = new QLabel(QStringLiteral("<h2>%1</h2>").arg(title.toHtmlEscaped()));
    auto *body = new QLabel(text);
    body->setWordWrap(true);
    layout->addWidget(heading);
    layout->addWidget(body);
    layout->addStretch();
    return page;
}

void MainWindow::setWorkspace(const Workspace &workspace, const QString &origin)
{
    m_pipelines->setWorkspace(workspace);
    m_pipelineView->resizeColumnsToContents();
    setWindowTitle(tr("%1 — Watchkeeper").arg(workspace.name));
    m_origin->setText(origin);
    statusBar()->showMessage(
        tr("Loaded %n pipeline(s)", nullptr, static_cast<int>(workspace.pipelines.size())), 5000);
}

void MainWindow::showPage(Page page)
{
    const int row = qBound(0, int(page), m_pages->count() - 1);
    m_nav->setCurrentRow(row);
    m_pages->setCurrentIndex(row);
}

MainWindow::Page MainWindow::currentPage() const
{
    return Page(m_pages->currentIndex());
}

void MainWindow::openWorkspace()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Workspace"), QString(),
                                                      tr("Workspace files (*.yaml *.yml)"));
    if (path.isEmpty())
        return;
    const WorkspaceLoadResult result = WorkspaceReader::readFile(path);
    if (!result.ok()) {
        QMessageBox box(QMessageBox::Warning, tr("Cannot open workspace"),
                        tr("%1 has %n problem(s); nothing was changed.", nullptr,
                           static_cast<int>(result.diagnostics.size()))
                            .arg(path),
                        QMessageBox::Ok, this);
        box.setDetailedText(formatDiagnostics(result.diagnostics));
        box.exec();
        return;
    }
    setWorkspace(*result.workspace, path);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/page"), int(currentPage()));
    event->accept();
}

} // namespace wk
