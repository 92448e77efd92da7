#pragma once

#include <QDateTime>
#include <QtGlobal>

#include <optional>
#include <string>
#include <string_view>

namespace wk {

// Event times as nanoseconds since the Unix epoch, UTC. Integer nanoseconds keep window
// boundaries exact: an event exactly W before t is inside the window, never "almost".
using TimestampNs = qint64;

inline constexpr qint64 nanosPerSecond = 1'000'000'000;

// Reads ISO 8601 ("2026-03-01T12:00:00Z", "2026-03-01 12:00:00.25+02:00", no zone = UTC)
// or Unix epoch seconds ("1767225600", "1767225600.125"). Digits past nanoseconds are
// dropped. Nothing when the text is neither.
std::optional<TimestampNs> parseTimestamp(std::string_view text);

// ISO 8601 in UTC with as many fractional digits as needed (none, 3, 6 or 9).
std::string formatTimestamp(TimestampNs t);
// The same instant as a QDateTime in UTC (to the millisecond), and back, for code that
// works with calendars and time zones.
QDateTime toDateTime(TimestampNs t);
TimestampNs toTimestamp(const QDateTime &t);

} // namespace wk
