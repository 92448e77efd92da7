#include "heartbeatmonitor.h"

#include "domain/duration.h"

namespace wk {

namespace {

const QString origin = QStringLiteral("heartbeat");

// To the second, as people read it; a heartbeat's times carry no useful fractions.
QString when(TimestampNs t)
{
    return toDateTime(t).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"));
}

} // namespace

HeartbeatMonitor::HeartbeatMonitor(const QList<Heartbeat> &heartbeats, TimestampNs watchingSince)
    : m_since(watchingSince)
{
    for (const Heartbeat &h : heartbeats) {
        m_index.insert(h.id, m_watches.size());
        m_watches.append(Watch{h, 0, {}, 0, false});
    }
}

void HeartbeatMonitor::carryOver(const QString &id, TimestampNs lastCheckIn, bool alertOpen)
{
    const auto it = m_index.constFind(id);
    if (it == m_index.constEnd())
        return;
    Watch &w = m_watches[*it];
    w.lastCheckIn = std::max(w.lastCheckIn, lastCheckIn);
    w.alerting = w.alerting || alertOpen;
}

QList<Heartbeat> HeartbeatMonitor::heartbeats() const
{
    QList<Heartbeat> out;
    for (const Watch &w : m_watches)
        out.append(w.heartbeat);
    return out;
}

TimestampNs HeartbeatMonitor::silentSince(const Watch &w) const
{
    return w.lastCheckIn > 0 ? w.lastCheckIn : m_since;
}

std::optional<ExternalEvent> HeartbeatMonitor::checkIn(const QString &id, TimestampNs at,
                                                       const QString &message)
{
    const auto it = m_index.constFind(id);
    if (it == m_index.constEnd())
        return std::nullopt;
    Watch &w = m_watches[*it];
    // A check-in that arrives late, out of order, never moves the last one back.
    w.lastCheckIn = std::max(w.lastCheckIn, at);
    w.lastMessage = message;
    ++w.checkIns;
    if (!w.alerting)
        return std::nullopt;
    w.alerting = false;
    ExternalEvent e;
    e.origin = origin;
    e.key = id;
    e.action = ExternalEvent::Action::Resolve;
    e.actor = QStringLiteral("heartbeat %1").arg(id);
    e.note = message.isEmpty()
                 ? QStringLiteral("heartbeat %1 checked in at %2").arg(id, when(at))
                 : QStringLiteral("heartbeat %1 checked in at %2: %3").arg(id, when(at), message);
    e.at = at;
    return e;
}

ExternalEvent HeartbeatMonitor::missing(const Watch &w, TimestampNs now) const
{
    const Heartbeat &h = w.heartbeat;
    ExternalEvent e;
    e.origin = origin;
    e.key = h.id;
    e.severity = h.severity;
    e.pipelineHints = {h.pipeline};
    e.title = QStringLiteral("Heartbeat %1 has not checked in for %2")
                  .arg(h.id, formatCountdown(now - silentSince(w)));
    const QString promise =
        h.graceSeconds > 0
            ? QStringLiteral("expected every %1, with %2 of grace")
                  .arg(formatDuration(h.intervalSeconds), formatDuration(h.graceSeconds))
            : QStringLiteral("expected every %1").arg(formatDuration(h.intervalSeconds));
    if (w.lastCheckIn > 0) {
        e.evidence = QStringLiteral("%1; last check-in at %2").arg(promise, when(w.lastCheckIn));
        if (!w.lastMessage.isEmpty())
            e.evidence += QStringLiteral(" saying: %1").arg(w.lastMessage);
    } else {
        e.evidence = QStringLiteral("%1; no check-in since watching began at %2")
                         .arg(promise, when(m_since));
    }
    e.at = now;
    return e;
}

QList<ExternalEvent> HeartbeatMonitor::evaluate(TimestampNs now)
{
    QList<ExternalEvent> out;
    for (Watch &w : m_watches) {
        if (w.alerting || state(w.heartbeat.id, now) != State::Missing)
            continue;
        w.alerting = true;
        out.append(missing(w, now));
    }
    return out;
}

TimestampNs HeartbeatMonitor::dueBy(const QString &id) const
{
    const auto it = m_index.constFind(id);
    if (it == m_index.constEnd())
        return 0;
    const Watch &w = m_watches[*it];
    return silentSince(w) + w.heartbeat.intervalSeconds * nanosPerSecond;
}

HeartbeatMonitor::State HeartbeatMonitor::state(const QString &id, TimestampNs now) const
{
    const auto it = m_index.constFind(id);
    if (it == m_index.constEnd())
        return State::Waiting;
    const Watch &w = m_watches[*it];
    // An alert stays open until a check-in, even if the clock were to step back.
    if (w.alerting)
        return State::Missing;
    const TimestampNs silent = now - silentSince(w);
    if (silent > w.heartbeat.allowedSilenceSeconds() * nanosPerSecond)
        return State::Missing;
    if (silent > w.heartbeat.intervalSeconds * nanosPerSecond)
        return State::Late;
    return w.lastCheckIn > 0 ? State::Ok : State::Waiting;
}

QString HeartbeatMonitor::stateName(State s)
{
    switch (s) {
    case State::Waiting:
        return QStringLiteral("Waiting");
    case State::Ok:
        return QStringLiteral("OK");
    case State::Late:
        return QStringLiteral("Late");
    case State::Missing:
        return QStringLiteral("Missing");
    }
    return {};
}

SourceHealth HeartbeatMonitor::health(const QString &id, TimestampNs now) const
{
    SourceHealth h;
    h.id = id;
    h.kind = origin;
    const auto it = m_index.constFind(id);
    if (it == m_index.constEnd())
        return h;
    const Watch &w = m_watches[*it];
    const Heartbeat &hb = w.heartbeat;
    h.where =
        QStringLiteral("POST /heartbeat/%1, every %2").arg(id, formatDuration(hb.intervalSeconds));
    if (hb.graceSeconds > 0)
        h.where += QStringLiteral(" + %1 grace").arg(formatDuration(hb.graceSeconds));
    h.lastSuccess = w.lastCheckIn;
    h.delivered = w.checkIns;
    const State s = state(id, now);
    h.status = stateName(s);
    h.alarming = s == State::Missing || s == State::Late;
    const QString due = when(dueBy(id));
    switch (s) {
    case State::Waiting:
        h.note =
            QStringLiteral("no check-in yet since %1; waiting until %2").arg(when(m_since), due);
        break;
    case State::Ok:
        h.note = QStringLiteral("next check-in due by %1").arg(due);
        break;
    case State::Late:
        h.note = QStringLiteral("was due by %1; missing at %2")
                     .arg(due, when(silentSince(w) + hb.allowedSilenceSeconds() * nanosPerSecond));
        break;
    case State::Missing:
        h.note = QStringLiteral("silent since %1; its alert is open on %2")
                     .arg(when(silentSince(w)), hb.pipeline);
        break;
    }
    if (!w.lastMessage.isEmpty())
        h.note += QStringLiteral("; last message: %1").arg(w.lastMessage);
    return h;
}

} // namespace wk
