#include "workspace.h"

#include <algorithm>

namespace wk {

namespace {
template <typename T, typename Key>
const T *findBy(const QList<T> &list, Key key, const QString &value)
{
    auto it =
        std::find_if(list.cbegin(), list.cend(), [&](const T &item) { return item.*key == value; });
    return it == list.cend() ? nullptr : &*it;
}
} // namespace

const Person *Workspace::person(const QString &id) const
{
    return findBy(people, &Person::id, id);
}

QString Workspace::personName(const QString &id) const
{
    const Person *p = person(id);
    return p ? p->name : id;
}

const Pipeline *Workspace::pipeline(const QString &id) const
{
    return findBy(pipelines, &Pipeline::id, id);
}

const SlaPolicy *Workspace::slaPolicy(const QString &id) const
{
    return findBy(slaPolicies, &SlaPolicy::id, id);
}

const Customer *Workspace::customer(const QString &id) const
{
    return findBy(customers, &Customer::id, id);
}

const EscalationPolicy *Workspace::escalationPolicy(const QString &id) const
{
    return findBy(escalationPolicies, &EscalationPolicy::id, id);
}

QString Workspace::keychainEntry(const QString &personId, int index,
                                 const ContactMethod &method) const
{
    if (method.dryRun)
        return {}; // sends nothing, so needs no secret
    if (method.kind == ContactMethod::Kind::Email)
        return smtp.credential == QLatin1String("keychain") ? SmtpSettings::credentialKey()
                                                            : QString();
    return method.inKeychain() ? ContactMethod::credentialKey(personId, index) : QString();
}

const EscalationPolicy *Workspace::escalationFor(const QString &pipelineId) const
{
    const Pipeline *p = pipeline(pipelineId);
    if (!p)
        return nullptr;
    if (!p->escalation.isEmpty())
        return escalationPolicy(p->escalation);
    const SlaPolicy *sla = slaPolicy(p->slaPolicy);
    return sla && !sla->escalation.isEmpty() ? escalationPolicy(sla->escalation) : nullptr;
}

const Runbook *Workspace::runbook(const QString &pipelineId) const
{
    return findBy(runbooks, &Runbook::pipeline, pipelineId);
}

const DataSource *Workspace::source(const QString &id) const
{
    return findBy(sources, &DataSource::id, id);
}

bool Workspace::runsInWarehouse(const Rule &rule) const
{
    if (rule.kind != Rule::Kind::Burst && rule.kind != Rule::Kind::Volume &&
        rule.kind != Rule::Kind::Duplicates)
        return false;
    const DataSource *s = source(rule.source);
    return s && s->kind == DataSource::Kind::Sql;
}

} // namespace wk

namespace wk {

const Rotation *Workspace::rotation(const QString &id) const
{
    return findBy(rotations, &Rotation::id, id);
}

const Heartbeat *Workspace::heartbeat(const QString &id) const
{
    return findBy(heartbeats, &Heartbeat::id, id);
}

const Rotation *Workspace::rotationFor(const QString &pipelineId) const
{
    for (const Rotation &r : rotations) {
        if (r.pipelines.contains(pipelineId))
            return &r;
    }
    return nullptr;
}

QList<Holiday> Workspace::allHolidays() const
{
    QList<Holiday> out;
    for (const HolidayCalendar &c : holidays)
        out << c.days;
    std::sort(out.begin(), out.end(),
              [](const Holiday &a, const Holiday &b) { return a.date < b.date; });
    return out;
}

} // namespace wk
