#include "pipelinetablemodel.h"

#include "domain/duration.h"

namespace wk {

PipelineTableModel::PipelineTableModel(QObject *parent) : QAbstractTableModel(parent) {}

void PipelineTableModel::setWorkspace(const Workspace &workspace)
{
    // A new workspace replaces every row and every lookup at once: a reset is the honest signal.
    beginResetModel();
    m_workspace = workspace;
    endResetModel();
}

int PipelineTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_workspace.pipelines.size());
}

int PipelineTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString PipelineTableModel::personName(const QString &id) const
{
    const Person *p = m_workspace.person(id);
    return p ? p->name : id;
}

QVariant PipelineTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Pipeline &p = m_workspace.pipelines.at(index.row());
    if (role == PipelineIdRole)
        return p.id;
    if (role == Qt::ToolTipRole && index.column() == Name)
        return p.description;
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Name:
        return p.name;
    case Criticality:
        return severityName(p.criticality);
    case Audience:
        return p.audience;
    case PrimaryOwner:
        return personName(p.primaryOwner);
    case SecondaryOwner:
        return personName(p.secondaryOwner);
    case Sla: {
        const SlaPolicy *policy = m_workspace.slaPolicy(p.slaPolicy);
        if (!policy)
            return QString();
        QStringList parts;
        if (policy->freshnessMaxAgeSeconds)
            parts << tr("fresh within %1").arg(formatDuration(*policy->freshnessMaxAgeSeconds));
        if (policy->availabilityPercent)
            parts << tr("%1 % up").arg(*policy->availabilityPercent);
        return parts.isEmpty() ? policy->id : parts.join(QStringLiteral(", "));
    }
    case Upstream:
        return p.upstream.join(QStringLiteral(", "));
    }
    return {};
}

QVariant PipelineTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Name:
        return tr("Pipeline");
    case Criticality:
        return tr("Criticality");
    case Audience:
        return tr("Audience");
    case PrimaryOwner:
        return tr("Primary owner");
    case SecondaryOwner:
        return tr("Secondary owner");
    case Sla:
        return tr("SLA");
    case Upstream:
        return tr("Upstream");
    }
    return {};
}

} // namespace wk
