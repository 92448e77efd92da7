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

const Pipeline *Workspace::pipeline(const QString &id) const
{
    return findBy(pipelines, &Pipeline::id, id);
}

const SlaPolicy *Workspace::slaPolicy(const QString &id) const
{
    return findBy(slaPolicies, &SlaPolicy::id, id);
}

const Runbook *Workspace::runbook(const QString &pipelineId) const
{
    return findBy(runbooks, &Runbook::pipeline, pipelineId);
}

const DataSource *Workspace::source(const QString &id) const
{
    return findBy(sources, &DataSource::id, id);
}

} // namespace wk
