#include "alerttablemodel.h"

#include "domain/idorder.h"

#include <QBrush>
#include <QColor>
#include <QGuiApplication>
#include <QIcon>
#include <QPainter>
#include <QPalette>
#include <QPixmap>
#include <QPolygonF>

#include <algorithm>

namespace wk {

namespace {

bool darkBase()
{
    // Models also serve tools and tests without a GUI application, and so no palette.
    if (!qobject_cast<QGuiApplication *>(QCoreApplication::instance()))
        return false;
    return QGuiApplication::palette().color(QPalette::Base).lightness() < 128;
}

} // namespace

QColor AlertTableModel::severityColour(Severity s, bool onDark)
{
    // Deeper on light bases, lighter on dark ones: 3:1 or better against either, so a
    // severity's word and shape read in both palettes.
    switch (s) {
    case Severity::Critical:
        return onDark ? QColor(0xff, 0x6b, 0x6b) : QColor(0xc6, 0x28, 0x28);
    case Severity::High:
        return onDark ? QColor(0xf5, 0xa6, 0x3c) : QColor(0xa8, 0x58, 0x00);
    case Severity::Medium:
        return onDark ? QColor(0x6c, 0xb2, 0xf0) : QColor(0x1f, 0x6f, 0xb8);
    }
    return {};
}

QColor AlertTableModel::severityColour(Severity s)
{
    return severityColour(s, darkBase());
}

// A filled shape per severity, distinct in form as well as colour: circle, diamond, square.
QIcon AlertTableModel::severityIcon(Severity s)
{
    static QIcon icons[2][3];
    const bool dark = darkBase();
    QIcon &icon = icons[dark ? 1 : 0][static_cast<int>(s)];
    if (icon.isNull()) {
        QPixmap pixmap(16, 16);
        pixmap.fill(Qt::transparent);
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(QPen(QColor(0, 0, 0, 90), 1));
        p.setBrush(severityColour(s));
        if (s == wk::Severity::Critical)
            p.drawEllipse(QRectF(2, 2, 12, 12));
        else if (s == wk::Severity::High)
            p.drawPolygon(
                QPolygonF({QPointF(8, 1.5), QPointF(14.5, 8), QPointF(8, 14.5), QPointF(1.5, 8)}));
        else
            p.drawRect(QRectF(3, 3, 10, 10));
        icon = QIcon(pixmap);
    }
    return icon;
}

AlertTableModel::AlertTableModel(QObject *parent) : QAbstractTableModel(parent) {}

void AlertTableModel::setWorkspace(const Workspace &workspace)
{
    beginResetModel();
    m_workspace = workspace;
    m_rank.clear();
    m_customer.clear();
    m_pipeline.clear();
    m_person.clear();
    // RANK() over revenue, highest first: ties share a rank.
    for (const Customer &c : workspace.customers) {
        int higher = 0;
        for (const Customer &o : workspace.customers)
            higher += o.monthlyRevenue > c.monthlyRevenue;
        m_rank.insert(c.id, higher + 1);
        m_customer.insert(c.id, c.name);
    }
    for (const Pipeline &p : workspace.pipelines)
        m_pipeline.insert(p.id, p.name);
    for (const Person &p : workspace.people)
        m_person.insert(p.id, p.name);
    // Names and ranks come from the workspace: the cached per-row values follow it.
    for (int i = 0; i < m_alerts.size(); ++i) {
        m_search[i] = makeSearchText(m_alerts.at(i));
        m_rankOfRow[i] = rankOrder(m_alerts.at(i));
    }
    endResetModel();
}

void AlertTableModel::setAlerts(const QList<Alert> &alerts)
{
    beginResetModel();
    m_alerts = alerts;
    m_rows.clear();
    m_search.clear();
    m_search.reserve(m_alerts.size());
    m_rankOfRow.clear();
    m_rankOfRow.reserve(m_alerts.size());
    for (int i = 0; i < m_alerts.size(); ++i) {
        m_rows.insert(m_alerts.at(i).id, i);
        m_search.append(makeSearchText(m_alerts.at(i)));
        m_rankOfRow.append(rankOrder(m_alerts.at(i)));
    }
    endResetModel();
}

void AlertTableModel::applyChanges(const QList<Alert> &changed)
{
    QList<Alert> added;
    QHash<qint64, qsizetype> addedAt; // a batch may hold a new alert and its later states
    int firstChanged = -1, lastChanged = -1;
    for (const Alert &a : changed) {
        const auto it = m_rows.constFind(a.id);
        if (it == m_rows.constEnd()) {
            if (const auto at = addedAt.constFind(a.id); at != addedAt.constEnd()) {
                added[*at] = a;
            } else {
                addedAt.insert(a.id, added.size());
                added.append(a);
            }
            continue;
        }
        m_alerts[*it] = a;
        m_search[*it] = makeSearchText(a);
        m_rankOfRow[*it] = rankOrder(a);
        firstChanged = firstChanged < 0 ? *it : std::min(firstChanged, *it);
        lastChanged = std::max(lastChanged, *it);
    }
    // One signal for the span of changed rows: views repaint what is visible of it.
    if (firstChanged >= 0)
        emit dataChanged(index(firstChanged, 0), index(lastChanged, ColumnCount - 1));
    if (!added.isEmpty()) {
        const int first = static_cast<int>(m_alerts.size());
        beginInsertRows({}, first, first + static_cast<int>(added.size()) - 1);
        for (const Alert &a : std::as_const(added)) {
            m_rows.insert(a.id, static_cast<int>(m_alerts.size()));
            m_alerts.append(a);
            m_search.append(makeSearchText(a));
            m_rankOfRow.append(rankOrder(a));
        }
        endInsertRows();
    }
}

void AlertTableModel::setNow(TimestampNs now, bool notify)
{
    m_now = now;
    // Only the text and colour move with time; sort keys and filters do not, and saying so
    // spares the proxy a re-sort of every row each second.
    if (notify && !m_alerts.isEmpty())
        emit dataChanged(index(0, AgeColumn), index(rowCount() - 1, ResolveByColumn),
                         {Qt::DisplayRole, Qt::ForegroundRole});
}

const Alert *AlertTableModel::alertAt(int row) const
{
    return row >= 0 && row < m_alerts.size() ? &m_alerts.at(row) : nullptr;
}

const Alert *AlertTableModel::alert(qint64 id) const
{
    return alertAt(rowOf(id));
}

int AlertTableModel::revenueRank(const QString &customerId) const
{
    return m_rank.value(customerId, 0);
}

int AlertTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_alerts.size());
}

int AlertTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString AlertTableModel::countdown(qint64 nanos)
{
    const bool late = nanos < 0;
    qint64 s = (late ? -nanos : nanos) / nanosPerSecond;
    QString text;
    if (s >= 86400)
        text = QStringLiteral("%1d %2h").arg(s / 86400).arg(s % 86400 / 3600);
    else if (s >= 3600)
        text = QStringLiteral("%1h %2m").arg(s / 3600).arg(s % 3600 / 60, 2, 10, QLatin1Char('0'));
    else
        text = QStringLiteral("%1m %2s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    return late ? tr("%1 overdue").arg(text) : text;
}

QVariant AlertTableModel::display(const Alert &a, int column) const
{
    switch (column) {
    case SeverityColumn:
        return severityName(a.severity);
    case StateColumn:
        return a.silencedBy.isEmpty()
                   ? alertStateName(a.state).replace(QLatin1Char('_'), QLatin1Char(' '))
                   : tr("%1 (silenced)").arg(alertStateName(a.state));
    case TitleColumn:
        return a.inhibitedBy.isEmpty() ? a.title : tr("%1 — inhibited").arg(a.title);
    case PipelineColumn:
        return m_pipeline.value(a.pipelineId, a.pipelineId);
    case CustomerColumn:
        return a.customerId.isEmpty() ? QString()
                                      : tr("%1 ($%2/mo)")
                                            .arg(m_customer.value(a.customerId, a.customerId))
                                            .arg(a.revenue);
    case RankColumn: {
        const int r = m_rank.value(a.customerId, 0);
        return r > 0 ? QVariant(r) : QVariant(QString());
    }
    case CountColumn:
        return a.eventCount;
    case AgeColumn:
        return countdown(m_now - a.triggeredAt);
    case AckByColumn:
        if (a.acknowledgedAt || !a.isOpen())
            return a.acknowledgedAt ? tr("acknowledged") : QString();
        return countdown(a.ackBy - m_now);
    case ResolveByColumn:
        if (!a.isOpen())
            return a.resolvedAt ? tr("resolved") : QString();
        return countdown(a.resolveBy - m_now);
    case AssigneeColumn:
        return m_person.value(a.assignee, a.assignee) +
               (a.escalated ? tr(" (escalated)") : QString());
    }
    return {};
}

QVariant AlertTableModel::deadlineColour(const Alert &a, TimestampNs deadline, TimestampNs start,
                                         bool met) const
{
    if (met || !a.isOpen())
        return {};
    // Amber in the last quarter of the allowed time, red once it has passed.
    const qint64 left = deadline - m_now;
    if (left < 0)
        return QBrush(severityColour(Severity::Critical));
    if (left * 4 < deadline - start)
        return QBrush(severityColour(Severity::High));
    return {};
}

QVariant AlertTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Alert &a = m_alerts.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return display(a, index.column());
    case AlertIdRole:
        return a.id;
    case SeverityRole:
        return static_cast<int>(a.severity);
    case StateRole:
        return static_cast<int>(a.state);
    case PipelineRole:
        return a.pipelineId;
    case AssigneeRole:
        return a.assignee;
    case OpenRole:
        return a.isOpen();
    case SilencedRole:
        return !a.silencedBy.isEmpty();
    case SearchTextRole:
        return m_search.at(index.row());
    case SortRole:
        switch (index.column()) {
        case SeverityColumn:
            return static_cast<int>(a.severity);
        case StateColumn:
            return static_cast<int>(a.state);
        case RankColumn: {
            const int r = m_rank.value(a.customerId, 0);
            return r > 0 ? r : INT_MAX;
        }
        case CountColumn:
            return a.eventCount;
        case AgeColumn:
            return -a.triggeredAt;
        case AckByColumn:
            return a.isOpen() && !a.acknowledgedAt ? a.ackBy : LLONG_MAX;
        case ResolveByColumn:
            return a.isOpen() ? a.resolveBy : LLONG_MAX;
        default:
            return display(a, index.column());
        }
    case Qt::ForegroundRole:
        if (index.column() == SeverityColumn)
            return QBrush(severityColour(a.severity));
        if (index.column() == AckByColumn)
            return deadlineColour(a, a.ackBy, a.triggeredAt, a.acknowledgedAt.has_value());
        if (index.column() == ResolveByColumn)
            return deadlineColour(a, a.resolveBy, a.triggeredAt, false);
        if (!a.isOpen())
            return QBrush(QColor(0x80, 0x80, 0x80));
        return {};
    case Qt::DecorationRole:
        if (index.column() == SeverityColumn)
            return severityIcon(a.severity);
        return {};
    case Qt::ToolTipRole:
        if (index.column() == TitleColumn) {
            QString tip = a.evidence;
            if (!a.inhibitedBy.isEmpty())
                tip += QLatin1Char('\n') + tr("Inhibited: %1").arg(a.inhibitedBy);
            return tip;
        }
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == CountColumn || index.column() == RankColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    }
    return {};
}

