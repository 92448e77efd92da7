#pragma once

#include "domain/workspace.h"

#include <QAbstractTableModel>

namespace wk {

// The pipeline catalog as a table: one row per pipeline of the workspace.
class PipelineTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        Name,
        Criticality,
        Audience,
        PrimaryOwner,
        SecondaryOwner,
        Sla,
        Upstream,
        ColumnCount
    };
    enum Role { PipelineIdRole = Qt::UserRole + 1 };

    explicit PipelineTableModel(QObject *parent = nullptr);

    void setWorkspace(const Workspace &workspace);
    const Workspace &workspace() const { return m_workspace; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QString personName(const QString &id) const;

    Workspace m_workspace;
};

} // namespace wk
