#include "pipelinelistpage.h"

#include <QAction>

#include "channelhealthmodel.h"
#include "pipelinetablemodel.h"
#include "sourcehealthmodel.h"

#include <QDateTime>
#include <QHeaderView>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace wk {

namespace {

// A read-only table of whole rows, as the Pipelines page shows its catalogs.
QTableView *catalogView(const QString &name, QAbstractItemModel *model)
{
    auto *view = new QTableView;
    view->setObjectName(name);
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view->verticalHeader()->hide();
    view->horizontalHeader()->setStretchLastSection(true);
    return view;
}

} // namespace

PipelineListPage::PipelineListPage(QWidget *parent) : QWidget(parent)
{
    m_pipelines = new PipelineTableModel(this);
    m_pipelineView = catalogView(QStringLiteral("pipelineView"), m_pipelines);
    auto *tune = new QAction(tr("Tune Rule…"), m_pipelineView);
    tune->setShortcut(QKeySequence(Qt::Key_T));
    tune->setShortcutContext(Qt::WidgetShortcut);
    tune->setObjectName(QStringLiteral("tunePipelineRule"));
    connect(tune, &QAction::triggered, this, [this] {
        const QModelIndex current = m_pipelineView->currentIndex();
        if (current.isValid())
            emit tuneRequested(current.data(PipelineTableModel::PipelineIdRole).toString());
    });
    m_pipelineView->addAction(tune);
    m_pipelineView->setContextMenuPolicy(Qt::ActionsContextMenu);
    // The sources under the pipelines they feed: where a stale pipeline's trouble starts.
    m_sourceHealth = new SourceHealthModel(this);
    m_sourceView = catalogView(QStringLiteral("sourceView"), m_sourceHealth);
    // Long paths keep their file name in view; the tooltip has all of it. An error wraps
    // onto more lines rather than losing its middle.
    m_sourceView->setTextElideMode(Qt::ElideMiddle);
    m_sourceView->setWordWrap(true);
    m_sourceView->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    for (const auto &[column, width] :
         {std::pair{SourceHealthModel::Kind, 80}, std::pair{SourceHealthModel::Status, 120},
          std::pair{SourceHealthModel::LastSuccess, 110}, std::pair{SourceHealthModel::Lag, 90},
          std::pair{SourceHealthModel::Delivered, 80}, std::pair{SourceHealthModel::Where, 280}})
        m_sourceView->horizontalHeader()->resizeSection(column, width);
    // Beside the sources, what carries alerts out: each person's contact methods.
    m_channelHealth = new ChannelHealthModel(this);
    m_channelView = catalogView(QStringLiteral("channelView"), m_channelHealth);
    m_channelView->setTextElideMode(Qt::ElideMiddle);
    for (const auto &[column, width] :
         {std::pair{ChannelHealthModel::Person, 130}, std::pair{ChannelHealthModel::Method, 90},
          std::pair{ChannelHealthModel::Status, 110}, std::pair{ChannelHealthModel::Sent, 80},
          std::pair{ChannelHealthModel::Failed, 70}, std::pair{ChannelHealthModel::LastSent, 100},
          std::pair{ChannelHealthModel::Target, 260}})
        m_channelView->horizontalHeader()->resizeSection(column, width);
    m_healthTabs = new QTabWidget;
    m_healthTabs->setObjectName(QStringLiteral("healthTabs"));
    m_healthTabs->setDocumentMode(true);
    m_healthTabs->addTab(m_sourceView, tr("Sources"));
    m_healthTabs->addTab(m_channelView, tr("Channels"));
    auto *split = new QSplitter(Qt::Vertical);
    split->setObjectName(QStringLiteral("pipelinesSplit"));
    split->addWidget(m_pipelineView);
    split->addWidget(m_healthTabs);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split);
}

void PipelineListPage::setWorkspace(const Workspace &workspace)
{
    m_pipelines->setWorkspace(workspace);
    m_channelHealth->setWorkspace(workspace);
    m_pipelineView->resizeColumnsToContents();
    // Freshness arrives after the load, so the column is sized for its longest wording.
    const int freshness =
        m_pipelineView->fontMetrics().horizontalAdvance(tr("newest data %1 min ago").arg(59)) + 24;
    m_pipelineView->horizontalHeader()->resizeSection(
        PipelineTableModel::Freshness,
        std::max(freshness,
                 m_pipelineView->horizontalHeader()->sectionSize(PipelineTableModel::Freshness)));
}

void PipelineListPage::setStatus(const EngineStatus &status, TimestampNs now)
{
    m_pipelines->setFreshness(status.newestBySource, now);
    m_sourceHealth->setHealth(status.sources, now);
    // Pages go out in the real world: their ages are real time, whatever the engine's clock.
    m_channelHealth->setHealth(status.channels, toTimestamp(QDateTime::currentDateTimeUtc()));
    m_pipelines->setDbtModels(status.dbtModels);
    const int failing = m_sourceHealth->failingCount();
    const int failingChannels = m_channelHealth->failingCount();
    m_healthTabs->setTabText(0, failing == 0 ? tr("Sources")
                                             : tr("Sources (%1 failing)").arg(failing));
    m_healthTabs->setTabText(1, failingChannels == 0
                                    ? tr("Channels")
                                    : tr("Channels (%1 failing)").arg(failingChannels));
}

} // namespace wk
