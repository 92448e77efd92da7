#include "alertoutcome.h"

#include "alert.h"
#include "duration.h"
#include "workspace.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <array>

namespace wk {

namespace {

struct KindText
{
    AlertOutcome::Kind kind;
    const char *name;
    const char *label;
};

constexpr std::array<KindText, 5> kinds{{
    {AlertOutcome::Kind::Unknown, "unknown", "No outcome"},
    {AlertOutcome::Kind::Actionable, "actionable", "Actionable"},
    {AlertOutcome::Kind::Noise, "noise", "Noise"},
    {AlertOutcome::Kind::WontFix, "wont_fix", "Won't fix"},
    {AlertOutcome::Kind::ResolvedByItself, "resolved_by_itself", "Resolved by itself"},
}};

struct ReasonText
{
    AlertOutcome::Reason reason;
    const char *name;
    const char *label;
};

constexpr std::array<ReasonText, 6> reasons{{
    {AlertOutcome::Reason::Flapping, "flapping", "Flapping"},
    {AlertOutcome::Reason::ThresholdTooLow, "threshold_too_low", "Threshold too low"},
    {AlertOutcome::Reason::KnownIssue, "known_issue", "Known issue"},
    {AlertOutcome::Reason::NotActionable, "not_actionable", "Not actionable"},
    {AlertOutcome::Reason::Duplicate, "duplicate", "Duplicate of another alert"},
    {AlertOutcome::Reason::Other, "other", "Other"},
}};

// Who did the last entry of this action on the timeline, and when.
const TimelineEntry *lastEntry(const Alert &a, QLatin1String action)
{
    for (auto it = a.timeline.crbegin(); it != a.timeline.crend(); ++it)
        if (it->action == action)
            return &*it;
    return nullptr;
}

} // namespace

QString outcomeKindName(AlertOutcome::Kind kind)
{
    for (const KindText &k : kinds)
        if (k.kind == kind)
            return QLatin1String(k.name);
    return {};
}

std::optional<AlertOutcome::Kind> outcomeKindFromName(const QString &name)
{
    for (const KindText &k : kinds)
        if (name == QLatin1String(k.name))
            return k.kind;
    return std::nullopt;
}

QString outcomeKindLabel(AlertOutcome::Kind kind)
{
    for (const KindText &k : kinds)
        if (k.kind == kind)
            return QLatin1String(k.label);
    return {};
}

QString noiseReasonName(AlertOutcome::Reason reason)
{
    for (const ReasonText &r : reasons)
        if (r.reason == reason)
            return QLatin1String(r.name);
    return {};
}

std::optional<AlertOutcome::Reason> noiseReasonFromName(const QString &name)
{
    for (const ReasonText &r : reasons)
        if (name == QLatin1String(r.name))
            return r.reason;
    return std::nullopt;
}

QString noiseReasonLabel(AlertOutcome::Reason reason)
{
    for (const ReasonText &r : reasons)
        if (r.reason == reason)
            return QLatin1String(r.label);
    return {};
}

QString AlertOutcome::describe() const
{
    QString text = outcomeKindLabel(kind).toLower();
    if (kind == Kind::Noise) {
        text += QStringLiteral(" (%1)").arg(noiseReasonLabel(reason).toLower());
        if (!note.isEmpty())
            text += QStringLiteral(": ") + note;
    } else if (!note.isEmpty()) {
        text += QStringLiteral(": ") + note;
    }
    return text;
}

QString AlertOutcome::toStored() const
{
    if (!isMarked())
        return {};
    QJsonObject j{{QStringLiteral("kind"), outcomeKindName(kind)},
                  {QStringLiteral("by"), by},
                  {QStringLiteral("at"), QString::number(at)}};
    if (kind == Kind::Noise)
        j.insert(QStringLiteral("reason"), noiseReasonName(reason));
    if (!note.isEmpty())
        j.insert(QStringLiteral("note"), note);
    return QString::fromUtf8(QJsonDocument(j).toJson(QJsonDocument::Compact));
}

std::optional<AlertOutcome> AlertOutcome::fromStored(const QString &text, QString *error)
{
    if (text.isEmpty())
        return AlertOutcome();
    auto fail = [error](const QString &why) -> std::optional<AlertOutcome> {
        if (error)
            *error = QStringLiteral("unreadable outcome: %1").arg(why);
        return std::nullopt;
    };
    QJsonParseError parse{};
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &parse);
    if (!doc.isObject())
        return fail(parse.error != QJsonParseError::NoError ? parse.errorString()
                                                            : QStringLiteral("not an object"));
    const QJsonObject j = doc.object();
    AlertOutcome o;
    const auto kind = outcomeKindFromName(j.value(QLatin1String("kind")).toString());
    if (!kind || *kind == Kind::Unknown)
        return fail(QStringLiteral("kind '%1'").arg(j.value(QLatin1String("kind")).toString()));
    o.kind = *kind;
    o.by = j.value(QLatin1String("by")).toString();
    if (o.by.isEmpty())
        return fail(QStringLiteral("nobody marked it"));
    bool ok = false;
    o.at = j.value(QLatin1String("at")).toString().toLongLong(&ok);
    if (!ok)
        return fail(QStringLiteral("no time"));
    if (o.kind == Kind::Noise) {
        const auto reason = noiseReasonFromName(j.value(QLatin1String("reason")).toString());
        if (!reason)
            return fail(
                QStringLiteral("reason '%1'").arg(j.value(QLatin1String("reason")).toString()));
        o.reason = *reason;
    }
    o.note = j.value(QLatin1String("note")).toString();
    return o;
}

