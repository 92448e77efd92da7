#pragma once

#include <QDateTime>
#include <QtGlobal>

#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace wk {

// Event times as nanoseconds since the Unix epoch, UTC. Integer nanoseconds keep window
// boundaries exact: an event exactly W before t is inside the window, never "almost".
using TimestampNs = qint64;

inline constexpr qint64 nanosPerSecond = 1'000'000'000;

// What timestampOf returns for text that is no time: no instant it reads comes near it.
inline constexpr TimestampNs noTimestamp = std::numeric_limits<qint64>::min();

// Reads ISO 8601 ("2026-03-01T12:00:00Z", "2026-03-01 12:00:00.25+02:00", no zone = UTC)
// or Unix epoch seconds ("1767225600", "1767225600.125"). Digits past nanoseconds are
// dropped. noTimestamp when the text is neither.
TimestampNs timestampOf(std::string_view text);

// The same, nothing when the text is no time. Inline, so that a caller reading millions of
// rows keeps the result in registers (an optional returned from another file is built in
// memory, and reading it back stalled the event reader).
inline std::optional<TimestampNs> parseTimestamp(std::string_view text)
{
    const TimestampNs t = timestampOf(text);
    if (t == noTimestamp)
        return std::nullopt;
    return t;
}

// ISO 8601 in UTC with as many fractional digits as needed (none, 3, 6 or 9).
std::string formatTimestamp(TimestampNs t);
// The same instant as a QDateTime in UTC (to the millisecond), and back, for code that
// works with calendars and time zones.
QDateTime toDateTime(TimestampNs t);
TimestampNs toTimestamp(const QDateTime &t);

} // namespace wk
