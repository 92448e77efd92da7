#pragma once

#include "customer.h"
#include "datasource.h"
#include "person.h"
#include "pipeline.h"
#include "rule.h"
#include "runbook.h"
#include "slapolicy.h"
#include "team.h"

#include <QList>
#include <QString>

namespace wk {

// Everything a team describes about itself: the contents of one workspace file.
struct Workspace
{
    QString name;
    QList<Person> people;
    QList<Team> teams;
    QList<SlaPolicy> slaPolicies;
    QList<Customer> customers;
    QList<DataSource> sources;
    QList<Pipeline> pipelines;
    QList<Runbook> runbooks;
    QList<Rule> rules;

    const Person *person(const QString &id) const;
    const Pipeline *pipeline(const QString &id) const;
    const SlaPolicy *slaPolicy(const QString &id) const;
    const Runbook *runbook(const QString &pipelineId) const;
    const DataSource *source(const QString &id) const;

    bool operator==(const Workspace &) const = default;
};

} // namespace wk
