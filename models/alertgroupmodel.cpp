#include "alertgroupmodel.h"

#include "alertfilterproxymodel.h"
#include "alerttablemodel.h"

#include <QFont>
#include <QSet>
#include <QTimer>
#include <QVarLengthArray>

#include <algorithm>

#include <vector>

namespace wk {

namespace {

// Under a stream of engine batches the list is regrouped at most this often, and never
// more than a fifth of the time: a regrouping of 75,000 open alerts takes 5–10 ms. A batch
// after a quiet spell is regrouped on the next pass of the event loop.
constexpr int regroupSpacingMs = 50;
constexpr int regroupShare = 5;

} // namespace

AlertGroupModel::AlertGroupModel(AlertFilterProxyModel *alerts, QObject *parent)
    : QAbstractItemModel(parent), m_alerts(alerts),
      m_table(qobject_cast<AlertTableModel *>(alerts->sourceModel())), m_timer(new QTimer(this))
{
    Q_ASSERT(m_table);
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &AlertGroupModel::regroup);

    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_alerts, signal, this, &AlertGroupModel::schedule);
    connect(m_alerts, &QAbstractItemModel::rowsMoved, this, &AlertGroupModel::schedule);
    connect(m_alerts, &QAbstractItemModel::layoutChanged, this, &AlertGroupModel::schedule);
    connect(m_alerts, &QAbstractItemModel::modelAboutToBeReset, this, [this] {
        beginResetModel();
        m_resetting = true;
    });
    connect(m_alerts, &QAbstractItemModel::modelReset, this, [this] {
        computeGroups();
        m_resetting = false;
        endResetModel();
    });
    connect(m_alerts, &QAbstractItemModel::dataChanged, this, &AlertGroupModel::proxyDataChanged);
    m_sinceRegroup.start();
    computeGroups();
}

void AlertGroupModel::setWorkspace(const Workspace &workspace)
{
    m_grouping = AlertGrouping(workspace.pipelines);
    refresh();
}

void AlertGroupModel::setGroupingEnabled(bool on)
{
    if (on == m_enabled)
        return;
    m_enabled = on;
    refresh();
}

void AlertGroupModel::refresh()
{
    regroup();
}

bool AlertGroupModel::regroupPending() const
{
    return m_timer->isActive();
}

void AlertGroupModel::schedule()
{
    if (m_timer->isActive())
        return;
    const qint64 spacing = std::max<qint64>(regroupSpacingMs, m_regroupMs * regroupShare);
    const qint64 since = m_sinceRegroup.elapsed();
    m_timer->start(since >= spacing ? 0 : static_cast<int>(spacing - since));
}

void AlertGroupModel::computeGroups()
{
    QElapsedTimer took;
    took.start();
    const int n = m_alerts->rowCount();
    std::vector<int> rows(static_cast<size_t>(n));
    for (int r = 0; r < n; ++r)
        rows[static_cast<size_t>(r)] = m_alerts->sourceRow(r);
    QList<int> first;
    if (m_enabled) {
        std::vector<AlertGrouping::Facts> facts;
        facts.reserve(rows.size());
        for (int row : rows)
            facts.push_back(m_table->groupingFacts(row));
        first = m_grouping.group(facts, m_table->groupingPipelineIds(), m_table->now());
    } else {
        first.reserve(n);
        for (int r = 0; r < n; ++r)
            first.append(r);
    }
    m_groups.clear();
    m_where.assign(static_cast<size_t>(m_table->rowCount()), Place());
    // A member's group is its first member's: that one is earlier in the list.
    std::vector<int> groupOfRow;
    groupOfRow.reserve(static_cast<size_t>(n));
    for (int r = 0; r < n; ++r) {
        const int f = first.at(r);
        if (f == r) {
            groupOfRow.push_back(static_cast<int>(m_groups.size()));
            m_groups.append(Group());
        } else {
            groupOfRow.push_back(groupOfRow.at(static_cast<size_t>(f)));
        }
        m_groups[groupOfRow.back()].rows.push_back(rows[static_cast<size_t>(r)]);
    }
    for (int g = 0; g < m_groups.size(); ++g) {
        const std::vector<int> &members = m_groups.at(g).rows;
        if (members.size() == 1) {
            m_where[static_cast<size_t>(members.front())] = {g, -1};
            continue;
        }
        for (size_t m = 0; m < members.size(); ++m)
            m_where[static_cast<size_t>(members[m])] = {g, static_cast<int>(m)};
    }
    m_regroupMs = took.elapsed();
    m_sinceRegroup.restart();
}

