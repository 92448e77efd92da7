#include "alertfilterproxymodel.h"

#include "alerttablemodel.h"

#include "domain/alertsummary.h"

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
    refilter();
}

void AlertFilterProxyModel::setStateFilter(StateFilter filter)
{
    m_state = filter;
    refilter();
}

void AlertFilterProxyModel::setAttention(Attention attention)
{
    if (m_attention == attention)
        return;
    m_attention = attention;
    refilter();
}

void AlertFilterProxyModel::setPipeline(const QString &pipelineId)
{
    m_pipeline = pipelineId;
    refilter();
}

void AlertFilterProxyModel::setAssignee(const QString &personId)
{
    m_assignee = personId;
    refilter();
}

void AlertFilterProxyModel::setText(const QString &text)
{
    m_text = text.trimmed().toLower();
    m_words = m_text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    refilter();
}

void AlertFilterProxyModel::setRaisedBetween(qint64 fromNs, qint64 toNs)
{
    if (m_raisedFrom == fromNs && m_raisedTo == toNs)
        return;
    m_raisedFrom = fromNs;
    m_raisedTo = toNs;
    refilter();
}

void AlertFilterProxyModel::refilter()
{
    // invalidateFilter() removes the rows that no longer match range by range, and a view
    // with 100,000 rows does work for every range; one layout change is far cheaper.
    invalidate();
}

bool AlertFilterProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex i = sourceModel()->index(sourceRow, 0, sourceParent);
    if (m_state != StateFilter::All) {
        const bool open = i.data(AlertTableModel::OpenRole).toBool();
        if (open != (m_state == StateFilter::Open))
            return false;
    }
    if (m_attention != Attention::Any) {
        const auto *alerts = qobject_cast<const AlertTableModel *>(sourceModel());
        const Alert *a = alerts ? alerts->alertAt(sourceRow) : nullptr;
        if (!a || (m_attention == Attention::Unacknowledged
                       ? !AlertSummary::isUnacknowledged(*a)
                       : !AlertSummary::isOverdue(*a, alerts->now())))
            return false;
    }
    if (!m_severities.isEmpty() &&
        !m_severities.contains(i.data(AlertTableModel::SeverityRole).toInt()))
        return false;
    if (!m_pipeline.isEmpty() && i.data(AlertTableModel::PipelineRole).toString() != m_pipeline)
        return false;
    if (!m_assignee.isEmpty() && i.data(AlertTableModel::AssigneeRole).toString() != m_assignee)
        return false;
    if (m_raisedFrom != m_raisedTo) {
        const auto *alerts = qobject_cast<const AlertTableModel *>(sourceModel());
        const Alert *a = alerts ? alerts->alertAt(sourceRow) : nullptr;
        if (!a || a->triggeredAt < m_raisedFrom || a->triggeredAt >= m_raisedTo)
            return false;
    }
    if (!m_words.isEmpty()) {
        // Every word must appear somewhere: "globex timeout" narrows, it does not widen.
        const auto *alerts = qobject_cast<const AlertTableModel *>(sourceModel());
        const QString haystack = alerts ? alerts->searchText(sourceRow)
                                        : i.data(AlertTableModel::SearchTextRole).toString();
        for (const QString &word : m_words) {
            if (!haystack.contains(word))
                return false;
        }
    }
    return true;
}

bool AlertFilterProxyModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    // Comparing the alerts directly is several times faster than through variants, which
    // is what keeps sorting 100,000 rows interactive.
    if (const auto *alerts = qobject_cast<const AlertTableModel *>(sourceModel()))
        return alerts->lessThan(left.row(), right.row(), left.column());
    return QSortFilterProxyModel::lessThan(left, right);
}

} // namespace wk
