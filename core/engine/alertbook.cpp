#include "alertbook.h"

#include "domain/clock.h"
#include "domain/duration.h"

#include <QDateTime>

namespace wk {

namespace {

// The targets of DESIGN.md, used when a pipeline has no SLA policy of its own.
SeverityTarget defaultTarget(Severity s)
{
    switch (s) {
    case Severity::Critical:
        return {s, 30 * 60, 4 * 3600};
    case Severity::High:
        return {s, 2 * 3600, 12 * 3600};
    case Severity::Medium:
        return {s, 6 * 3600, 24 * 3600};
    }
    return {s, 6 * 3600, 24 * 3600};
}

QString timeText(TimestampNs t)
{
    return QString::fromStdString(formatTimestamp(t));
}

} // namespace

AlertBook::AlertBook(const Workspace &workspace, const Clock &clock)
    : m_workspace(workspace), m_clock(clock), m_schedule(workspace)
{}

void AlertBook::setStoredOverrides(const QList<ScheduleOverride> &overrides)
{
    m_schedule.setStoredOverrides(overrides);
}

SeverityTarget AlertBook::targetFor(const QString &pipelineId, Severity severity) const
{
    if (const Pipeline *p = m_workspace.pipeline(pipelineId)) {
        if (const SlaPolicy *policy = m_workspace.slaPolicy(p->slaPolicy)) {
            if (const auto t = policy->target(severity))
                return *t;
        }
    }
    return defaultTarget(severity);
}

QString AlertBook::personName(const QString &id) const
{
    if (id.isEmpty())
        return QStringLiteral("nobody (unassigned)");
    const Person *p = m_workspace.person(id);
    return p ? p->name : id;
}

void AlertBook::record(Alert &a, const QString &actor, const QString &action, const QString &detail)
{
    const TimestampNs now = m_clock.now();
    a.timeline.append({now, actor, action, detail});
    a.updatedAt = now;
    m_changed.insert(a.id);
    // Every change of state is recorded, right after it is made: the one place to count.
    if (a.isOpen())
        m_open.insert(a.id);
    else
        m_open.remove(a.id);
}

qint64 AlertBook::fire(const AlertCondition &c)
{
    const QString key = c.dedupKey();
    if (const auto it = m_openByKey.constFind(key); it != m_openByKey.constEnd()) {
        Alert &a = m_alerts.at(*it);
        if (c.count != a.eventCount) {
            record(a, QStringLiteral("engine"), QStringLiteral("updated"),
                   QStringLiteral("count %1 → %2").arg(a.eventCount).arg(c.count));
            a.eventCount = c.count;
        }
        if (c.restates && c.title != a.title) {
            record(a, c.ruleId, QStringLiteral("updated"),
                   QStringLiteral("title '%1' → '%2'").arg(a.title, c.title));
            a.title = c.title;
        }
        // A problem that got worse (a freshness warning turning into an error) takes the
        // tighter clocks of its new severity, counted from now.
        if (static_cast<int>(c.severity) < static_cast<int>(a.severity)) {
            const TimestampNs now = m_clock.now();
            const SeverityTarget t = targetFor(a.pipelineId, c.severity);
            record(
                a, QStringLiteral("engine"), QStringLiteral("severity raised"),
                QStringLiteral("%1 → %2").arg(severityName(a.severity), severityName(c.severity)));
            a.severity = c.severity;
            a.title = c.title;
            a.ackBy = std::min(a.ackBy, now + t.responseSeconds * nanosPerSecond);
            a.resolveBy = std::min(a.resolveBy, now + t.resolutionSeconds * nanosPerSecond);
        }
        if (c.restates && static_cast<int>(c.severity) > static_cast<int>(a.severity)) {
            // Lowered by the sender: the clocks already running stay as they are.
            record(
                a, c.ruleId, QStringLiteral("severity lowered"),
                QStringLiteral("%1 → %2").arg(severityName(a.severity), severityName(c.severity)));
            a.severity = c.severity;
        }
        if (c.evidence != a.evidence) {
            a.evidence = c.evidence;
            m_changed.insert(a.id);
        }
        return a.id;
    }

    const TimestampNs now = m_clock.now();
    Alert a;
    a.id = m_nextId++;
    a.dedupKey = key;
    a.ruleId = c.ruleId;
    a.ruleKind = c.ruleKind;
    a.pipelineId = c.pipelineId;
    a.subject = c.subject;
    a.title = c.title;
    a.evidence = c.evidence;
    a.severity = c.severity;
    a.customerId = c.customerId;
    a.revenue = c.revenue;
    a.eventCount = c.count;
    a.triggeredAt = now;
    const SeverityTarget target = targetFor(c.pipelineId, c.severity);
    a.ackBy = now + target.responseSeconds * nanosPerSecond;
    a.resolveBy = now + target.resolutionSeconds * nanosPerSecond;
    QString role;
    a.assignee = m_schedule.answering(c.pipelineId, RotationLayer::Primary,
                                      toDateTime(m_clock.now()), &role);
    // An alert of no pipeline (a failing source, an external alert of unknown labels) goes
    // to whoever is on call first in the workspace, rather than to nobody.
    if (a.assignee.isEmpty() && !m_workspace.rotations.isEmpty()) {
        const Rotation &first = m_workspace.rotations.first();
        a.assignee = m_schedule.onCallFor(first.id, toDateTime(now)).primary;
        role = QStringLiteral("on call for %1; no pipeline names an owner").arg(first.name);
    }
    if (a.assignee.isEmpty())
        role = QStringLiteral("no pipeline names an owner and nobody is on call");
    auto &stored = m_alerts.emplace(a.id, std::move(a)).first->second;
    record(stored, QStringLiteral("engine"), QStringLiteral("triggered"),
           QStringLiteral("%1; assigned to %2 (%3); acknowledge within %4, resolve within %5")
               .arg(stored.title, personName(stored.assignee), role,
                    formatDuration(target.responseSeconds),
                    formatDuration(target.resolutionSeconds)));
    m_openByKey.insert(key, stored.id);
    m_keysOfRule[stored.ruleId].insert(key);
    if (stored.ruleKind == QLatin1String("freshness"))
        m_freshness.insert(stored.id);
    applySilences(stored);
    applyInhibition();
    return stored.id;
}

void AlertBook::clear(const QString &dedupKey, const QString &actor, const QString &why)
{
    const auto it = m_openByKey.find(dedupKey);
    if (it == m_openByKey.end())
        return;
    Alert &a = m_alerts.at(*it);
    m_openByKey.erase(it);
    m_keysOfRule[a.ruleId].remove(dedupKey);
    a.conditionActive = false;
    m_changed.insert(a.id);
    if (a.isOpen()) {
        a.state = AlertState::Resolved;
        a.resolvedAt = m_clock.now();
        record(a, actor, QStringLiteral("resolved"), why);
        applyInhibition();
    }
}

void AlertBook::clearRuleExcept(const QString &ruleId, const QSet<QString> &stillActive)
{
    // Only the rule's own keys are looked at: the source rule and dbt projects ask every
    // second, and that must not cost more as other rules' alerts pile up.
    QStringList gone;
    for (const QString &key : m_keysOfRule.value(ruleId))
        if (!stillActive.contains(key))
            gone << key;
    for (const QString &key : std::as_const(gone))
        clear(key);
}

Alert *AlertBook::find(qint64 id, QString *error)
{
    const auto it = m_alerts.find(id);
    if (it == m_alerts.end()) {
        if (error)
            *error = QStringLiteral("there is no alert #%1").arg(id);
        return nullptr;
    }
    return &it->second;
}

Alert *AlertBook::findOpen(qint64 id, QString *error)
{
    Alert *a = find(id, error);
    if (a && !a->isOpen()) {
        if (error)
            *error =
                QStringLiteral("alert #%1 is already %2").arg(id).arg(alertStateName(a->state));
        return nullptr;
    }
    return a;
}

void AlertBook::handToSecondary(Alert &a, const QString &actor, const QString &why)
{
    a.escalated = true;
    QString role;
    QString next = m_schedule.answering(a.pipelineId, RotationLayer::Secondary,
                                        toDateTime(m_clock.now()), &role);
    // Whoever holds the alert already cannot be the one it escalates to.
    if (next == a.assignee) {
        if (const Pipeline *p = m_workspace.pipeline(a.pipelineId)) {
            next = p->secondaryOwner != a.assignee ? p->secondaryOwner : p->primaryOwner;
            role = p->secondaryOwner != a.assignee ? QStringLiteral("the secondary owner")
                                                   : QStringLiteral("the owner");
        }
    }
    a.assignee = next;
    const QString to = QStringLiteral("assigned to %1, %2").arg(personName(a.assignee), role);
    record(a, actor, QStringLiteral("escalated"),
           why.isEmpty() ? to : why + QStringLiteral("; ") + to);
}

bool AlertBook::acknowledge(qint64 id, const QString &who, QString *error, const QString &detail)
{
    Alert *a = find(id, error);
    if (!a)
        return false;
    if (a->state != AlertState::Triggered && a->state != AlertState::Snoozed) {
        if (error)
            *error = QStringLiteral("alert #%1 is %2; only a triggered or snoozed alert can be "
                                    "acknowledged")
                         .arg(id)
                         .arg(alertStateName(a->state));
        return false;
    }
    a->state = AlertState::Acknowledged;
    a->acknowledgedAt = m_clock.now();
    a->snoozedUntil.reset();
    record(*a, who, QStringLiteral("acknowledged"), detail);
    return true;
}

bool AlertBook::resolve(qint64 id, const QString &who, QString *error, const QString &detail)
{
    Alert *a = findOpen(id, error);
    if (!a)
        return false;
    a->state = AlertState::Resolved;
    a->resolvedAt = m_clock.now();
    a->snoozedUntil.reset();
    // While the rule still sees the problem the key stays with this alert, so that a person's
    // resolve is not undone by the next evaluation; once it clears, a recurrence is new.
    record(*a, who, QStringLiteral("resolved"), detail);
    applyInhibition();
    return true;
}

bool AlertBook::snooze(qint64 id, TimestampNs until, const QString &who, QString *error)
{
    Alert *a = findOpen(id, error);
    if (!a)
        return false;
    if (until <= m_clock.now()) {
        if (error)
            *error = QStringLiteral("a snooze must end in the future");
        return false;
    }
    a->state = AlertState::Snoozed;
    a->snoozedUntil = until;
    record(*a, who, QStringLiteral("snoozed"), QStringLiteral("until %1").arg(timeText(until)));
    return true;
}

bool AlertBook::wontFix(qint64 id, const QString &who, QString *error)
{
    Alert *a = findOpen(id, error);
    if (!a)
        return false;
    // The key stays taken while the condition lasts, so the rule does not raise it again.
    a->state = AlertState::WontFix;
    a->snoozedUntil.reset();
    record(*a, who, QStringLiteral("won't fix"));
    applyInhibition();
    return true;
}

bool AlertBook::markOutcome(qint64 id, AlertOutcome outcome, const QString &who, QString *error)
{
    Alert *a = find(id, error);
    if (!a)
        return false;
    auto refuse = [&](const QString &why) {
        if (error)
            *error = why;
        return false;
    };
    if (outcome.kind == AlertOutcome::Kind::Unknown)
        return refuse(QStringLiteral("an outcome must say how the alert ended"));
    if (who.isEmpty())
        return refuse(QStringLiteral("an outcome needs the person who marks it"));
    if (outcome.kind == AlertOutcome::Kind::Noise && outcome.note.trimmed().isEmpty() &&
        (outcome.reason == AlertOutcome::Reason::Other ||
         outcome.reason == AlertOutcome::Reason::Duplicate))
        return refuse(outcome.reason == AlertOutcome::Reason::Other
                          ? QStringLiteral("noise for another reason needs the reason in words")
                          : QStringLiteral("noise as a duplicate needs the alert it duplicates"));
    if (outcome.kind == AlertOutcome::Kind::ResolvedByItself && a->isOpen())
        return refuse(QStringLiteral("alert #%1 is still %2: it has not resolved itself")
                          .arg(id)
                          .arg(alertStateName(a->state)));
    outcome.by = who;
    outcome.at = m_clock.now();
    outcome.why.clear();
    const AlertOutcome before = a->outcome;
    if (a->isOpen()) {
        // Marking an open alert is how a person ends it: the state follows the outcome.
        if (outcome.kind == AlertOutcome::Kind::WontFix) {
            if (!wontFix(id, who, error))
                return false;
        } else if (!resolve(id, who, error, QStringLiteral("as %1").arg(outcome.describe()))) {
            return false;
        }
    }
    a->outcome = outcome;
    m_changed.insert(a->id);
    record(*a, who,
           before.isMarked() ? QStringLiteral("outcome corrected") : QStringLiteral("outcome"),
           before.isMarked()
               ? QStringLiteral("%1 (was %2)").arg(outcome.describe(), before.describe())
               : outcome.describe());
    return true;
}

bool AlertBook::annotate(qint64 id, const QString &actor, const QString &action,
                         const QString &detail)
{
    Alert *a = find(id, nullptr);
    if (!a)
        return false;
    const TimestampNs now = m_clock.now();
    // Not a change of the alert's state: the timeline grows, updatedAt stays.
    a->timeline.append({now, actor, action, detail});
    m_changed.insert(a->id);
    return true;
}

bool AlertBook::escalate(qint64 id, const QString &who, QString *error)
{
    Alert *a = findOpen(id, error);
    if (!a)
        return false;
    if (a->escalated) {
        if (error)
            *error = QStringLiteral("alert #%1 is already escalated").arg(id);
        return false;
    }
    handToSecondary(*a, who, {});
    return true;
}

void AlertBook::tick()
{
    const TimestampNs now = m_clock.now();
    for (auto &[id, a] : m_alerts) {
        if (!a.isOpen())
            continue;
        if (a.state == AlertState::Snoozed && a.snoozedUntil && now >= *a.snoozedUntil) {
            a.state = AlertState::Triggered;
            a.snoozedUntil.reset();
            record(a, QStringLiteral("engine"), QStringLiteral("snooze ended"));
        }
        if (a.state == AlertState::Triggered && !a.escalated && now > a.ackBy)
            handToSecondary(a, QStringLiteral("engine"),
                            QStringLiteral("not acknowledged within %1")
                                .arg(formatDuration((a.ackBy - a.triggeredAt) / nanosPerSecond)));
        applySilences(a);
    }
    applyInhibition();
}

void AlertBook::addSilence(const Silence &silence)
{
    m_silences.append(silence);
    for (auto &[id, a] : m_alerts) {
        if (a.isOpen())
            applySilences(a);
    }
}

void AlertBook::applySilences(Alert &a)
{
    const TimestampNs now = m_clock.now();
    QString match;
    for (const Silence &s : std::as_const(m_silences)) {
        if (now < s.startsAt || now >= s.endsAt)
            continue;
        bool all = true;
        for (const auto &[field, value] : s.matchers) {
            const QString actual = field == QLatin1String("pipeline")   ? a.pipelineId
                                   : field == QLatin1String("rule")     ? a.ruleId
                                   : field == QLatin1String("severity") ? severityName(a.severity)
                                   : field == QLatin1String("subject")  ? a.subject
                                                                        : QString();
            all = all && actual == value;
        }
        if (all) {
            match = s.id;
            break;
        }
    }
    if (match != a.silencedBy) {
        a.silencedBy = match;
        record(a, QStringLiteral("engine"),
               match.isEmpty() ? QStringLiteral("unsilenced") : QStringLiteral("silenced"),
               match.isEmpty() ? QString() : QStringLiteral("by silence %1").arg(match));
    }
}

void AlertBook::applyInhibition()
{
    // Only freshness alerts are ever inhibited; most of the time there is none open, and
    // this runs on every new alert, so the full scan below is avoided then.
    for (auto it = m_freshness.begin(); it != m_freshness.end();) {
        if (m_alerts.at(*it).isOpen())
            ++it;
        else
            it = m_freshness.erase(it);
    }
    if (m_freshness.isEmpty())
        return;
    // Which pipelines have a live problem of their own (not itself inhibited)? Live
    // problems are the ones the rules still see, so the dedup index lists them all.
    QHash<QString, qint64> failing;
    for (const qint64 id : std::as_const(m_openByKey)) {
        const Alert &a = m_alerts.at(id);
        if ((a.state == AlertState::Triggered || a.state == AlertState::Acknowledged) &&
            a.inhibitedBy.isEmpty() && !failing.contains(a.pipelineId))
            failing.insert(a.pipelineId, id);
    }
    for (const qint64 id : std::as_const(m_freshness)) {
        Alert &a = m_alerts.at(id);
        // Walk upstream: stale data downstream of a failing pipeline is a consequence,
        // not a second incident.
        QString reason;
        QStringList queue;
        QSet<QString> seen;
        if (const Pipeline *p = m_workspace.pipeline(a.pipelineId))
            queue = p->upstream;
        while (!queue.isEmpty() && reason.isEmpty()) {
            const QString up = queue.takeFirst();
            if (seen.contains(up))
                continue;
            seen.insert(up);
            if (failing.contains(up))
                reason = QStringLiteral("upstream pipeline '%1' is failing (alert #%2)")
                             .arg(up)
                             .arg(failing.value(up));
            else if (const Pipeline *p = m_workspace.pipeline(up))
                queue += p->upstream;
        }
        if (reason != a.inhibitedBy) {
            a.inhibitedBy = reason;
            record(a, QStringLiteral("engine"),
                   reason.isEmpty() ? QStringLiteral("no longer inhibited")
                                    : QStringLiteral("inhibited"),
                   reason);
        }
    }
}

const Alert *AlertBook::alert(qint64 id) const
{
    const auto it = m_alerts.find(id);
    return it == m_alerts.end() ? nullptr : &it->second;
}

const Alert *AlertBook::openAlert(const QString &dedupKey) const
{
    const auto it = m_openByKey.constFind(dedupKey);
    return it == m_openByKey.constEnd() ? nullptr : alert(*it);
}

QList<Alert> AlertBook::alerts() const
{
    QList<Alert> out;
    out.reserve(static_cast<qsizetype>(m_alerts.size()));
    for (const auto &[id, a] : m_alerts)
        out.append(a);
    return out;
}

int AlertBook::openCount() const
{
    return static_cast<int>(m_open.size());
}

QList<Alert> AlertBook::takeChanges()
{
    QList<Alert> out;
    out.reserve(m_changed.size());
    for (qint64 id : std::as_const(m_changed))
        out.append(m_alerts.at(id));
    m_changed.clear();
    std::sort(out.begin(), out.end(), [](const Alert &a, const Alert &b) { return a.id < b.id; });
    return out;
}

void AlertBook::restore(const QList<Alert> &alerts)
{
    for (const Alert &a : alerts) {
        m_alerts[a.id] = a;
        if (a.isOpen())
            m_open.insert(a.id);
        else
            m_open.remove(a.id);
        // A restored alert may replace a newer state of itself (a leader's update reaching
        // a follower, or an action that could not be stored), so stale indexes go too.
        if (a.conditionActive) {
            m_openByKey.insert(a.dedupKey, a.id);
            m_keysOfRule[a.ruleId].insert(a.dedupKey);
        } else if (m_openByKey.value(a.dedupKey) == a.id) {
            m_openByKey.remove(a.dedupKey);
            m_keysOfRule[a.ruleId].remove(a.dedupKey);
        }
        if (a.ruleKind == QLatin1String("freshness") && a.isOpen())
            m_freshness.insert(a.id);
        else
            m_freshness.remove(a.id);
        m_nextId = std::max(m_nextId, a.id + 1);
    }
}

} // namespace wk