void AlertGroupModel::regroup()
{
    m_timer->stop();
    if (m_resetting)
        return;
    // Views keep their selection, current row and open groups through persistent indexes:
    // each is moved to where its alert (or its group's first alert) is after regrouping.
    emit layoutAboutToBeChanged();
    const QModelIndexList before = persistentIndexList();
    struct Was
    {
        int row; // in the table
        bool group;
    };
    QList<Was> was;
    was.reserve(before.size());
    for (const QModelIndex &i : before) {
        const bool group = isGroup(i);
        was.append({group ? m_groups.at(i.row()).rows.front() : tableRowAt(i), group});
    }
    computeGroups();
    // Two persistent indexes must never land on one index (the model's table of them would
    // lose one): when a group is gone, its first alert's own row wins over the group's row.
    QModelIndexList after(before.size());
    QSet<QModelIndex> taken;
    for (const bool groups : {false, true}) {
        for (qsizetype k = 0; k < before.size(); ++k) {
            if (was.at(k).group != groups)
                continue;
            const Place place = placeOf(was.at(k).row);
            if (place.group < 0)
                continue;
            const int column = before.at(k).column();
            const QModelIndex to =
                place.member < 0 || groups
                    ? createIndex(place.group, column, quintptr(0))
                    : createIndex(place.member, column, quintptr(place.group) + 1);
            if (!taken.contains(to)) {
                taken.insert(to);
                after[k] = to;
            }
        }
    }
    changePersistentIndexList(before, after);
    emit layoutChanged();
}

void AlertGroupModel::proxyDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                                       const QList<int> &roles)
{
    if (m_groups.isEmpty())
        return;
    const int last = columnCount() - 1;
    // With a regrouping on its way the rows are repainted once, regrouped: an engine batch
    // moves rows and changes them, and painting it twice would double what it costs.
    const bool regroupComing = m_timer->isActive();
    if (bottomRight.row() - topLeft.row() >= AlertFilterProxyModel::wideChange) {
        for (Group &g : m_groups)
            g.summary.reset();
        if (regroupComing)
            return;
        // Nothing moves, but a layout change is how a tree view hears "repaint all" in one
        // pass: a dataChanged over each group's members makes it look for every member of
        // the closed groups among its rows, 50 ms for 75,000 alerts.
        emit layoutAboutToBeChanged();
        emit layoutChanged();
        return;
    }
    for (int r = topLeft.row(); r <= bottomRight.row(); ++r) {
        const Place place = placeOf(m_alerts->sourceRow(r));
        if (place.group < 0)
            continue; // new since the last regrouping: it arrives with the next one
        const Group &g = m_groups.at(place.group);
        g.summary.reset();
        if (regroupComing)
            continue;
        const QModelIndex top = index(place.group, 0);
        emit dataChanged(top, index(place.group, last), roles);
        if (place.member >= 0)
            emit dataChanged(index(place.member, topLeft.column(), top),
                             index(place.member, bottomRight.column(), top), roles);
    }
}

int AlertGroupModel::groupCount() const
{
    int n = 0;
    for (const Group &g : m_groups)
        n += g.rows.size() > 1;
    return n;
}

bool AlertGroupModel::isGroup(const QModelIndex &index) const
{
    return index.isValid() && index.internalId() == 0 && index.row() < m_groups.size() &&
           m_groups.at(index.row()).rows.size() > 1;
}

QModelIndex AlertGroupModel::indexOf(qint64 alertId, int column) const
{
    const Place place = placeOf(m_table->rowOf(alertId));
    if (place.group < 0)
        return {};
    if (place.member < 0)
        return index(place.group, column);
    return index(place.member, column, index(place.group, 0));
}

QList<qint64> AlertGroupModel::memberIds(const QModelIndex &index) const
{
    if (isGroup(index))
        return idsOf(m_groups.at(index.row()));
    const int row = tableRowAt(index);
    return row >= 0 ? QList<qint64>{idOf(row)} : QList<qint64>();
}

