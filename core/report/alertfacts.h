#pragma once

#include "domain/alert.h"
#include "domain/workspace.h"

#include <QDateTime>
#include <QStringList>
#include <QTimeZone>

#include <vector>

namespace wk {

class OnCallSchedule;

// A page at this instant reaches someone in their night: 22:00 to 07:00 in their zone.
bool isNightIn(const QDateTime &at, const QTimeZone &zone);
// The same for an instant in a zone offsetSeconds ahead of UTC at that instant.
bool isNightAt(TimestampNs t, qint64 offsetSeconds);

// What the Insights charts need of one alert, in 80 bytes with ids interned, so that a
// million alerts aggregate in a few tens of milliseconds on every range change.
struct AlertFact
{
    qint64 id = 0;
    TimestampNs triggered = 0;
    TimestampNs acknowledged = 0; // 0: never
    TimestampNs resolved = 0;     // 0: not resolved (won't-fix counts as not resolved)
    TimestampNs ackBy = 0;
    TimestampNs resolveBy = 0;
    double revenue = 0;
    qint32 pipeline = -1; // index into AlertFacts::pipelines
    qint32 customer = -1; // index into AlertFacts::customers, -1 for none
    qint16 handler = -1;  // index into AlertFacts::people: first to acknowledge or resolve
    qint16 paged = -1;    // index into AlertFacts::people: who was on call when it rose
    Severity severity = Severity::Medium;
    bool night = false; // it paged someone between 22:00 and 07:00 in their time zone
    bool escalated = false;
    AlertOutcome::Kind outcome = AlertOutcome::Kind::Unknown; // how it ended, so far
    qint32 rule = -1;                                         // index into AlertFacts::rules
};

// The facts of many alerts, sorted by when they rose. Built once per set of alerts (the
// schedule lookup for who was paged is the costly part) and read by every aggregation.
struct AlertFacts
{
    QStringList pipelines;
    QStringList customers;
    QStringList people;
    QStringList rules;
    std::vector<AlertFact> rows;

    // schedule may be null: then nobody is known to have been paged.
    static AlertFacts build(const QList<Alert> &alerts, const Workspace &workspace,
                            const OnCallSchedule *schedule);
    // Takes in alerts that changed or are new since the build, without redoing the rest:
    // a live console changes a few alerts at a time among a history of many.
    void update(const QList<Alert> &changed, const Workspace &workspace,
                const OnCallSchedule *schedule);
    qint32 pipelineIndex(const QString &id) const
    {
        return static_cast<qint32>(pipelines.indexOf(id));
    }
};

} // namespace wk
