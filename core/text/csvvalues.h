#pragma once

#include <QString>

#include <optional>
#include <string_view>

namespace wk {

// The small conversions every CSV reader and writer of the project shares, so that a file
// means the same thing to `check burst`, the live engine and the event sources.
namespace csv {

// A field as text (UTF-8).
QString text(std::string_view field);
// A field without surrounding spaces and tabs. Inline: it runs for every field of every row.
inline std::string_view trimmed(std::string_view field)
{
    while (!field.empty() && (field.front() == ' ' || field.front() == '\t'))
        field.remove_prefix(1);
    while (!field.empty() && (field.back() == ' ' || field.back() == '\t'))
        field.remove_suffix(1);
    return field;
}
// 1/0, true/false, yes/no, t/f, y/n in any case; nothing for anything else.
std::optional<bool> flag(std::string_view field);
// A value ready to write: quoted (with "" for ") when it holds a comma, quote or line break.
QString quoted(const QString &value);

} // namespace csv
} // namespace wk
