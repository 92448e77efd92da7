#include "oncallschedule.h"

#include <QTimeZone>

#include <algorithm>

namespace wk {

OnCallSchedule::OnCallSchedule(const Workspace &workspace) : m_workspace(workspace)
{
    const QList<Holiday> holidays = workspace.allHolidays();
    for (const Rotation &r : workspace.rotations) {
        QList<TimeOff> away;
        for (const TimeOff &t : workspace.timeOff) {
            if (r.participants.contains(t.person))
                away << t;
        }
        m_planners.insert(r.id, std::make_shared<RotationPlanner>(r, holidays, away));
    }
    for (const TimeOff &t : workspace.timeOff)
        m_timeOffEdges.insert(m_timeOffEdges.end(), {t.start.toUTC(), t.end.toUTC()});
    std::sort(m_timeOffEdges.begin(), m_timeOffEdges.end());
}

void OnCallSchedule::setStoredOverrides(const QList<ScheduleOverride> &overrides)
{
    m_stored = overrides;
}

QList<ScheduleOverride> OnCallSchedule::overrides() const
{
    return m_workspace.overrides + m_stored;
}

const RotationPlanner *OnCallSchedule::planner(const QString &rotationId) const
{
    return m_planners.value(rotationId).get();
}

const QList<Shift> &OnCallSchedule::planned(const QString &rotationId, const QDateTime &until) const
{
    Cache &cache = m_cache[rotationId];
    if (!cache.until.isValid() || cache.until < until) {
        // Plan well past the instant asked for, so that a live console re-plans rarely.
        const QDateTime horizon = until.addDays(180);
        if (const RotationPlanner *p = planner(rotationId))
            cache.shifts = p->plan(horizon);
        cache.until = horizon;
    }
    return cache.shifts;
}

QList<Shift> OnCallSchedule::plannedShifts(const QString &rotationId, const QDateTime &from,
                                           const QDateTime &to) const
{
    QList<Shift> out;
    for (const Shift &s : planned(rotationId, to)) {
        if (s.end > from && s.start < to)
            out << s;
    }
    return out;
}

QList<Shift> OnCallSchedule::shifts(const QString &rotationId, const QDateTime &from,
                                    const QDateTime &to) const
{
    QList<ScheduleOverride> relevant;
    for (const ScheduleOverride &o : overrides()) {
        if (o.rotation == rotationId && o.end > from && o.start < to)
            relevant << o;
    }
    // Later overrides win where two overlap: a swap made after a cover replaces it.
    std::stable_sort(relevant.begin(), relevant.end(),
                     [](const ScheduleOverride &a, const ScheduleOverride &b) {
                         return a.createdAt < b.createdAt;
                     });
    QList<Shift> out;
    for (const Shift &s : plannedShifts(rotationId, from, to)) {
        // Cut the shift at every boundary of an override of its layer.
        QList<QDateTime> cuts{s.start, s.end};
        for (const ScheduleOverride &o : std::as_const(relevant)) {
            if (o.layer != s.layer || o.end <= s.start || o.start >= s.end)
                continue;
            cuts << std::max(o.start, s.start) << std::min(o.end, s.end);
        }
        std::sort(cuts.begin(), cuts.end());
        cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
        for (int i = 0; i + 1 < cuts.size(); ++i) {
            Shift piece = s;
            piece.start = cuts[i];
            piece.end = cuts[i + 1];
            for (const ScheduleOverride &o : std::as_const(relevant)) {
                if (o.layer == s.layer && o.start <= piece.start && piece.end <= o.end) {
                    piece.person = o.person;
                    piece.overrideId = o.id;
                    piece.note = o.reason;
                }
            }
            // Adjacent pieces with the same holder are one shift.
            if (!out.isEmpty() && out.last().end == piece.start && out.last().slot == piece.slot &&
                out.last().layer == piece.layer && out.last().person == piece.person &&
                out.last().overrideId == piece.overrideId)
                out.last().end = piece.end;
            else
                out << piece;
        }
    }
    std::stable_sort(out.begin(), out.end(), [](const Shift &a, const Shift &b) {
        return std::tie(a.start, a.layer) < std::tie(b.start, b.layer);
    });
    return out;
}

std::optional<Shift> OnCallSchedule::bothSeats(const ScheduleOverride &o) const
{
    auto isSeat = [](RotationLayer l) {
        return l == RotationLayer::Primary || l == RotationLayer::Secondary;
    };
    if (!isSeat(o.layer) || !o.start.isValid() || !o.end.isValid() || o.end <= o.start)
        return std::nullopt;
    for (const Shift &s : shifts(o.rotation, o.start, o.end)) {
        if (s.layer != o.layer && isSeat(s.layer) && s.person == o.person)
            return s;
    }
    return std::nullopt;
}

QString OnCallSchedule::bothSeatsProblem(const ScheduleOverride &o) const
{
    const std::optional<Shift> clash = bothSeats(o);
    if (!clash)
        return {};
    const Rotation *r = m_workspace.rotation(o.rotation);
    const QTimeZone zone(r ? r->timeZone.toUtf8() : QByteArray("UTC"));
    const QString format = QStringLiteral("ddd d MMM yyyy HH:mm");
    const Person *who = m_workspace.person(o.person);
    return QStringLiteral("%1 would hold both the primary and the secondary seat from %2 to %3 "
                          "(%4); choose someone who does not hold the %5 seat then")
        .arg(who ? who->name : o.person,
             std::max(clash->start, o.start).toTimeZone(zone).toString(format),
             std::min(clash->end, o.end).toTimeZone(zone).toString(format),
             QString::fromUtf8(zone.id()), rotationLayerName(clash->layer));
}

QString OnCallSchedule::reviewProblem(const ScheduleOverride &o) const
{
    if (o.covering.isEmpty() || !o.start.isValid() || !o.end.isValid() || o.end <= o.start)
        return {};
    QStringList now;
    for (const Shift &s : plannedShifts(o.rotation, o.start, o.end)) {
        if (s.layer == o.layer && s.person != o.covering && !now.contains(s.person))
            now << s.person;
    }
    if (now.isEmpty())
        return {};
    QStringList names;
    for (const QString &id : std::as_const(now))
        names << m_workspace.personName(id);
    const Rotation *r = m_workspace.rotation(o.rotation);
    const QTimeZone zone(r ? r->timeZone.toUtf8() : QByteArray("UTC"));
    const QString format = QStringLiteral("ddd d MMM HH:mm");
    return QStringLiteral("it was made to cover %1, but the plan now gives %2 – %3 to %4; "
                          "%5 still holds those hours, so check the change still makes sense")
        .arg(m_workspace.personName(o.covering), o.start.toTimeZone(zone).toString(format),
             o.end.toTimeZone(zone).toString(format), names.join(QStringLiteral(" and ")),
             m_workspace.personName(o.person));
}

const TimeOff *OnCallSchedule::timeOffAt(const QString &person, const QDateTime &at) const
{
    for (const TimeOff &t : m_workspace.timeOff) {
        if (t.person == person && t.covers(at))
            return &t;
    }
    return nullptr;
}

OnCallAnswer OnCallSchedule::onCall(const QString &pipelineId, const QDateTime &at) const
{
    const Rotation *r = m_workspace.rotationFor(pipelineId);
    return r ? onCallFor(r->id, at) : OnCallAnswer{};
}

QString OnCallSchedule::answering(const QString &pipelineId, RotationLayer layer,
                                  const QDateTime &at, QString *why) const
{
    const OnCallAnswer answer = onCall(pipelineId, at);
    QString person = layer == RotationLayer::Primary ? answer.primary : answer.secondary;
    if (answer.covered && !person.isEmpty()) {
        if (why)
            *why = layer == RotationLayer::Primary ? QStringLiteral("on call")
                                                   : QStringLiteral("the on-call secondary");
        return person;
    }
    // No rotation, or outside its working hours: the pipeline's owners answer.
    if (why)
        *why = layer == RotationLayer::Primary ? QStringLiteral("the owner")
                                               : QStringLiteral("the secondary owner");
    const Pipeline *p = m_workspace.pipeline(pipelineId);
    if (!p)
        return {};
    return layer == RotationLayer::Primary ? p->primaryOwner : p->secondaryOwner;
}

QDateTime OnCallSchedule::answerHoldsUntil(const QString &pipelineId, const QDateTime &at) const
{
    const Rotation *r = m_workspace.rotationFor(pipelineId);
    const RotationPlanner *p = r ? planner(r->id) : nullptr;
    if (!r || !p)
        return {}; // the owners answer, always
    const QDateTime t = at.toUTC();
    // A week at most: no span is looked at further than that, so the search stays short.
    QDateTime until = t.addDays(7);
    // Pieces of shifts are cut at every override's edges, so their edges are the holders'.
    // (A shift in the window comes with all its pieces, some of them over before t.)
    for (const Shift &s : shifts(r->id, t, until)) {
        if (s.end > t)
            until = std::min(until, s.start > t ? s.start : s.end);
    }
    // Anyone's absence may move a seat to a cover: the next edge of any of them.
    const auto edge = std::upper_bound(m_timeOffEdges.begin(), m_timeOffEdges.end(), t);
    if (edge != m_timeOffEdges.end())
        until = std::min(until, *edge);
    if (r->workingHours) {
        // Inside or outside the hours changes at their edges and, with the weekday, at
        // midnight in the rotation's zone. Up to the zone's next transition its offset holds,
        // so the wall clock is the instant plus that offset: edges found that way are exact
        // even on a day an hour is skipped or repeated, and the transition ends the span.
        const QTimeZone zone = p->zone();
        const QDateTime transition = zone.nextTransition(t).atUtc;
        if (transition.isValid() && transition > t)
            until = std::min(until, transition);
        const int offset = zone.offsetFromUtc(t);
        const QDate day = t.addSecs(offset).date(); // still labelled UTC: the wall clock
        for (const QDateTime &wall : {QDateTime(day, r->workingHours->from, QTimeZone::utc()),
                                      QDateTime(day, r->workingHours->to, QTimeZone::utc()),
                                      QDateTime(day.addDays(1), QTime(0, 0), QTimeZone::utc())}) {
            const QDateTime e = wall.addSecs(-offset);
            if (e > t)
                until = std::min(until, e);
        }
    }
    return until;
}

OnCallAnswer OnCallSchedule::onCallFor(const QString &rotationId, const QDateTime &at) const
{
    OnCallAnswer answer;
    const Rotation *r = m_workspace.rotation(rotationId);
    const RotationPlanner *p = planner(rotationId);
    if (!r || !p)
        return answer;
    answer.rotation = rotationId;
    const QDateTime t = at.toUTC();
    QStringList notes;
    for (const Shift &s : shifts(rotationId, t, t.addSecs(1))) {
        if (!s.covers(t))
            continue;
        QString &seat = s.layer == RotationLayer::Primary     ? answer.primary
                        : s.layer == RotationLayer::Secondary ? answer.secondary
                                                              : answer.monthEnd;
        seat = s.person;
        if (s.isOverride()) {
            const Person *who = m_workspace.person(s.person);
            notes << QStringLiteral("%1 holds the %2 seat by override%3")
                         .arg(who ? who->name : s.person, rotationLayerName(s.layer),
                              s.note.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(s.note));
        }
    }
    if (answer.primary.isEmpty())
        return answer; // before the first turn

    // Someone away keeps the turn; others cover the hours they are away.
    auto name = [&](const QString &id) {
        const Person *who = m_workspace.person(id);
        return who ? who->name : id;
    };
    auto nextFree = [&](const QStringList &taken) {
        for (const QString &c : r->participants) {
            if (!taken.contains(c) && !timeOffAt(c, t))
                return c;
        }
        return QString();
    };
    if (timeOffAt(answer.primary, t)) {
        const QString away = answer.primary;
        const QString cover = !answer.secondary.isEmpty() && !timeOffAt(answer.secondary, t)
                                  ? answer.secondary
                                  : nextFree({away, answer.secondary});
        if (!cover.isEmpty()) {
            notes << QStringLiteral("%1 covers for %2, who is away").arg(name(cover), name(away));
            answer.primary = cover;
            if (answer.secondary == cover)
                answer.secondary = nextFree({away, cover});
        }
    }
    if (!answer.secondary.isEmpty() && timeOffAt(answer.secondary, t)) {
        const QString away = answer.secondary;
        const QString cover = nextFree({answer.primary, away});
        if (!cover.isEmpty()) {
            notes << QStringLiteral("%1 covers the secondary seat for %2, who is away")
                         .arg(name(cover), name(away));
            answer.secondary = cover;
        }
    }

    answer.covered = true;
    if (r->workingHours) {
        const QDateTime local = t.toTimeZone(p->zone());
        const WorkingHours &w = *r->workingHours;
        answer.covered = w.weekdays.contains(local.date().dayOfWeek()) && local.time() >= w.from &&
                         local.time() < w.to;
        if (!answer.covered)
            notes << QStringLiteral("outside the rotation's working hours");
    }
    answer.note = notes.join(QStringLiteral("; "));
    return answer;
}

} // namespace wk
