#include "slapolicy.h"

namespace wk {

QString dueName(DeliveryDeadline::Due due)
{
    switch (due) {
    case DeliveryDeadline::Due::EndOfDay:
        return QStringLiteral("end_of_day");
    case DeliveryDeadline::Due::EndOfWeek:
        return QStringLiteral("end_of_week");
    case DeliveryDeadline::Due::EndOfMonth:
        return QStringLiteral("end_of_month");
    }
    return {};
}

std::optional<DeliveryDeadline::Due> dueFromName(const QString &name)
{
    for (auto due : {DeliveryDeadline::Due::EndOfDay, DeliveryDeadline::Due::EndOfWeek,
                     DeliveryDeadline::Due::EndOfMonth}) {
        if (dueName(due) == name)
            return due;
    }
    return std::nullopt;
}

std::optional<SeverityTarget> SlaPolicy::target(Severity s) const
{
    for (const SeverityTarget &t : targets) {
        if (t.severity == s)
            return t;
    }
    return std::nullopt;
}

std::optional<double> SlaPolicy::dailyDowntimeBudgetSeconds() const
{
    if (!availabilityPercent)
        return std::nullopt;
    return (100.0 - *availabilityPercent) / 100.0 * 86400.0;
}

} // namespace wk