qint64 AlertGroupModel::leadId(const QModelIndex &index) const
{
    const int row = isGroup(index) ? summaryOf(m_groups.at(index.row())).lead : tableRowAt(index);
    return row >= 0 ? idOf(row) : 0;
}

int AlertGroupModel::tableRowAt(const QModelIndex &index) const
{
    if (!index.isValid())
        return -1;
    if (index.internalId() == 0) {
        if (index.row() >= m_groups.size())
            return -1;
        const std::vector<int> &members = m_groups.at(index.row()).rows;
        return members.size() == 1 ? members.front() : -1;
    }
    const int g = static_cast<int>(index.internalId()) - 1;
    if (g >= m_groups.size() || static_cast<size_t>(index.row()) >= m_groups.at(g).rows.size())
        return -1;
    return m_groups.at(g).rows[static_cast<size_t>(index.row())];
}

AlertGroupModel::Place AlertGroupModel::placeOf(int tableRow) const
{
    return tableRow >= 0 && static_cast<size_t>(tableRow) < m_where.size()
               ? m_where[static_cast<size_t>(tableRow)]
               : Place();
}

qint64 AlertGroupModel::idOf(int tableRow) const
{
    const Alert *a = m_table->alertAt(tableRow);
    return a ? a->id : 0;
}

QList<qint64> AlertGroupModel::idsOf(const Group &g) const
{
    QList<qint64> ids;
    ids.reserve(static_cast<qsizetype>(g.rows.size()));
    for (int row : g.rows)
        ids.append(idOf(row));
    return ids;
}

QModelIndex AlertGroupModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column < 0 || column >= AlertTableModel::ColumnCount)
        return {};
    if (!parent.isValid())
        return row < m_groups.size() ? createIndex(row, column, quintptr(0)) : QModelIndex();
    if (!isGroup(parent) || parent.column() != 0 ||
        static_cast<size_t>(row) >= m_groups.at(parent.row()).rows.size())
        return {};
    return createIndex(row, column, quintptr(parent.row()) + 1);
}

QModelIndex AlertGroupModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == 0)
        return {};
    return createIndex(static_cast<int>(child.internalId()) - 1, 0, quintptr(0));
}

int AlertGroupModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return static_cast<int>(m_groups.size());
    if (parent.column() != 0 || !isGroup(parent))
        return 0;
    return static_cast<int>(m_groups.at(parent.row()).rows.size());
}

int AlertGroupModel::columnCount(const QModelIndex &) const
{
    return AlertTableModel::ColumnCount;
}

bool AlertGroupModel::hasChildren(const QModelIndex &parent) const
{
    return rowCount(parent) > 0;
}

QVariant AlertGroupModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    return m_table->headerData(section, orientation, role);
}

void AlertGroupModel::sort(int column, Qt::SortOrder order)
{
    m_alerts->sort(column, order);
    refresh();
}

QVariant AlertGroupModel::alertData(int tableRow, int column, int role) const
{
    if (tableRow < 0)
        return {};
    if (role == MemberIdsRole)
        return QVariant::fromValue(QList<qint64>{idOf(tableRow)});
    if (role == GroupSizeRole)
        return 1;
    return m_table->data(m_table->index(tableRow, column), role);
}

