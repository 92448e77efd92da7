#pragma once

#include "domain/enginestatus.h"
#include "domain/workspace.h"

#include <QWidget>

class QTabWidget;
class QTableView;

namespace wk {

class ChannelHealthModel;
class PipelineTableModel;
class SourceHealthModel;

// The Pipelines page: the pipelines with their owners, SLA, freshness and open alerts; below
// them the live sources that feed them (where a stale pipeline's trouble starts) and, beside
// those, each person's contact methods and how their pages went. The tabs count what fails.
class PipelineListPage : public QWidget
{
    Q_OBJECT

public:
    explicit PipelineListPage(QWidget *parent = nullptr);

    void setWorkspace(const Workspace &workspace);
    // The engine's latest word on freshness, sources and channels; now on the engine's clock.
    void setStatus(const EngineStatus &status, TimestampNs now);

    PipelineTableModel *pipelines() const { return m_pipelines; }
    SourceHealthModel *sources() const { return m_sourceHealth; }
    ChannelHealthModel *channels() const { return m_channelHealth; }

signals:
    // T or the context menu on a pipeline: tune one of its rules.
    void tuneRequested(const QString &pipelineId);

private:
    QTableView *m_pipelineView = nullptr;
    PipelineTableModel *m_pipelines = nullptr;
    QTableView *m_sourceView = nullptr;
    SourceHealthModel *m_sourceHealth = nullptr;
    QTableView *m_channelView = nullptr;
    ChannelHealthModel *m_channelHealth = nullptr;
    QTabWidget *m_healthTabs = nullptr;
};

} // namespace wk
