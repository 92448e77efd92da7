#include "idorder.h"

#include <limits>

namespace wk {

namespace {

char32_t codeAt(std::string_view s, qsizetype i)
{
    return static_cast<unsigned char>(s[static_cast<size_t>(i)]);
}

char32_t codeAt(QStringView s, qsizetype i)
{
    return s[i].unicode();
}

template <typename Text> std::optional<qint64> parseInteger(Text id)
{
    qsizetype i = 0;
    const qsizetype n = static_cast<qsizetype>(id.size());
    bool negative = false;
    if (n > 0 && (codeAt(id, 0) == U'-' || codeAt(id, 0) == U'+')) {
        negative = codeAt(id, 0) == U'-';
        i = 1;
    }
    if (i == n)
        return std::nullopt;
    // Accumulated as a negative number: its range reaches one further than the positive.
    qint64 value = 0;
    constexpr qint64 lowest = std::numeric_limits<qint64>::min();
    for (; i < n; ++i) {
        const char32_t c = codeAt(id, i);
        if (c < U'0' || c > U'9')
            return std::nullopt;
        const int digit = static_cast<int>(c - U'0');
        if (value < (lowest + digit) / 10)
            return std::nullopt; // past 64 bits: text, as SQL would keep it
        value = value * 10 - digit;
    }
    if (negative)
        return value;
    if (value == lowest)
        return std::nullopt;
    return -value;
}

} // namespace

std::optional<qint64> IdOrder::integer(std::string_view id)
{
    return parseInteger(id);
}

std::optional<qint64> IdOrder::integer(QStringView id)
{
    return parseInteger(id);
}

int IdOrder::compare(std::string_view a, std::string_view b)
{
    return compare(integer(a), a, integer(b), b);
}

int IdOrder::compare(QStringView a, QStringView b)
{
    return compare(integer(a), a, integer(b), b);
}

} // namespace wk