QString AlertTableModel::makeSearchText(const Alert &a) const
{
    return QStringList{a.title,
                       a.subject,
                       a.pipelineId,
                       m_pipeline.value(a.pipelineId),
                       m_customer.value(a.customerId),
                       m_person.value(a.assignee),
                       a.ruleId}
        .join(QLatin1Char(' '))
        .toLower();
}

AlertTableModel::RankOrder AlertTableModel::rankOrder(const Alert &a) const
{
    const int k = m_rank.value(a.customerId, 0);
    const quint64 rank = static_cast<quint32>(k > 0 ? k : INT_MAX);
    const quint64 fewerEvents = static_cast<quint32>(INT_MAX - qMax(0, a.eventCount));
    const std::optional<qint64> number = IdOrder::integer(QStringView(a.subject));
    RankOrder o;
    o.first = rank << 32 | fewerEvents << 1 | (number ? 0u : 1u);
    if (number) {
        o.second = static_cast<quint64>(*number) ^ (quint64(1) << 63); // signed order
        return o;
    }
    // Padded with zeros: a shorter text comes first, as in the full comparison.
    for (int i = 0; i < 4; ++i)
        o.second = (o.second << 16) | (i < a.subject.size() ? a.subject.at(i).unicode() : 0u);
    return o;
}

bool AlertTableModel::lessThan(int leftRow, int rightRow, int column) const
{
    const Alert &l = m_alerts.at(leftRow);
    const Alert &r = m_alerts.at(rightRow);
    switch (column) {
    case SeverityColumn:
        return l.severity < r.severity;
    case StateColumn:
        return l.state < r.state;
    case RankColumn: {
        // As `check burst` orders its rows: rank, the most events first, then the subject
        // (a user id) as SQL orders the seed's integer ids, then the title.
        const RankOrder &lo = m_rankOfRow.at(leftRow);
        const RankOrder &ro = m_rankOfRow.at(rightRow);
        if (!(lo == ro))
            return lo < ro;
        if (const int bySubject = QStringView(l.subject).compare(QStringView(r.subject)))
            return bySubject < 0;
        return l.title < r.title;
    }
    case CountColumn:
        return l.eventCount < r.eventCount;
    case AgeColumn:
        return l.triggeredAt > r.triggeredAt;
    case AckByColumn:
        return (l.isOpen() && !l.acknowledgedAt ? l.ackBy : LLONG_MAX) <
               (r.isOpen() && !r.acknowledgedAt ? r.ackBy : LLONG_MAX);
    case ResolveByColumn:
        return (l.isOpen() ? l.resolveBy : LLONG_MAX) < (r.isOpen() ? r.resolveBy : LLONG_MAX);
    default:
        return QString::localeAwareCompare(display(l, column).toString(),
                                           display(r, column).toString()) < 0;
    }
}

QVariant AlertTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    static const char *const names[] = {
        QT_TR_NOOP("Severity"),   QT_TR_NOOP("State"),    QT_TR_NOOP("Title"),
        QT_TR_NOOP("Pipeline"),   QT_TR_NOOP("Customer"), QT_TR_NOOP("Rank"),
        QT_TR_NOOP("Events"),     QT_TR_NOOP("Age"),      QT_TR_NOOP("Ack by"),
        QT_TR_NOOP("Resolve by"), QT_TR_NOOP("Assignee")};
    return section >= 0 && section < ColumnCount ? tr(names[section]) : QVariant();
}

} // namespace wk
