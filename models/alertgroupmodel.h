#pragma once

#include "domain/alertgrouping.h"
#include "domain/workspace.h"

#include <QAbstractItemModel>
#include <QElapsedTimer>
#include <QHash>
#include <QList>

#include <optional>
#include <vector>

class QTimer;

namespace wk {

class AlertFilterProxyModel;
class AlertTableModel;

// The filtered, sorted alert list as the on-call engineer reads it: related alerts (see
// AlertGrouping) folded under one row that shows the group's worst severity, highest revenue
// at stake, oldest age and nearest deadline; an alert on its own is a plain row. Groups keep
// the order of the list: a group sits where its first member would.
//
// The groups follow the filter proxy on the next pass of the event loop (at most twenty
// times a second under a stream of changes), so an engine batch that inserts rows in many
// places costs one regrouping and one repaint. Until then rows stand for the same alerts as
// before, as rows of the table model, which never moves or drops an alert without a reset.
class AlertGroupModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Role {
        MemberIdsRole = Qt::UserRole + 100, // QList<qint64>: the alerts a row stands for
        GroupSizeRole,                      // int: how many; 1 for an alert's own row
    };

    explicit AlertGroupModel(AlertFilterProxyModel *alerts, QObject *parent = nullptr);

    void setWorkspace(const Workspace &workspace);
    void setGroupingEnabled(bool on);
    bool groupingEnabled() const { return m_enabled; }
    // Regroups now instead of on the next pass of the event loop, e.g. after a filter change.
    void refresh();
    // Whether the list has changed since the last regrouping, which is on its way.
    bool regroupPending() const;

    // Rows that fold several alerts.
    int groupCount() const;
    bool isGroup(const QModelIndex &index) const;
    // Where an alert is shown: its own row, at the top level or inside its group.
    QModelIndex indexOf(qint64 alertId, int column = 0) const;
    QList<qint64> memberIds(const QModelIndex &index) const;
    // The alert that speaks for a row: a group's worst (see Summary::lead), or the row's own.
    qint64 leadId(const QModelIndex &index) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

private:
    // Which member speaks for the group in each column (as table rows), and the figures
    // summed over it.
    struct Summary
    {
        int lead = -1;    // worst severity, then most revenue, then oldest
        int richest = -1; // most revenue at stake
        int oldest = -1;
        int ackFirst = -1;     // nearest acknowledge-by among the unacknowledged
        int resolveFirst = -1; // nearest resolve-by among the open
        int events = 0;
        int pipelines = 0;
        int people = 0;
    };
    // Members are kept as rows of the table model, which stay put until it is reset (and
    // then so is this model): no lookup by id on the way to an alert.
    struct Group
    {
        std::vector<int> rows; // in list order
        mutable std::optional<Summary> summary;
    };
    struct Place
    {
        int group = -1;  // -1: not shown
        int member = -1; // -1: the alert is its group's only member, shown at the top level
    };

    void schedule();
    void regroup();
    void computeGroups();
    void proxyDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                          const QList<int> &roles);
    // The table row of the alert a row stands for; -1 for a group or an invalid index.
    int tableRowAt(const QModelIndex &index) const;
    Place placeOf(int tableRow) const;
    qint64 idOf(int tableRow) const;
    QList<qint64> idsOf(const Group &g) const;
    const Summary &summaryOf(const Group &g) const;
    QVariant groupData(const Group &g, int column, int role) const;
    QVariant alertData(int tableRow, int column, int role) const;

    AlertFilterProxyModel *m_alerts;
    AlertTableModel *m_table;
    AlertGrouping m_grouping;
    bool m_enabled = true;
    QList<Group> m_groups;
    std::vector<Place> m_where; // by table row
    QTimer *m_timer;
    QElapsedTimer m_sinceRegroup;
    qint64 m_regroupMs = 0; // how long the last regrouping took
    bool m_resetting = false;
};

} // namespace wk
