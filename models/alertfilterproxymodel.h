#pragma once

#include "alerttablemodel.h"

#include <QAbstractProxyModel>
#include <QHash>
#include <QSet>

#include <vector>

namespace wk {

// What the on-call engineer wants to see of the alert list: by severity, state, pipeline,
// assignee, free text and when they were raised, sorted by a column. By default only open
// alerts.
//
// Built for AlertTableModel and its batches, not on QSortFilterProxyModel: an engine batch
// changes a few hundred rows scattered over the whole table, which a sort-filter proxy sees
// as one span and sorts again row by row. Here a batch takes the changed rows out, filters
// them, sorts them among themselves and merges them back: one pass over the list, announced
// as one layout change. Sorting compares the table's per-row sort keys, gathered into one
// array, instead of reaching into the alerts.
class AlertFilterProxyModel : public QAbstractProxyModel
{
    Q_OBJECT
public:
    enum class StateFilter { Open, Closed, All };
    // The summary strip's two figures that are not severities.
    enum class Attention { Any, Unacknowledged, Overdue };

    explicit AlertFilterProxyModel(QObject *parent = nullptr);

    // A change to more rows than this is passed on as one over the whole list, and the
    // groups above take it as such: row by row would cost more than repainting all.
    static constexpr int wideChange = 256;

    // Only an AlertTableModel can be the source.
    void setSourceModel(QAbstractItemModel *source) override;

    void setSeverities(const QSet<int> &severities); // empty: all
    void setStateFilter(StateFilter filter);
    // Overdue is judged against the source model's now(); refilter() again as it moves.
    void setAttention(Attention attention);
    void setPipeline(const QString &pipelineId); // empty: all
    void setAssignee(const QString &personId);   // empty: all
    void setText(const QString &text);
    // Only alerts raised in [from, to); from == to: any time.
    void setRaisedBetween(qint64 fromNs, qint64 toNs);

    StateFilter stateFilter() const { return m_state; }
    Attention attention() const { return m_attention; }
    // Filters every row again, e.g. when the clock overdue is judged by moved.
    void refilter();
    QString text() const { return m_text; }

    int sortColumn() const { return m_column; }
    Qt::SortOrder sortOrder() const { return m_order; }
    // The table row shown at a row of the list, without building indexes.
    int sourceRow(int row) const { return m_rows.at(static_cast<size_t>(row)); }

    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    QModelIndex mapToSource(const QModelIndex &proxyIndex) const override;
    QModelIndex mapFromSource(const QModelIndex &sourceIndex) const override;
    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    QModelIndex sibling(int row, int column, const QModelIndex &index) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;

private:
    bool accepts(int sourceRow) const;
    bool before(int leftRow, int rightRow) const;
    // Every row filtered and sorted again, as one layout change.
    void rebuild();
    // The sort keys of every table row, for the current column.
    void computeKeys();
    // The keys of these table rows (ascending); false when the places of texts must all be
    // worked out again.
    bool keyRows(const QList<int> &rows);
    // Gives texts not seen before a place among the others; false when there is no room.
    bool placeTexts(QList<QString> fresh);
    // These table rows changed or are new: out, filtered again, sorted and merged back.
    void update(const QList<int> &changed);
    // Every table row filtered and sorted, without announcing it.
    void listAll();
    // Layout changes that keep persistent indexes on the alerts they stood for.
    struct LayoutChange
    {
        QModelIndexList before;
        QList<int> tableRows; // what each stood for
    };
    LayoutChange beginLayoutChange();
    void endLayoutChange(const LayoutChange &change);

    void sourceReset();
    void sourceRowsInserted(const QModelIndex &parent, int first, int last);
    void sourceDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                           const QList<int> &roles);
    void sourceAlertsUpdated(const QList<int> &rows);
    // Widens the list rows [first, last] (first < 0: none yet) to where a table row is shown.
    void spanShown(int tableRow, int &first, int &last) const;
    void forwardDataChanged(int firstSource, int lastSource, int firstColumn, int lastColumn,
                            const QList<int> &roles);

    AlertTableModel *m_table = nullptr;
    QList<QMetaObject::Connection> m_connections;
    std::vector<int> m_rows;  // list row -> table row
    std::vector<int> m_place; // table row -> list row, -1 when filtered out

    int m_column = -1;
    Qt::SortOrder m_order = Qt::AscendingOrder;
    std::vector<AlertTableModel::SortKey> m_keys; // by table row
    // Text columns sort by the place of each row's text among the distinct texts, ordered as
    // the locale does; places leave room for texts seen later.
    QHash<QString, quint64> m_textOrder;
    QList<QString> m_texts; // the distinct texts, in the locale's order
    // The rows of the last alertsUpdated, whose spanning dataChanged follows and is done.
    int m_updatedFirst = -1;
    int m_updatedLast = -1;

    QSet<int> m_severities;
    StateFilter m_state = StateFilter::Open;
    Attention m_attention = Attention::Any;
    QString m_pipeline;
    QString m_assignee;
    QString m_text;
    QStringList m_words;
    qint64 m_raisedFrom = 0;
    qint64 m_raisedTo = 0;
};

} // namespace wk
