#include "alert.h"

namespace wk {

QString alertStateName(AlertState s)
{
    switch (s) {
    case AlertState::Triggered:
        return QStringLiteral("triggered");
    case AlertState::Acknowledged:
        return QStringLiteral("acknowledged");
    case AlertState::Snoozed:
        return QStringLiteral("snoozed");
    case AlertState::Resolved:
        return QStringLiteral("resolved");
    case AlertState::WontFix:
        return QStringLiteral("wont_fix");
    }
    return {};
}

std::optional<AlertState> alertStateFromName(const QString &name)
{
    for (auto s : {AlertState::Triggered, AlertState::Acknowledged, AlertState::Snoozed,
                   AlertState::Resolved, AlertState::WontFix}) {
        if (alertStateName(s) == name)
            return s;
    }
    return std::nullopt;
}

std::optional<int> scoreWhenRaised(const Alert &alert)
{
    for (const TimelineEntry &e : alert.timeline) {
        if (e.action != QLatin1String(scoredAction))
            continue;
        // "actionable 23 when raised"
        bool ok = false;
        const int score = e.detail.section(QLatin1Char(' '), 1, 1).toInt(&ok);
        if (ok)
            return score;
    }
    return std::nullopt;
}

QString scoredDetail(int score)
{
    return QStringLiteral("actionable %1 when raised").arg(score);
}

} // namespace wk
