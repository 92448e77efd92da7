#include "severity.h"

namespace wk {

QString severityName(Severity s)
{
    switch (s) {
    case Severity::Critical:
        return QStringLiteral("critical");
    case Severity::High:
        return QStringLiteral("high");
    case Severity::Medium:
        return QStringLiteral("medium");
    }
    return {};
}

std::optional<Severity> severityFromName(const QString &name)
{
    for (Severity s : allSeverities) {
        if (severityName(s) == name)
            return s;
    }
    return std::nullopt;
}

} // namespace wk
