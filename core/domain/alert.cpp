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

} // namespace wk
