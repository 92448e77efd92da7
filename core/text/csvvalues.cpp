#include "csvvalues.h"

#include <algorithm>

namespace wk::csv {

QString text(std::string_view field)
{
    return QString::fromUtf8(field.data(), static_cast<qsizetype>(field.size()));
}

std::optional<bool> flag(std::string_view s)
{
    auto is = [s](std::string_view word) {
        return s.size() == word.size() &&
               std::equal(s.begin(), s.end(), word.begin(),
                          [](char a, char b) { return (a | 0x20) == b; });
    };
    if (s == "1" || is("true") || is("yes") || is("t") || is("y"))
        return true;
    if (s == "0" || is("false") || is("no") || is("f") || is("n"))
        return false;
    return std::nullopt;
}

QString quoted(const QString &value)
{
    if (!value.contains(QLatin1Char(',')) && !value.contains(QLatin1Char('"')) &&
        !value.contains(QLatin1Char('\n')) && !value.contains(QLatin1Char('\r')))
        return value;
    QString escaped = value;
    escaped.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + escaped + QLatin1Char('"');
}

} // namespace wk::csv
