#pragma once

#include <QString>

#include <optional>

namespace wk {

// Durations as people write them in workspace files and on the command line:
// "432s", "7.2m", "2h", "48h", "1.5d", "2w". A bare number means seconds.
// Returns whole seconds, or nothing when the text is not such a duration or is
// not a whole number of seconds.
std::optional<qint64> parseDuration(const QString &text);

// The inverse of parseDuration for whole seconds, in the largest unit that divides evenly.
QString formatDuration(qint64 seconds);

// A time left or passed as the console shows it in lists and details, to the second near
// the end and coarser further off: "4m 07s", "2h 05m", "1d 3h"; a negative span is
// "... overdue".
QString formatCountdown(qint64 nanos);

} // namespace wk
