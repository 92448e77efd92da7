#include "runbookhitmodel.h"

namespace wk {

RunbookHitModel::RunbookHitModel(QObject *parent) : QAbstractListModel(parent) {}

void RunbookHitModel::setHits(const QList<RunbookHit> &hits)
{
    beginResetModel();
    m_hits = hits;
    endResetModel();
}

int RunbookHitModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_hits.size());
}

QVariant RunbookHitModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const RunbookHit &hit = m_hits.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
        return hit.title;
    case Qt::ToolTipRole:
        return hit.title;
    case PipelineRole:
        return hit.pipelineId;
    case SnippetHtmlRole:
        return hit.snippetHtml;
    default:
        return {};
    }
}

} // namespace wk
