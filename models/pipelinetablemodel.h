#pragma once

#include "domain/timestamp.h"
#include "domain/workspace.h"
#include "sources/dbtartifacts.h"

#include <QAbstractTableModel>
#include <QHash>

#include <optional>

namespace wk {

// The pipeline catalog as a table: one row per pipeline of the workspace.
class PipelineTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        Name,
        Criticality,
        Freshness,
        OpenAlerts,
        PrimaryOwner,
        SecondaryOwner,
        Sla,
        Escalation,
        Audience,
        Upstream,
        Downstream,
        ColumnCount
    };
    enum Role { PipelineIdRole = Qt::UserRole + 1 };

    explicit PipelineTableModel(QObject *parent = nullptr);

    void setWorkspace(const Workspace &workspace);
    // The newest data per source and the time it is now: the freshness column.
    void setFreshness(const QHash<QString, TimestampNs> &newestBySource, TimestampNs now);
    void setOpenAlerts(const QHash<QString, int> &openByPipeline);
    // What dbt's manifest says of the pipelines named like its models.
    void setDbtModels(const QHash<QString, dbt::Node> &byPipeline);
    const Workspace &workspace() const { return m_workspace; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QString personName(const QString &id) const;
    // The steps of the pipeline's escalation policy, one line each, for the tooltip.
    QStringList escalationSteps(const EscalationPolicy &policy) const;
    std::optional<qint64> ageSeconds(const Pipeline &p) const;

    Workspace m_workspace;
    QHash<QString, QStringList> m_downstream;
    QHash<QString, TimestampNs> m_newest;
    QHash<QString, int> m_open;
    QHash<QString, dbt::Node> m_dbt;
    TimestampNs m_now = 0;
};

} // namespace wk
