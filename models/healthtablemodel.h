#pragma once

#include <QAbstractTableModel>
#include <QList>

#include <algorithm>

namespace wk {

// A table of health records (sources, channels), one row each, which every status report
// replaces. The same number of rows means the same things with new figures: repainted in
// place, so that selection and scrolling stay; otherwise the table starts over.
template <typename Health> class HealthTableModel : public QAbstractTableModel
{
public:
    using QAbstractTableModel::QAbstractTableModel;

    int failingCount() const
    {
        return static_cast<int>(std::count_if(m_health.begin(), m_health.end(),
                                              [](const Health &h) { return h.failing(); }));
    }

    int rowCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : static_cast<int>(m_health.size());
    }

protected:
    void replace(const QList<Health> &health)
    {
        if (health.size() != m_health.size()) {
            beginResetModel();
            m_health = health;
            endResetModel();
            return;
        }
        m_health = health;
        if (!m_health.isEmpty())
            emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
    }

    QList<Health> m_health;
};

} // namespace wk
