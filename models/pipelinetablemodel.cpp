#include "pipelinetablemodel.h"

#include "domain/duration.h"

#include <QBrush>
#include <QColor>

namespace wk {

PipelineTableModel::PipelineTableModel(QObject *parent) : QAbstractTableModel(parent) {}

void PipelineTableModel::setWorkspace(const Workspace &workspace)
{
    // A new workspace replaces every row and every lookup at once: a reset is the honest signal.
    beginResetModel();
    m_workspace = workspace;
    m_downstream.clear();
    for (const Pipeline &p : workspace.pipelines) {
        for (const QString &up : p.upstream)
            m_downstream[up] << p.id;
    }
    endResetModel();
}

void PipelineTableModel::setFreshness(const QHash<QString, TimestampNs> &newestBySource,
                                      TimestampNs now)
{
    m_newest = newestBySource;
    m_now = now;
    if (rowCount() > 0)
        emit dataChanged(index(0, Freshness), index(rowCount() - 1, Freshness));
}

void PipelineTableModel::setOpenAlerts(const QHash<QString, int> &openByPipeline)
{
    if (openByPipeline == m_open)
        return;
    m_open = openByPipeline;
    if (rowCount() > 0)
        emit dataChanged(index(0, OpenAlerts), index(rowCount() - 1, OpenAlerts));
}

std::optional<qint64> PipelineTableModel::ageSeconds(const Pipeline &p) const
{
    const auto it = m_newest.constFind(p.source);
    if (p.source.isEmpty() || it == m_newest.constEnd())
        return std::nullopt;
    return (m_now - *it) / nanosPerSecond;
}

int PipelineTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_workspace.pipelines.size());
}

int PipelineTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

void PipelineTableModel::setDbtModels(const QHash<QString, dbt::Node> &byPipeline)
{
    if (byPipeline == m_dbt)
        return; // the manifest rarely changes; the status arrives every second
    m_dbt = byPipeline;
    if (rowCount() > 0)
        emit dataChanged(index(0, Name), index(rowCount() - 1, Name), {Qt::ToolTipRole});
}

QString PipelineTableModel::personName(const QString &id) const
{
    const Person *p = m_workspace.person(id);
    return p ? p->name : id;
}

