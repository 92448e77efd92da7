#pragma once

#include <QString>

#include <optional>

namespace wk {

// The severity tiers of DESIGN.md; the order is the urgency order (critical first).
enum class Severity { Critical, High, Medium };

inline constexpr Severity allSeverities[] = {Severity::Critical, Severity::High, Severity::Medium};

QString severityName(Severity s);
std::optional<Severity> severityFromName(const QString &name);

} // namespace wk
