#pragma once

#include "customer.h"
#include "datasource.h"
#include "escalationpolicy.h"
#include "heartbeat.h"
#include "holiday.h"
#include "outcomesettings.h"
#include "person.h"
#include "pipeline.h"
#include "receiversettings.h"
#include "rotation.h"
#include "rule.h"
#include "runbook.h"
#include "scheduleoverride.h"
#include "slapolicy.h"
#include "smtpsettings.h"
#include "team.h"
#include "timeoff.h"

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
    // When set, the customers come from this query; the list above holds the last answer.
    CustomerQuery customerQuery;
    QList<DataSource> sources;
    QList<Pipeline> pipelines;
    QList<Runbook> runbooks;
    QList<Rule> rules;
    QList<Rotation> rotations;
    QList<HolidayCalendar> holidays;
    QList<TimeOff> timeOff;
    QList<ScheduleOverride> overrides;
    ReceiverSettings receiver;
    SmtpSettings smtp;
    QList<EscalationPolicy> escalationPolicies;
    QList<Heartbeat> heartbeats;
    OutcomeSettings outcomes;

    const Person *person(const QString &id) const;
    // The person's name for sentences, or the id itself when nobody has it.
    QString personName(const QString &id) const;
    const Pipeline *pipeline(const QString &id) const;
    const SlaPolicy *slaPolicy(const QString &id) const;
    const Customer *customer(const QString &id) const;
    const EscalationPolicy *escalationPolicy(const QString &id) const;
    // The policy a pipeline's alerts follow: its own, else its SLA policy's; null for the
    // default (page the assignee, and whoever the alert escalates to).
    const EscalationPolicy *escalationFor(const QString &pipelineId) const;
    // The keychain entry holding the secret a person's method is sent with (the mail
    // password for email, the method's own entry otherwise); empty when it needs none.
    // index: the method's position in the person's contacts, -1 for their own email.
    QString keychainEntry(const QString &personId, int index, const ContactMethod &method) const;
    const Runbook *runbook(const QString &pipelineId) const;
    const DataSource *source(const QString &id) const;
    // Whether the rule runs where its events are: a burst, volume or duplicates rule on an
    // sql source is evaluated as SQL in that database, not by the console's engine.
    bool runsInWarehouse(const Rule &rule) const;
    const Rotation *rotation(const QString &id) const;
    const Heartbeat *heartbeat(const QString &id) const;
    // The rotation that answers for a pipeline, if any.
    const Rotation *rotationFor(const QString &pipelineId) const;
    // Every public holiday of every calendar, by date.
    QList<Holiday> allHolidays() const;

    bool operator==(const Workspace &) const = default;
};

} // namespace wk
