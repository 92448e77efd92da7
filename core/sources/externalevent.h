#pragma once

#include "domain/severity.h"
#include "domain/timestamp.h"

#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace wk {

// An alert raised, acknowledged or resolved by another tool (Alertmanager, anything that
// speaks the PagerDuty Events API). The tool's own key keeps one alert per problem.
struct ExternalEvent
{
    enum class Action { Trigger, Acknowledge, Resolve };

    QString origin; // "alertmanager", "pagerduty": the rule id of the alert it becomes
    QString key;    // the tool's fingerprint or dedup key
    Action action = Action::Trigger;
    Severity severity = Severity::Medium;
    // Names the tool gave that may be a workspace pipeline, most specific first.
    QStringList pipelineHints;
    QString customer; // a workspace customer id, when the tool labels one
    QString title;
    QString evidence;
    QString actor;      // who acknowledged or resolved it in the tool, when known
    TimestampNs at = 0; // when the tool saw it, if it says
    QString note;       // why a resolve resolves, in words; empty: "resolved in <origin>"

    bool operator==(const ExternalEvent &) const = default;
};

} // namespace wk

Q_DECLARE_METATYPE(wk::ExternalEvent)