AlertOutcome outcomeOf(const Alert &a, const Workspace &ws)
{
    if (a.outcome.isMarked())
        return a.outcome;
    AlertOutcome o;
    if (a.isOpen()) {
        o.why = QStringLiteral("still open");
        return o;
    }
    if (a.state == AlertState::WontFix) {
        const TimelineEntry *e = lastEntry(a, QLatin1String("won't fix"));
        o.kind = AlertOutcome::Kind::WontFix;
        o.at = e ? e->at : a.updatedAt;
        o.why = e ? QStringLiteral("%1 would not fix it").arg(ws.personName(e->actor))
                  : QStringLiteral("left alone");
        return o;
    }
    const TimelineEntry *resolved = lastEntry(a, QLatin1String("resolved"));
    o.at = a.resolvedAt.value_or(resolved ? resolved->at : a.updatedAt);
    if (a.acknowledgedAt) {
        const TimelineEntry *ack = lastEntry(a, QLatin1String("acknowledged"));
        o.kind = AlertOutcome::Kind::Actionable;
        o.why = QStringLiteral("acknowledged by %1")
                    .arg(ack ? ws.personName(ack->actor) : QStringLiteral("someone"));
        return o;
    }
    // A person closing it is someone acting on it; the engine or the tool that sent it
    // closing it means the problem went away.
    if (resolved && ws.person(resolved->actor)) {
        o.kind = AlertOutcome::Kind::Actionable;
        o.why = QStringLiteral("resolved by %1").arg(ws.personName(resolved->actor));
        return o;
    }
    const qint64 lasted = std::max<qint64>(0, (o.at - a.triggeredAt) / nanosPerSecond);
    if (lasted <= ws.outcomes.resolvedByItselfWithinSeconds) {
        o.kind = AlertOutcome::Kind::ResolvedByItself;
        o.why = QStringLiteral("cleared after %1; nobody acknowledged it")
                    .arg(formatCountdown(lasted * nanosPerSecond));
        return o;
    }
    o.why = QStringLiteral("cleared after %1 with nobody acknowledging it, past the %2 within "
                           "which an alert counts as resolved by itself: mark how it ended")
                .arg(formatCountdown(lasted * nanosPerSecond),
                     formatDuration(ws.outcomes.resolvedByItselfWithinSeconds));
    return o;
}

} // namespace wk