const AlertGroupModel::Summary &AlertGroupModel::summaryOf(const Group &g) const
{
    if (g.summary)
        return *g.summary;
    Summary s;
    // Groups span few pipelines and people: a short list finds the distinct ones.
    QVarLengthArray<int, 8> pipelines;
    QVarLengthArray<int, 8> people;
    const auto count = [](QVarLengthArray<int, 8> &seen, int number) {
        if (!seen.contains(number))
            seen.append(number);
    };
    const auto at = [this](int row) -> const AlertTableModel::Figures & {
        return m_table->figures(row);
    };
    // Worst severity, then most revenue, then oldest.
    const auto leads = [](const AlertTableModel::Figures &l, const AlertTableModel::Figures &r) {
        if (l.severity != r.severity)
            return l.severity < r.severity;
        if (l.revenue != r.revenue)
            return l.revenue > r.revenue;
        return l.raised < r.raised;
    };
    const int rows = m_table->rowCount();
    // Members lie scattered over the table: asking for the figures a few members ahead keeps
    // several reads from memory under way at once.
    constexpr size_t ahead = 8;
    // In list order, so that among equals the member listed first speaks.
    for (size_t m = 0; m < g.rows.size(); ++m) {
        if (m + ahead < g.rows.size() && g.rows[m + ahead] >= 0 && g.rows[m + ahead] < rows)
            __builtin_prefetch(&at(g.rows[m + ahead]));
        const int row = g.rows[m];
        if (row < 0 || row >= rows)
            continue;
        const AlertTableModel::Figures &a = at(row);
        if (s.lead < 0 || leads(a, at(s.lead)))
            s.lead = row;
        if (s.richest < 0 || a.revenue > at(s.richest).revenue)
            s.richest = row;
        if (s.oldest < 0 || a.raised < at(s.oldest).raised)
            s.oldest = row;
        if (a.open && !a.acknowledged && (s.ackFirst < 0 || a.ackBy < at(s.ackFirst).ackBy))
            s.ackFirst = row;
        if (a.open && (s.resolveFirst < 0 || a.resolveBy < at(s.resolveFirst).resolveBy))
            s.resolveFirst = row;
        s.events += a.events;
        count(pipelines, a.pipeline);
        count(people, a.person);
    }
    if (s.ackFirst < 0)
        s.ackFirst = s.lead;
    if (s.resolveFirst < 0)
        s.resolveFirst = s.lead;
    s.pipelines = static_cast<int>(pipelines.size());
    s.people = static_cast<int>(people.size());
    g.summary = s;
    return *g.summary;
}

QVariant AlertGroupModel::groupData(const Group &g, int column, int role) const
{
    const int size = static_cast<int>(g.rows.size());
    switch (role) {
    case MemberIdsRole:
        return QVariant::fromValue(idsOf(g));
    case GroupSizeRole:
        return size;
    case AlertTableModel::AlertIdRole:
        return 0; // a group is not one alert
    case Qt::FontRole: {
        QFont bold;
        bold.setBold(true);
        return bold;
    }
    default:
        break;
    }
    const Summary &s = summaryOf(g);
    if (role == Qt::ToolTipRole)
        return tr("%1 related alerts: one pipeline and those it reads from or feeds, raised "
                  "within %2 minutes, or one subject seen by several rules. Acting on the group "
                  "acts on every alert in it.")
            .arg(size)
            .arg(m_grouping.window() / (60 * nanosPerSecond));
    // Each column is spoken for by the member that matters most there.
    int speaker = s.lead;
    switch (column) {
    case AlertTableModel::CustomerColumn:
    case AlertTableModel::RankColumn:
        speaker = s.richest;
        break;
    case AlertTableModel::AgeColumn:
        speaker = s.oldest;
        break;
    case AlertTableModel::AckByColumn:
        speaker = s.ackFirst;
        break;
    case AlertTableModel::ResolveByColumn:
        speaker = s.resolveFirst;
        break;
    default:
        break;
    }
    if (role != Qt::DisplayRole)
        return alertData(speaker, column, role);
    switch (column) {
    case AlertTableModel::StateColumn:
        return tr("%1 alerts").arg(size); // a group has two or more
    case AlertTableModel::TitleColumn:
        return tr("%1 · and %2 related")
            .arg(alertData(s.lead, column, role).toString())
            .arg(size - 1);
    case AlertTableModel::PipelineColumn: {
        const QString name = alertData(s.lead, column, role).toString();
        return s.pipelines > 1 ? tr("%1 +%2").arg(name).arg(s.pipelines - 1) : name;
    }
    case AlertTableModel::CountColumn:
        return s.events;
    case AlertTableModel::AssigneeColumn:
        return s.people > 1 ? tr("%1 people").arg(s.people) : alertData(s.lead, column, role);
    default:
        return alertData(speaker, column, role);
    }
}

QVariant AlertGroupModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    if (isGroup(index))
        return groupData(m_groups.at(index.row()), index.column(), role);
    return alertData(tableRowAt(index), index.column(), role);
}

} // namespace wk
