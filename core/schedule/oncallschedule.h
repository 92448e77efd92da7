#pragma once

#include "domain/workspace.h"
#include "rotationplanner.h"
#include "shift.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

namespace wk {

// Who answers for a pipeline at one instant.
struct OnCallAnswer
{
    QString rotation; // empty: no rotation answers for the pipeline
    QString primary;
    QString secondary;
    QString monthEnd;
    bool covered = false; // false outside the rotation's working hours
    QString note;         // covers and overrides in force, for people to read
};

// The schedule of every rotation of a workspace with its overrides and time off: answers
// "who is on call" at any instant, and lists shifts for calendars and exports. Plans are
// computed on demand and cached, so one instance belongs to one thread.
class OnCallSchedule
{
public:
    OnCallSchedule() = default;
    explicit OnCallSchedule(const Workspace &workspace);

    const Workspace &workspace() const { return m_workspace; }
    // Overrides made in the console (stored), added to those the workspace lists.
    void setStoredOverrides(const QList<ScheduleOverride> &overrides);
    QList<ScheduleOverride> overrides() const;
    const QList<ScheduleOverride> &storedOverrides() const { return m_stored; }

    OnCallAnswer onCall(const QString &pipelineId, const QDateTime &at) const;
    // Who is paged for the pipeline at `at` in that seat: the rotation's holder inside its
    // covered hours, else the pipeline's primary or secondary owner. *why says which.
    QString answering(const QString &pipelineId, RotationLayer layer, const QDateTime &at,
                      QString *why = nullptr) const;
    // An instant until which answering() for the pipeline gives the same answer as at `at`,
    // in every seat: the next shift or override edge, absence starting or ending, or
    // working-hours edge, whichever comes first. Invalid when the answer never changes (no
    // rotation answers for the pipeline). Reports look up who was on call once per such
    // span instead of once per alert.
    QDateTime answerHoldsUntil(const QString &pipelineId, const QDateTime &at) const;
    OnCallAnswer onCallFor(const QString &rotationId, const QDateTime &at) const;
    // The planner's shifts overlapping [from, to), before overrides.
    QList<Shift> plannedShifts(const QString &rotationId, const QDateTime &from,
                               const QDateTime &to) const;
    // What will happen: planned shifts with overrides cut into them, sorted by start.
    QList<Shift> shifts(const QString &rotationId, const QDateTime &from,
                        const QDateTime &to) const;
    // The person's absence at t, if any.
    const TimeOff *timeOffAt(const QString &person, const QDateTime &at) const;
    const RotationPlanner *planner(const QString &rotationId) const;
    // Where the override, as part of this schedule, would leave its person holding the
    // primary and the secondary seat at once: the first such stretch of the other seat.
    // Nobody can answer and escalate to themselves, so such an override is refused.
    std::optional<Shift> bothSeats(const ScheduleOverride &o) const;
    // A sentence for people saying why bothSeats() refuses o, in the rotation's zone.
    QString bothSeatsProblem(const ScheduleOverride &o) const;
    // Why o needs a look after a re-plan, or empty: the plan now gives some of its hours
    // to someone other than the person it was made to cover (o.covering), so the swap or
    // cover no longer relieves who it was meant to. o keeps its hours either way.
    QString reviewProblem(const ScheduleOverride &o) const;

private:
    const QList<Shift> &planned(const QString &rotationId, const QDateTime &until) const;

    Workspace m_workspace;
    QList<ScheduleOverride> m_stored;
    QHash<QString, std::shared_ptr<RotationPlanner>> m_planners;
    struct Cache
    {
        QDateTime until;
        QList<Shift> shifts;
    };
    mutable QHash<QString, Cache> m_cache;
    std::vector<QDateTime> m_timeOffEdges; // every absence's start and end, sorted
};

} // namespace wk
