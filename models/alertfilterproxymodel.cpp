#include "alertfilterproxymodel.h"

#include "domain/alertsummary.h"

#include <algorithm>

namespace wk {

namespace {

bool onlyLooks(const QList<int> &roles)
{
    static const QList<int> looks = {Qt::DisplayRole,    Qt::ForegroundRole, Qt::BackgroundRole,
                                     Qt::DecorationRole, Qt::ToolTipRole,    Qt::TextAlignmentRole,
                                     Qt::FontRole};
    return !roles.isEmpty() &&
           std::all_of(roles.begin(), roles.end(), [](int r) { return looks.contains(r); });
}

} // namespace

AlertFilterProxyModel::AlertFilterProxyModel(QObject *parent) : QAbstractProxyModel(parent) {}

void AlertFilterProxyModel::setSourceModel(QAbstractItemModel *source)
{
    beginResetModel();
    for (const QMetaObject::Connection &c : std::as_const(m_connections))
        disconnect(c);
    m_connections.clear();
    m_table = qobject_cast<AlertTableModel *>(source);
    Q_ASSERT(!source || m_table);
    QAbstractProxyModel::setSourceModel(m_table);
    if (m_table) {
        const auto resetBegins = [this] { beginResetModel(); };
        const auto resetEnds = [this] {
            sourceReset();
            endResetModel();
        };
        m_connections = {
            connect(m_table, &QAbstractItemModel::modelAboutToBeReset, this, resetBegins),
            connect(m_table, &QAbstractItemModel::modelReset, this, resetEnds),
            // The table only appends and resets; anything else starts the list afresh.
            connect(m_table, &QAbstractItemModel::rowsAboutToBeRemoved, this, resetBegins),
            connect(m_table, &QAbstractItemModel::rowsRemoved, this, resetEnds),
            connect(m_table, &QAbstractItemModel::rowsAboutToBeMoved, this, resetBegins),
            connect(m_table, &QAbstractItemModel::rowsMoved, this, resetEnds),
            connect(m_table, &QAbstractItemModel::layoutAboutToBeChanged, this, resetBegins),
            connect(m_table, &QAbstractItemModel::layoutChanged, this, resetEnds),
            connect(m_table, &QAbstractItemModel::rowsInserted, this,
                    &AlertFilterProxyModel::sourceRowsInserted),
            connect(m_table, &QAbstractItemModel::dataChanged, this,
                    &AlertFilterProxyModel::sourceDataChanged),
            connect(m_table, &AlertTableModel::alertsUpdated, this,
                    &AlertFilterProxyModel::sourceAlertsUpdated),
            connect(m_table, &QAbstractItemModel::headerDataChanged, this,
                    &QAbstractItemModel::headerDataChanged),
        };
    }
    sourceReset();
    endResetModel();
}

void AlertFilterProxyModel::setSeverities(const QSet<int> &severities)
{
    if (m_severities == severities)
        return;
    m_severities = severities;
    refilter();
}

void AlertFilterProxyModel::setStateFilter(StateFilter filter)
{
    if (m_state == filter)
        return;
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
    if (m_pipeline == pipelineId)
        return;
    m_pipeline = pipelineId;
    refilter();
}

void AlertFilterProxyModel::setAssignee(const QString &personId)
{
    if (m_assignee == personId)
        return;
    m_assignee = personId;
    refilter();
}

void AlertFilterProxyModel::setText(const QString &text)
{
    const QString lower = text.trimmed().toLower();
    if (lower == m_text)
        return;
    m_text = lower;
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
    rebuild();
}

void AlertFilterProxyModel::sort(int column, Qt::SortOrder order)
{
    if (column >= AlertTableModel::ColumnCount)
        column = -1;
    const bool newColumn = column != m_column;
    m_column = column;
    m_order = order;
    if (newColumn)
        computeKeys();
    rebuild();
}

bool AlertFilterProxyModel::accepts(int sourceRow) const
{
    const Alert &a = m_table->alerts().at(sourceRow);
    if (m_state != StateFilter::All && a.isOpen() != (m_state == StateFilter::Open))
        return false;
    if (m_attention != Attention::Any &&
        (m_attention == Attention::Unacknowledged ? !AlertSummary::isUnacknowledged(a)
                                                  : !AlertSummary::isOverdue(a, m_table->now())))
        return false;
    if (!m_severities.isEmpty() && !m_severities.contains(static_cast<int>(a.severity)))
        return false;
    if (!m_pipeline.isEmpty() && a.pipelineId != m_pipeline)
        return false;
    if (!m_assignee.isEmpty() && a.assignee != m_assignee)
        return false;
    if (m_raisedFrom != m_raisedTo && (a.triggeredAt < m_raisedFrom || a.triggeredAt >= m_raisedTo))
        return false;
    // Every word must appear somewhere: "globex timeout" narrows, it does not widen.
    const QString &haystack = m_table->searchText(sourceRow);
    return std::all_of(m_words.cbegin(), m_words.cend(),
                       [&](const QString &word) { return haystack.contains(word); });
}

bool AlertFilterProxyModel::before(int leftRow, int rightRow) const
{
    // Rows that compare equal keep the table's order, in either direction, as a stable
    // sort would leave them.
    if (m_column >= 0) {
        const AlertTableModel::SortKey &l = m_keys[static_cast<size_t>(leftRow)];
        const AlertTableModel::SortKey &r = m_keys[static_cast<size_t>(rightRow)];
        const bool ascending = m_order == Qt::AscendingOrder;
        if (!(l == r))
            return ascending == (l < r);
        if (!AlertTableModel::sortKeyDecides(m_column)) {
            if (m_table->lessThan(leftRow, rightRow, m_column))
                return ascending;
            if (m_table->lessThan(rightRow, leftRow, m_column))
                return !ascending;
        }
    }
    return leftRow < rightRow;
}

namespace {

bool localeLess(const QString &l, const QString &r)
{
    return QString::localeAwareCompare(l, r) < 0;
}

// Text places start this far apart, so that texts seen later fit between them (the gap
// halves with each one put into it) without moving the others.
constexpr quint64 textSpacing = quint64(1) << 32;

} // namespace

void AlertFilterProxyModel::computeKeys()
{
    m_keys.clear();
    m_textOrder.clear();
    m_texts.clear();
    if (!m_table || m_column < 0)
        return;
    const int n = m_table->rowCount();
    m_keys.resize(static_cast<size_t>(n));
    if (AlertTableModel::hasSortKey(m_column)) {
        for (int r = 0; r < n; ++r)
            m_keys[static_cast<size_t>(r)] = *m_table->sortKey(r, m_column);
        return;
    }
    // A text column: each distinct text is compared with the others once, not once per
    // pair of rows that show it.
    QList<QString> texts;
    texts.reserve(n);
    for (int r = 0; r < n; ++r) {
        texts.append(m_table->index(r, m_column).data().toString());
        m_textOrder.insert(texts.constLast(), 0);
    }
    m_texts = m_textOrder.keys();
    std::sort(m_texts.begin(), m_texts.end(), localeLess);
    quint64 place = textSpacing;
    for (qsizetype i = 0; i < m_texts.size(); ++i) {
        // Texts the locale finds equal share a place.
        if (i > 0 && QString::localeAwareCompare(m_texts.at(i - 1), m_texts.at(i)) != 0)
            place += textSpacing;
        m_textOrder[m_texts.at(i)] = place;
    }
    for (int r = 0; r < n; ++r)
        m_keys[static_cast<size_t>(r)] = {m_textOrder.value(texts.at(r)), 0};
}

bool AlertFilterProxyModel::placeTexts(QList<QString> fresh)
{
    // Each new text finds its neighbours by binary search among the distinct texts, and
    // takes a place between theirs: a batch with new titles compares a few thousand times,
    // where ordering every text again compared a million times.
    std::sort(fresh.begin(), fresh.end(), localeLess);
    std::vector<qsizetype> at;
    at.reserve(static_cast<size_t>(fresh.size()));
    for (const QString &text : std::as_const(fresh))
        at.push_back(std::lower_bound(m_texts.cbegin(), m_texts.cend(), text, localeLess) -
                     m_texts.cbegin());
    for (qsizetype j = 0; j < fresh.size();) {
        const qsizetype i = at[static_cast<size_t>(j)];
        qsizetype end = j;
        while (end < fresh.size() && at[static_cast<size_t>(end)] == i)
            ++end;
        const quint64 below = i > 0 ? m_textOrder.value(m_texts.at(i - 1)) : 0;
        const bool hasNext = i < m_texts.size();
        const quint64 next = hasNext ? m_textOrder.value(m_texts.at(i)) : below + 2 * textSpacing;
        // Those the locale finds equal to the next text or to each other share its place.
        qsizetype distinct = 0;
        for (qsizetype k = j; k < end; ++k) {
            const bool likeNext =
                hasNext && QString::localeAwareCompare(fresh.at(k), m_texts.at(i)) == 0;
            const bool likePrevious =
                k > j && QString::localeAwareCompare(fresh.at(k - 1), fresh.at(k)) == 0;
            distinct += !likeNext && !likePrevious;
        }
        const quint64 step = (next - below) / quint64(distinct + 1);
        if (distinct > 0 && step == 0)
            return false; // no room left between the two: every place is worked out again
        quint64 place = below;
        for (qsizetype k = j; k < end; ++k) {
            if (hasNext && QString::localeAwareCompare(fresh.at(k), m_texts.at(i)) == 0)
                m_textOrder.insert(fresh.at(k), next);
            else if (k > j && QString::localeAwareCompare(fresh.at(k - 1), fresh.at(k)) == 0)
                m_textOrder.insert(fresh.at(k), place);
            else
                m_textOrder.insert(fresh.at(k), place += step);
        }
        j = end;
    }
    // The new texts join the sorted list where their searches put them.
    QList<QString> merged;
    merged.reserve(m_texts.size() + fresh.size());
    qsizetype from = 0;
    for (qsizetype j = 0; j < fresh.size(); ++j) {
        const qsizetype to = at[static_cast<size_t>(j)];
        for (; from < to; ++from)
            merged.append(m_texts.at(from));
        merged.append(fresh.at(j));
    }
    for (; from < m_texts.size(); ++from)
        merged.append(m_texts.at(from));
    m_texts = std::move(merged);
    return true;
}

bool AlertFilterProxyModel::keyRows(const QList<int> &rows)
{
    if (m_column < 0)
        return true;
    if (!rows.isEmpty() && m_keys.size() <= static_cast<size_t>(rows.last()))
        m_keys.resize(static_cast<size_t>(rows.last()) + 1);
    if (AlertTableModel::hasSortKey(m_column)) {
        for (int r : rows)
            m_keys[static_cast<size_t>(r)] = *m_table->sortKey(r, m_column);
        return true;
    }
    QList<QString> texts;
    texts.reserve(rows.size());
    QSet<QString> fresh;
    for (int r : rows) {
        texts.append(m_table->index(r, m_column).data().toString());
        if (!m_textOrder.contains(texts.constLast()))
            fresh.insert(texts.constLast());
    }
    if (!fresh.isEmpty() && !placeTexts(QList<QString>(fresh.cbegin(), fresh.cend())))
        return false;
    for (qsizetype k = 0; k < rows.size(); ++k)
        m_keys[static_cast<size_t>(rows.at(k))] = {m_textOrder.value(texts.at(k)), 0};
    return true;
}

AlertFilterProxyModel::LayoutChange AlertFilterProxyModel::beginLayoutChange()
{
    emit layoutAboutToBeChanged();
    LayoutChange change{persistentIndexList(), {}};
    change.tableRows.reserve(change.before.size());
    for (const QModelIndex &i : std::as_const(change.before))
        change.tableRows.append(i.isValid() && static_cast<size_t>(i.row()) < m_rows.size()
                                    ? m_rows[static_cast<size_t>(i.row())]
                                    : -1);
    return change;
}

void AlertFilterProxyModel::endLayoutChange(const LayoutChange &change)
{
    QModelIndexList after;
    after.reserve(change.before.size());
    for (qsizetype k = 0; k < change.before.size(); ++k) {
        const int s = change.tableRows.at(k);
        const int row = s >= 0 && static_cast<size_t>(s) < m_place.size()
                            ? m_place[static_cast<size_t>(s)]
                            : -1;
        after.append(row >= 0 ? createIndex(row, change.before.at(k).column()) : QModelIndex());
    }
    changePersistentIndexList(change.before, after);
    emit layoutChanged();
}

void AlertFilterProxyModel::listAll()
{
    const int n = m_table ? m_table->rowCount() : 0;
    m_rows.clear();
    for (int r = 0; r < n; ++r) {
        if (accepts(r))
            m_rows.push_back(r);
    }
    if (m_column >= 0)
        std::sort(m_rows.begin(), m_rows.end(), [this](int l, int r) { return before(l, r); });
    m_place.assign(static_cast<size_t>(n), -1);
    for (size_t i = 0; i < m_rows.size(); ++i)
        m_place[static_cast<size_t>(m_rows[i])] = static_cast<int>(i);
}

void AlertFilterProxyModel::rebuild()
{
    const LayoutChange change = beginLayoutChange();
    listAll();
    endLayoutChange(change);
}

void AlertFilterProxyModel::update(const QList<int> &changed)
{
    if (!keyRows(changed)) {
        computeKeys();
        rebuild();
        return;
    }
    // The list without the changed rows, then with those that pass, each in its place.
    std::vector<char> leaving(m_rows.size(), 0);
    for (int r : changed) {
        const int place = m_place[static_cast<size_t>(r)];
        if (place >= 0)
            leaving[static_cast<size_t>(place)] = 1;
    }
    std::vector<int> staying;
    staying.reserve(m_rows.size());
    for (size_t i = 0; i < m_rows.size(); ++i) {
        if (!leaving[i])
            staying.push_back(m_rows[i]);
    }
    std::vector<int> in;
    for (int r : changed) {
        if (accepts(r))
            in.push_back(r);
    }
    const auto order = [this](int l, int r) { return before(l, r); };
    std::sort(in.begin(), in.end(), order);
    // Each incoming row finds its place by binary search from the last one's: a batch is a
    // few hundred rows among tens of thousands, and a plain merge compares every one.
    std::vector<int> merged;
    merged.reserve(staying.size() + in.size());
    auto from = staying.cbegin();
    for (int r : in) {
        const auto to = std::upper_bound(from, staying.cend(), r, order);
        merged.insert(merged.end(), from, to);
        merged.push_back(r);
        from = to;
    }
    merged.insert(merged.end(), from, staying.cend());
    // Most changes (an acknowledgement, a new count) leave every row where it was: then views
    // hear of new contents only, not of a new layout.
    if (merged == m_rows)
        return;
    const LayoutChange change = beginLayoutChange();
    for (int r : changed)
        m_place[static_cast<size_t>(r)] = -1;
    m_rows.swap(merged);
    for (size_t i = 0; i < m_rows.size(); ++i)
        m_place[static_cast<size_t>(m_rows[i])] = static_cast<int>(i);
    endLayoutChange(change);
}

void AlertFilterProxyModel::sourceReset()
{
    m_updatedFirst = m_updatedLast = -1;
    computeKeys();
    listAll();
}

void AlertFilterProxyModel::sourceRowsInserted(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    if (static_cast<size_t>(first) != m_place.size()) {
        // Not appended: the table never does this, but a list that guessed would be wrong.
        beginResetModel();
        sourceReset();
        endResetModel();
        return;
    }
    m_place.resize(static_cast<size_t>(last) + 1, -1);
    QList<int> rows;
    rows.reserve(last - first + 1);
    for (int r = first; r <= last; ++r)
        rows.append(r);
    update(rows);
}

void AlertFilterProxyModel::sourceAlertsUpdated(const QList<int> &rows)
{
    if (rows.isEmpty())
        return;
    m_updatedFirst = rows.first();
    m_updatedLast = rows.last();
    update(rows);
    // The rows still shown have new contents.
    int first = -1, last = -1;
    for (int r : rows)
        spanShown(r, first, last);
    if (first >= 0)
        emit dataChanged(index(first, 0), index(last, AlertTableModel::ColumnCount - 1));
}

void AlertFilterProxyModel::sourceDataChanged(const QModelIndex &topLeft,
                                              const QModelIndex &bottomRight,
                                              const QList<int> &roles)
{
    if (!topLeft.isValid())
        return;
    if (topLeft.row() == m_updatedFirst && bottomRight.row() == m_updatedLast &&
        topLeft.column() == 0 && bottomRight.column() == AlertTableModel::ColumnCount - 1) {
        // The span of the alertsUpdated just handled.
        m_updatedFirst = m_updatedLast = -1;
        return;
    }
    const bool sortColumnIn = m_column >= topLeft.column() && m_column <= bottomRight.column();
    const bool sortByText = m_column >= 0 && !AlertTableModel::hasSortKey(m_column);
    // The clock's new countdowns change how rows look, not where they are; the scores only
    // move rows when the list is sorted by them.
    const bool moves = onlyLooks(roles)
                           ? sortColumnIn && sortByText && roles.contains(Qt::DisplayRole)
                           : sortColumnIn || topLeft.column() < AlertTableModel::ActionableColumn;
    if (!moves) {
        forwardDataChanged(topLeft.row(), bottomRight.row(), topLeft.column(), bottomRight.column(),
                           roles);
        return;
    }
    QList<int> rows;
    rows.reserve(bottomRight.row() - topLeft.row() + 1);
    for (int r = topLeft.row(); r <= bottomRight.row(); ++r)
        rows.append(r);
    update(rows);
    forwardDataChanged(topLeft.row(), bottomRight.row(), topLeft.column(), bottomRight.column(),
                       roles);
}

void AlertFilterProxyModel::spanShown(int tableRow, int &first, int &last) const
{
    const int place = m_place[static_cast<size_t>(tableRow)];
    if (place >= 0) {
        first = first < 0 ? place : std::min(first, place);
        last = std::max(last, place);
    }
}

void AlertFilterProxyModel::forwardDataChanged(int firstSource, int lastSource, int firstColumn,
                                               int lastColumn, const QList<int> &roles)
{
    if (m_rows.empty())
        return;
    int first = 0, last = rowCount() - 1;
    if (lastSource - firstSource < wideChange) {
        first = last = -1;
        for (int r = firstSource; r <= lastSource; ++r)
            spanShown(r, first, last);
        if (first < 0)
            return;
    }
    emit dataChanged(index(first, firstColumn), index(last, lastColumn), roles);
}

QModelIndex AlertFilterProxyModel::mapToSource(const QModelIndex &proxyIndex) const
{
    if (!m_table || !proxyIndex.isValid() || proxyIndex.model() != this ||
        static_cast<size_t>(proxyIndex.row()) >= m_rows.size())
        return {};
    return m_table->index(m_rows[static_cast<size_t>(proxyIndex.row())], proxyIndex.column());
}

QModelIndex AlertFilterProxyModel::mapFromSource(const QModelIndex &sourceIndex) const
{
    if (!m_table || !sourceIndex.isValid() || sourceIndex.model() != m_table ||
        static_cast<size_t>(sourceIndex.row()) >= m_place.size())
        return {};
    const int row = m_place[static_cast<size_t>(sourceIndex.row())];
    return row < 0 ? QModelIndex() : createIndex(row, sourceIndex.column());
}

QModelIndex AlertFilterProxyModel::index(int row, int column, const QModelIndex &parent) const
{
    if (parent.isValid() || row < 0 || column < 0 || column >= columnCount() ||
        static_cast<size_t>(row) >= m_rows.size())
        return {};
    return createIndex(row, column);
}

QModelIndex AlertFilterProxyModel::parent(const QModelIndex &) const
{
    return {};
}

QModelIndex AlertFilterProxyModel::sibling(int row, int column, const QModelIndex &) const
{
    return index(row, column);
}

int AlertFilterProxyModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int AlertFilterProxyModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_table ? 0 : AlertTableModel::ColumnCount;
}

bool AlertFilterProxyModel::hasChildren(const QModelIndex &parent) const
{
    return rowCount(parent) > 0;
}

} // namespace wk
