#include "alerttablemodel.h"
#include "domain/duration.h"

#include "domain/idorder.h"

#include "severitystyle.h"

#include <QBrush>
#include <QColor>
#include <QIcon>

#include <algorithm>
#include <array>
#include <bit>

namespace wk {

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
    m_facts.clear();
    m_facts.reserve(static_cast<size_t>(m_alerts.size()));
    m_figures.clear();
    m_figures.reserve(static_cast<size_t>(m_alerts.size()));
    m_pipelineNumbers.clear();
    m_subjectNumbers.clear();
    m_personNumbers.clear();
    for (int i = 0; i < m_alerts.size(); ++i) {
        m_rows.insert(m_alerts.at(i).id, i);
        m_search.append(makeSearchText(m_alerts.at(i)));
        m_rankOfRow.append(rankOrder(m_alerts.at(i)));
        keepFacts(i, m_alerts.at(i), nullptr);
    }
    endResetModel();
}

void AlertTableModel::applyChanges(const QList<Alert> &changed)
{
    QList<Alert> added;
    QHash<qint64, qsizetype> addedAt; // a batch may hold a new alert and its later states
    QList<int> rows;
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
        Alert &was = m_alerts[*it];
        keepFacts(*it, a, &was);
        // Most changes are of state and counts: the text searched stays.
        if (a.title != was.title || a.subject != was.subject || a.pipelineId != was.pipelineId ||
            a.customerId != was.customerId || a.assignee != was.assignee || a.ruleId != was.ruleId)
            m_search[*it] = makeSearchText(a);
        was = a;
        m_rankOfRow[*it] = rankOrder(a);
        rows.append(*it);
    }
    if (!rows.isEmpty()) {
        std::sort(rows.begin(), rows.end());
        rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
        emit alertsUpdated(rows);
        // One signal for the span of changed rows: views repaint what is visible of it.
        emit dataChanged(index(rows.first(), 0), index(rows.last(), ColumnCount - 1));
    }
    if (!added.isEmpty()) {
        const int first = static_cast<int>(m_alerts.size());
        beginInsertRows({}, first, first + static_cast<int>(added.size()) - 1);
        for (const Alert &a : std::as_const(added)) {
            m_rows.insert(a.id, static_cast<int>(m_alerts.size()));
            m_alerts.append(a);
            m_search.append(makeSearchText(a));
            m_rankOfRow.append(rankOrder(a));
            keepFacts(static_cast<int>(m_alerts.size()) - 1, a, nullptr);
        }
        endInsertRows();
    }
}