QVariant PipelineTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Pipeline &p = m_workspace.pipelines.at(index.row());
    if (role == PipelineIdRole)
        return p.id;
    if (role == Qt::ToolTipRole && index.column() == Escalation) {
        const EscalationPolicy *policy = m_workspace.escalationFor(p.id);
        if (!policy)
            return tr("No escalation policy: the alert goes to whoever is on call, and to the "
                      "secondary owner when nobody acknowledges it by its deadline.");
        return escalationSteps(*policy).join(QLatin1Char('\n'));
    }
    if (role == Qt::ToolTipRole && index.column() == Name) {
        const auto model = m_dbt.constFind(p.id);
        if (model == m_dbt.constEnd())
            return p.description;
        // The workspace's own words first; dbt's fill in what the workspace leaves out.
        QStringList lines;
        lines << (p.description.isEmpty() ? model->description : p.description);
        lines << tr("dbt model %1").arg(model->uniqueId);
        if (!model->owner.isEmpty())
            lines << tr("dbt owner: %1").arg(model->owner);
        if (!p.description.isEmpty() && !model->description.isEmpty() &&
            model->description != p.description)
            lines << tr("dbt: %1").arg(model->description);
        lines.removeAll(QString());
        return lines.join(QLatin1Char('\n'));
    }
    if (role == Qt::ForegroundRole && index.column() == Freshness) {
        // Green within the SLA's limit, amber past three quarters of it, red beyond.
        const SlaPolicy *policy = m_workspace.slaPolicy(p.slaPolicy);
        const auto age = ageSeconds(p);
        if (!age || !policy || !policy->freshnessMaxAgeSeconds)
            return {};
        const qint64 limit = *policy->freshnessMaxAgeSeconds;
        return QBrush(*age > limit           ? QColor(0xd6, 0x3c, 0x3c)
                      : *age * 4 > limit * 3 ? QColor(0xe0, 0x8a, 0x1e)
                                             : QColor(0x2e, 0x9e, 0x5b));
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Name:
        return p.name;
    case Criticality:
        return severityName(p.criticality);
    case Audience:
        return p.audience;
    case PrimaryOwner:
        return personName(p.primaryOwner);
    case SecondaryOwner:
        return personName(p.secondaryOwner);
    case Sla: {
        const SlaPolicy *policy = m_workspace.slaPolicy(p.slaPolicy);
        if (!policy)
            return QString();
        QStringList parts;
        if (policy->freshnessMaxAgeSeconds)
            parts << tr("fresh within %1").arg(formatDuration(*policy->freshnessMaxAgeSeconds));
        if (policy->availabilityPercent)
            parts << tr("%1 % up").arg(*policy->availabilityPercent);
        return parts.isEmpty() ? policy->id : parts.join(QStringLiteral(", "));
    }
    case Escalation: {
        const EscalationPolicy *policy = m_workspace.escalationFor(p.id);
        if (!policy)
            return tr("secondary owner at the ack deadline");
        const QString name = policy->name.isEmpty() ? policy->id : policy->name;
        const QString steps =
            policy->steps.size() == 1 ? tr("1 step") : tr("%1 steps").arg(policy->steps.size());
        return policy->repeat > 0 ? tr("%1: %2, repeated %3×").arg(name, steps).arg(policy->repeat)
                                  : tr("%1: %2").arg(name, steps);
    }
    case Upstream:
        return p.upstream.join(QStringLiteral(", "));
    case Downstream:
        return m_downstream.value(p.id).join(QStringLiteral(", "));
    case OpenAlerts:
        return m_open.value(p.id, 0);
    case Freshness: {
        const auto age = ageSeconds(p);
        if (!age)
            return p.source.isEmpty() ? tr("no source") : tr("no data yet");
        const qint64 a = std::max<qint64>(0, *age);
        if (a < 120)
            return tr("newest data %1 s ago").arg(a);
        if (a < 7200)
            return tr("newest data %1 min ago").arg(a / 60);
        if (a < 3 * 86400)
            return tr("newest data %1 h ago").arg(a / 3600);
        return tr("newest data %1 days ago").arg(a / 86400);
    }
    }
    return {};
}

QStringList PipelineTableModel::escalationSteps(const EscalationPolicy &policy) const
{
    QStringList lines;
    for (const EscalationStep &s : policy.steps) {
        QString who;
        switch (s.target) {
        case EscalationStep::Target::Primary:
            who = tr("the primary on call");
            break;
        case EscalationStep::Target::Secondary:
            who = tr("the secondary on call");
            break;
        case EscalationStep::Target::People: {
            QStringList names;
            for (const QString &id : s.people)
                names << personName(id);
            who = names.join(QStringLiteral(", "));
            break;
        }
        case EscalationStep::Target::Team:
            who = tr("team %1").arg(s.team);
            break;
        }
        const QString when =
            s.afterShare         ? tr("after %1 % of the response time").arg(*s.afterShare * 100)
            : s.afterSeconds > 0 ? tr("after %1").arg(formatDuration(s.afterSeconds))
                                 : tr("at once");
        lines << tr("%1. %2, %3%4")
                     .arg(lines.size() + 1)
                     .arg(who, when, s.workingHoursOnly ? tr(", in working hours") : QString());
    }
    return lines;
}

QVariant PipelineTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Name:
        return tr("Pipeline");
    case Criticality:
        return tr("Criticality");
    case Audience:
        return tr("Audience");
    case PrimaryOwner:
        return tr("Primary owner");
    case SecondaryOwner:
        return tr("Secondary owner");
    case Sla:
        return tr("SLA");
    case Escalation:
        return tr("Escalation");
    case Upstream:
        return tr("Upstream");
    case Downstream:
        return tr("Downstream");
    case OpenAlerts:
        return tr("Open alerts");
    case Freshness:
        return tr("Freshness");
    }
    return {};
}

} // namespace wk
