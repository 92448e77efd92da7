#include "channelhealthmodel.h"
#include "severitystyle.h"

#include "domain/duration.h"

#include <QBrush>
#include <QColor>

namespace wk {

ChannelHealthModel::ChannelHealthModel(QObject *parent) : HealthTableModel(parent) {}

void ChannelHealthModel::setWorkspace(const Workspace &workspace)
{
    beginResetModel();
    m_workspace = workspace;
    m_health.clear();
    endResetModel();
}

void ChannelHealthModel::setHealth(const QList<ChannelHealth> &health, TimestampNs now)
{
    m_now = now;
    replace(health);
}

int ChannelHealthModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString ChannelHealthModel::statusText(const ChannelHealth &h) const
{
    switch (h.status) {
    case ChannelHealth::Status::Unused:
        return h.dryRun ? tr("Dry run, unused") : tr("Unused today");
    case ChannelHealth::Status::Working:
        return h.dryRun ? tr("Dry run") : tr("OK");
    case ChannelHealth::Status::Retrying:
        return tr("Retrying");
    case ChannelHealth::Status::Failing:
        return tr("Failing");
    case ChannelHealth::Status::Local:
        return tr("On this screen");
    }
    return {};
}

QVariant ChannelHealthModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_health.size())
        return {};
    const ChannelHealth &h = m_health.at(index.row());
    const bool trouble =
        h.status == ChannelHealth::Status::Failing || h.status == ChannelHealth::Status::Retrying;
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Person: {
            const wk::Person *p = m_workspace.person(h.person);
            return p ? p->name : h.person;
        }
        case Method: {
            // A column of names: "Email" like "Slack", though a sentence says "email".
            QString label = h.kind;
            if (const auto kind = contactKindFromName(h.kind))
                label = contactKindLabel(*kind);
            if (!label.isEmpty())
                label[0] = label.at(0).toUpper();
            return label;
        }
        case Status:
            return statusText(h);
        case Sent:
            return h.sent;
        case Failed:
            return h.failed;
        case LastSent:
            if (h.lastSent == 0)
                return QStringLiteral("—");
            return m_now - h.lastSent < nanosPerSecond
                       ? tr("just now")
                       : tr("%1 ago").arg(formatCountdown(std::max<qint64>(0, m_now - h.lastSent)));
        case Target:
            if (h.status == ChannelHealth::Status::Local)
                return tr("this console");
            return h.target.isEmpty() ? tr("(in the keychain)") : h.target;
        case Answer:
            return h.lastResult;
        }
    }
    if (role == Qt::ToolTipRole && (index.column() == Answer || index.column() == Status))
        return h.lastResult;
    if (role == Qt::ToolTipRole && index.column() == Target)
        return h.target;
    if (role == Qt::ForegroundRole && trouble &&
        (index.column() == Status || index.column() == Answer))
        return QBrush(SeverityStyle::colour(Severity::Critical));
    if (role == Qt::TextAlignmentRole && (index.column() == Sent || index.column() == Failed))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant ChannelHealthModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Person:
        return tr("Person");
    case Method:
        return tr("Method");
    case Status:
        return tr("Status");
    case Sent:
        return tr("Sent (24 h)");
    case Failed:
        return tr("Gave up");
    case LastSent:
        return tr("Last sent");
    case Target:
        return tr("Sends to");
    case Answer:
        return tr("Last answer");
    }
    return {};
}

} // namespace wk
