#pragma once

#include "domain/alertgrouping.h"
#include "domain/workspace.h"

#include <QAbstractItemModel>
#include <QElapsedTimer>
#include <QHash>
#include <QList>

#include <optional>

class QTimer;

namespace wk {

class AlertFilterProxyModel;
class AlertTableModel;

// The filtered, sorted alert list as the on-call engineer reads it: related alerts (see
// AlertGrouping) folded under one row that shows the group's worst severity, highest revenue
// at stake, oldest age and nearest deadline; an alert on its own is a plain row. Groups keep
// the order of the list: a group sits where its first member would.
//
// The groups follow the filter proxy on the next pass of the event loop (at most four times
// a second under a stream of changes), so an engine batch that inserts rows in many places
// costs one regrouping. Until then rows stand for the same alerts as before, looked up by id
// in the table model, which never drops an alert without a reset.
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
    // Which member speaks for the group in each column, and the figures summed over it.
    struct Summary
    {
        qint64 lead = 0;    // worst severity, then most revenue, then oldest
        qint64 richest = 0; // most revenue at stake
        qint64 oldest = 0;
        qint64 ackFirst = 0;     // nearest acknowledge-by among the unacknowledged
        qint64 resolveFirst = 0; // nearest resolve-by among the open
        int events = 0;
        int pipelines = 0;
        int people = 0;
    };
    struct Group
    {
        QList<qint64> members; // in list order
        mutable std::optional<Summary> summary;
    };
    struct Place
    {
        int group = -1;
        int member = -1; // -1: the alert is its group's only member, shown at the top level
    };

    void schedule();
    void regroup();
    void computeGroups();
    void proxyDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                          const QList<int> &roles);
    qint64 alertIdAt(const QModelIndex &index) const;
    const Summary &summaryOf(const Group &g) const;
    QVariant groupData(const Group &g, int column, int role) const;
    QVariant alertData(qint64 id, int column, int role) const;

    AlertFilterProxyModel *m_alerts;
    AlertTableModel *m_table;
    AlertGrouping m_grouping;
    bool m_enabled = true;
    QList<Group> m_groups;
    QHash<qint64, Place> m_where;
    QTimer *m_timer;
    QElapsedTimer m_sinceRegroup;
    qint64 m_regroupMs = 0; // how long the last regrouping took
    bool m_resetting = false;
};

} // namespace wk
