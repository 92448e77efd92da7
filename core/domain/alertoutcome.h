#pragma once

#include "timestamp.h"

#include <QMetaType>
#include <QString>

#include <optional>

namespace wk {

struct Alert;
struct Workspace;

// How an alert ended, the label the actionable score learns from. A person may mark one
// (with who and when); otherwise it follows from the alert's history (outcomeOf).
struct AlertOutcome
{
    enum class Kind : quint8 {
        Unknown,          // still open, or nothing in its history says
        Actionable,       // someone acted on it: acknowledged, or resolved it themselves
        Noise,            // marked so, with a reason
        WontFix,          // real, and left alone on purpose
        ResolvedByItself, // cleared before anyone acknowledged it
    };
    enum class Reason { Flapping, ThresholdTooLow, KnownIssue, NotActionable, Duplicate, Other };

    Kind kind = Kind::Unknown;
    Reason reason = Reason::NotActionable; // noise only
    // Noise: the text of "other", or the alert this one duplicates. Actionable: what was done.
    QString note;
    QString by; // who marked it; empty when it follows from the history
    TimestampNs at = 0;
    // Why a derived outcome is what it is, for the details ("cleared after 4 min, nobody
    // acknowledged it"); not stored.
    QString why = {};

    bool isMarked() const { return !by.isEmpty(); }
    // Noise, won't fix and resolved by itself are the alarms a team would rather not have had.
    bool isFalseAlarm() const
    {
        return kind == Kind::Noise || kind == Kind::WontFix || kind == Kind::ResolvedByItself;
    }
    // "noise (flapping)", "actionable: restarted the loader"
    QString describe() const;

    // Stored as one JSON text: empty for an unmarked alert, so the common case costs nothing.
    QString toStored() const;
    static std::optional<AlertOutcome> fromStored(const QString &text, QString *error = nullptr);

    bool operator==(const AlertOutcome &o) const
    {
        return kind == o.kind && reason == o.reason && note == o.note && by == o.by && at == o.at;
    }
};

QString outcomeKindName(AlertOutcome::Kind kind); // "resolved_by_itself"
std::optional<AlertOutcome::Kind> outcomeKindFromName(const QString &name);
QString outcomeKindLabel(AlertOutcome::Kind kind);    // "Resolved by itself"
QString noiseReasonName(AlertOutcome::Reason reason); // "threshold_too_low"
std::optional<AlertOutcome::Reason> noiseReasonFromName(const QString &name);
QString noiseReasonLabel(AlertOutcome::Reason reason); // "Threshold too low"

// The alert's outcome: the marked one, else what its history says. An alert that cleared
// with nobody acknowledging it resolved itself when it cleared within the workspace's
// window (outcomes: resolved_by_itself_within); past it, nothing says whether it mattered.
AlertOutcome outcomeOf(const Alert &alert, const Workspace &workspace);

} // namespace wk

Q_DECLARE_METATYPE(wk::AlertOutcome)
