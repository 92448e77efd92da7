#include "sourcehealthmodel.h"
#include "severitystyle.h"

#include "domain/duration.h"

#include <QBrush>
#include <QColor>

namespace wk {

SourceHealthModel::SourceHealthModel(QObject *parent) : HealthTableModel(parent) {}

void SourceHealthModel::setHealth(const QList<SourceHealth> &health, TimestampNs now)
{
    m_now = now;
    replace(health);
}

int SourceHealthModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString SourceHealthModel::age(TimestampNs at) const
{
    if (at == 0)
        return tr("never");
    const qint64 nanos = std::max<qint64>(0, m_now - at);
    return nanos < nanosPerSecond ? tr("just now") : tr("%1 ago").arg(formatCountdown(nanos));
}

QVariant SourceHealthModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_health.size())
        return {};
    const SourceHealth &h = m_health.at(index.row());
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Source:
            return h.id;
        case Kind:
            return h.kind;
        case Status:
            if (h.failing())
                return tr("Failing for %1")
                    .arg(formatCountdown(std::max<qint64>(0, m_now - h.failingSince)));
            if (!h.status.isEmpty())
                return h.status;
            return h.lastSuccess == 0 ? tr("Not read yet") : tr("OK");
        case LastSuccess:
            return age(h.lastSuccess);
        case Lag:
            return h.newestData == 0 ? QStringLiteral("—") : age(h.newestData).remove(tr(" ago"));
        case Delivered:
            return h.delivered;
        case Where:
            return h.where;
        case Details:
            return h.failing() ? h.error : h.note;
        }
    }
    if (role == Qt::ToolTipRole && (index.column() == Details || index.column() == Status))
        return h.failing() ? h.error : h.note;
    if (role == Qt::ToolTipRole && index.column() == Where)
        return h.where;
    if (role == Qt::ForegroundRole && (h.failing() || h.alarming) &&
        (index.column() == Status || index.column() == Details))
        return QBrush(SeverityStyle::colour(Severity::Critical));
    if (role == Qt::TextAlignmentRole && index.column() == Delivered)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant SourceHealthModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Source:
        return tr("Source");
    case Kind:
        return tr("Kind");
    case Status:
        return tr("Status");
    case LastSuccess:
        return tr("Last success");
    case Lag:
        return tr("Lag");
    case Delivered:
        return tr("Delivered");
    case Where:
        return tr("Reads");
    case Details:
        return tr("Details");
    }
    return {};
}

} // namespace wk