void AlertTableModel::keepFacts(int row, const Alert &a, const Alert *was)
{
    const auto at = static_cast<size_t>(row);
    if (m_facts.size() <= at) {
        m_facts.resize(at + 1);
        m_figures.resize(at + 1);
    }
    // An alert's ids rarely change between its states: their numbers are kept, sparing
    // lookups in tables as large as the list.
    const auto numbered = [&](const QString &id, const QString *before, int number,
                              IdNumbering &numbers) {
        if (before && *before == id)
            return number;
        return id.isEmpty() ? -1 : numbers.number(id);
    };
    const int pipeline = numbered(a.pipelineId, was ? &was->pipelineId : nullptr,
                                  m_facts[at].pipeline, m_pipelineNumbers);
    const int subject =
        numbered(a.subject, was ? &was->subject : nullptr, m_facts[at].subject, m_subjectNumbers);
    Figures &f = m_figures[at];
    f.person = numbered(a.assignee, was ? &was->assignee : nullptr, f.person, m_personNumbers);
    m_facts[at] = AlertGrouping::factsOf(a, pipeline, subject);
    f.raised = a.triggeredAt;
    f.ackBy = a.ackBy;
    f.resolveBy = a.resolveBy;
    f.revenue = a.revenue;
    f.events = a.eventCount;
    f.pipeline = pipeline;
    f.severity = a.severity;
    f.open = a.isOpen();
    f.acknowledged = a.acknowledgedAt.has_value();
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

QVariant AlertTableModel::display(const Alert &a, int column) const
{
    switch (column) {
    case SeverityColumn:
        return severityName(a.severity);
    case StateColumn: {
        QString state = alertStateName(a.state).replace(QLatin1Char('_'), QLatin1Char(' '));
        if (!a.silencedBy.isEmpty())
            state = tr("%1 (silenced)").arg(state);
        // A marked outcome is what the reader of an ended alert wants to know first.
        if (a.outcome.isMarked() && a.outcome.kind != AlertOutcome::Kind::WontFix)
            state = tr("%1 · %2").arg(state, outcomeKindLabel(a.outcome.kind).toLower());
        return state;
    }
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
        return formatCountdown(m_now - a.triggeredAt);
    case AckByColumn:
        if (a.acknowledgedAt || !a.isOpen())
            return a.acknowledgedAt ? tr("acknowledged") : QString();
        return formatCountdown(a.ackBy - m_now);
    case ResolveByColumn:
        if (!a.isOpen())
            return a.resolvedAt ? tr("resolved") : QString();
        return formatCountdown(a.resolveBy - m_now);
    case AssigneeColumn:
        return m_person.value(a.assignee, a.assignee) +
               (a.escalated ? tr(" (escalated)") : QString());
    case ActionableColumn: {
        const float s = scoreOf(a);
        return s >= 0 ? QVariant(qRound(s)) : QVariant(QString());
    }
    case ImpactColumn: {
        const double impact = impactOf(a);
        return impact >= 0 ? QVariant(QStringLiteral("$%1").arg(qRound64(impact)))
                           : QVariant(QString());
    }
    }
    return {};
}

double AlertTableModel::impactOf(const Alert &a) const
{
    const float s = scoreOf(a);
    return s >= 0 ? double(s) / 100.0 * a.revenue : -1.0;
}

float AlertTableModel::scoreOf(const Alert &a) const
{
    const auto it = m_scores.constFind(a.id);
    return it == m_scores.constEnd() ? -1.0f : it->score;
}

const AlertScore *AlertTableModel::score(qint64 id) const
{
    const auto it = m_scores.constFind(id);
    return it == m_scores.constEnd() ? nullptr : &*it;
}

void AlertTableModel::setScores(const QHash<qint64, AlertScore> &scores, const QString &whyNone)
{
    m_scores = scores;
    m_whyNoScore = whyNone;
    if (!m_alerts.isEmpty())
        emit dataChanged(index(0, ActionableColumn), index(int(m_alerts.size()) - 1, ImpactColumn));
    emit headerDataChanged(Qt::Horizontal, ActionableColumn, ImpactColumn);
}

QVariant AlertTableModel::deadlineColour(const Alert &a, TimestampNs deadline, TimestampNs start,
                                         bool met) const
{
    if (met || !a.isOpen())
        return {};
    // Amber in the last quarter of the allowed time, red once it has passed.
    const qint64 left = deadline - m_now;
    if (left < 0)
        return QBrush(SeverityStyle::colour(Severity::Critical));
    if (left * 4 < deadline - start)
        return QBrush(SeverityStyle::colour(Severity::High));
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
        case ActionableColumn:
            return -scoreOf(a);
        case ImpactColumn:
            return -impactOf(a);
        default:
            return display(a, index.column());
        }
    case Qt::ForegroundRole:
        if (index.column() == SeverityColumn)
            return QBrush(SeverityStyle::colour(a.severity));
        if (index.column() == AckByColumn)
            return deadlineColour(a, a.ackBy, a.triggeredAt, a.acknowledgedAt.has_value());
        if (index.column() == ResolveByColumn)
            return deadlineColour(a, a.resolveBy, a.triggeredAt, false);
        if (!a.isOpen())
            return QBrush(QColor(0x80, 0x80, 0x80));
        return {};
    case Qt::DecorationRole:
        if (index.column() == SeverityColumn)
            return SeverityStyle::icon(a.severity);
        return {};
    case Qt::ToolTipRole:
        if (index.column() == TitleColumn) {
            QString tip = a.evidence;
            if (!a.inhibitedBy.isEmpty())
                tip += QLatin1Char('\n') + tr("Inhibited: %1").arg(a.inhibitedBy);
            return tip;
        }
        if (index.column() == ActionableColumn || index.column() == ImpactColumn)
            return scoreOf(a) >= 0 ? tr("The chance this alert is actionable, learned from how "
                                        "the team's ended alerts turned out; the details say why")
                                   : m_whyNoScore;
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == CountColumn || index.column() == RankColumn ||
            index.column() == ActionableColumn || index.column() == ImpactColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    }
    return {};
}

