#include "alertfilterproxymodel.h"

#include "alerttablemodel.h"

namespace wk {

AlertFilterProxyModel::AlertFilterProxyModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(AlertTableModel::SortRole);
    // New and changed rows find their place without the view asking.
    setDynamicSortFilter(true);
}

void AlertFilterProxyModel::setSeverities(const QSet<int> &severities)
{
    m_severities = severities;
    invalidateFilter();
}

void AlertFilterProxyModel::setStateFilter(StateFilter filter)
{
    m_state = filter;
    invalidateFilter();
}

void AlertFilterProxyModel::setPipeline(const QString &pipelineId)
{
    m_pipeline = pipelineId;
    invalidateFilter();
}

void AlertFilterProxyModel::setAssignee(const QString &personId)
{
    m_assignee = personId;
    invalidateFilter();
}

void AlertFilterProxyModel::setText(const QString &text)
{
    m_text = text.trimmed().toLower();
    invalidateFilter();
}

bool AlertFilterProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex i = sourceModel()->index(sourceRow, 0, sourceParent);
    if (m_state != StateFilter::All) {
        const bool open = i.data(AlertTableModel::OpenRole).toBool();
        if (open != (m_state == StateFilter::Open))
            return false;
    }
    if (!m_severities.isEmpty() &&
        !m_severities.contains(i.data(AlertTableModel::SeverityRole).toInt()))
        return false;
    if (!m_pipeline.isEmpty() && i.data(AlertTableModel::PipelineRole).toString() != m_pipeline)
        return false;
    if (!m_assignee.isEmpty() && i.data(AlertTableModel::AssigneeRole).toString() != m_assignee)
        return false;
    if (!m_text.isEmpty()) {
        // Every word must appear somewhere: "globex timeout" narrows, it does not widen.
        const QString haystack = i.data(AlertTableModel::SearchTextRole).toString();
        for (const QString &word : m_text.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
            if (!haystack.contains(word))
                return false;
        }
    }
    return true;
}

} // namespace wk