QString AlertTableModel::makeSearchText(const Alert &a) const
{
    const QString pipeline = m_pipeline.value(a.pipelineId);
    const QString customer = m_customer.value(a.customerId);
    const QString person = m_person.value(a.assignee);
    const std::array<const QString *, 7> parts = {&a.title,  &a.subject, &a.pipelineId, &pipeline,
                                                  &customer, &person,    &a.ruleId};
    // One string, lowered where it lies: this runs for every alert of every batch.
    qsizetype size = static_cast<qsizetype>(parts.size()) - 1;
    for (const QString *part : parts)
        size += part->size();
    QString text;
    text.reserve(size);
    for (const QString *part : parts) {
        if (part != parts.front())
            text += QLatin1Char(' ');
        text += *part;
    }
    return std::move(text).toLower();
}

AlertTableModel::SortKey AlertTableModel::rankOrder(const Alert &a) const
{
    const int k = m_rank.value(a.customerId, 0);
    const quint64 rank = static_cast<quint32>(k > 0 ? k : INT_MAX);
    const quint64 fewerEvents = static_cast<quint32>(INT_MAX - qMax(0, a.eventCount));
    const std::optional<qint64> number = IdOrder::integer(QStringView(a.subject));
    SortKey o;
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
        const SortKey &lo = m_rankOfRow.at(leftRow);
        const SortKey &ro = m_rankOfRow.at(rightRow);
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
    case ActionableColumn:
        return scoreOf(l) > scoreOf(r); // the most actionable first, unscored last
    case ImpactColumn:
        return impactOf(l) > impactOf(r);
    default:
        return QString::localeAwareCompare(display(l, column).toString(),
                                           display(r, column).toString()) < 0;
    }
}

namespace {

// Signed numbers and floating-point values as unsigned words in the same order.
quint64 ordered(qint64 v)
{
    return static_cast<quint64>(v) ^ (quint64(1) << 63);
}

quint64 ordered(double v)
{
    const auto bits = std::bit_cast<quint64>(v);
    return bits >> 63 ? ~bits : bits | (quint64(1) << 63);
}

} // namespace

std::optional<AlertTableModel::SortKey> AlertTableModel::sortKey(int row, int column) const
{
    const Alert &a = m_alerts.at(row);
    // Each as lessThan orders the column; descending columns flip their word.
    switch (column) {
    case SeverityColumn:
        return SortKey{static_cast<quint64>(a.severity), 0};
    case StateColumn:
        return SortKey{static_cast<quint64>(a.state), 0};
    case RankColumn:
        return m_rankOfRow.at(row);
    case CountColumn:
        return SortKey{ordered(qint64(a.eventCount)), 0};
    case AgeColumn:
        return SortKey{~ordered(a.triggeredAt), 0};
    case AckByColumn:
        return SortKey{ordered(a.isOpen() && !a.acknowledgedAt ? a.ackBy : LLONG_MAX), 0};
    case ResolveByColumn:
        return SortKey{ordered(a.isOpen() ? a.resolveBy : LLONG_MAX), 0};
    case ActionableColumn:
        return SortKey{~ordered(double(scoreOf(a))), 0};
    case ImpactColumn:
        return SortKey{~ordered(impactOf(a)), 0};
    default:
        return std::nullopt;
    }
}

QVariant AlertTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole && section == ActionableColumn)
        return m_whyNoScore.isEmpty()
                   ? tr("The chance each alert is actionable (0–100), learned from how the "
                        "team's ended alerts turned out")
                   : m_whyNoScore;
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole && section == ImpactColumn)
        return m_whyNoScore.isEmpty()
                   ? tr("Actionable × revenue at stake: the customer's monthly revenue weighed "
                        "by the chance the alert is real. Sort by it to see first what is "
                        "both likely and costly; the order is remembered")
                   : m_whyNoScore;
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    static const char *const names[] = {
        QT_TR_NOOP("Severity"),   QT_TR_NOOP("State"),    QT_TR_NOOP("Title"),
        QT_TR_NOOP("Pipeline"),   QT_TR_NOOP("Customer"), QT_TR_NOOP("Rank"),
        QT_TR_NOOP("Events"),     QT_TR_NOOP("Age"),      QT_TR_NOOP("Ack by"),
        QT_TR_NOOP("Resolve by"), QT_TR_NOOP("Assignee"), QT_TR_NOOP("Actionable"),
        QT_TR_NOOP("Impact")};
    return section >= 0 && section < ColumnCount ? tr(names[section]) : QVariant();
}

} // namespace wk
