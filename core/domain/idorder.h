#pragma once

#include <QStringView>

#include <optional>
#include <string_view>

namespace wk {

// The order of user ids, as SQL orders the seed's integer ids: ids that are integers
// (digits with an optional sign, within 64 bits) compare as numbers, so "520" comes before
// "1508", and before every id that is not an integer; those compare as text, code unit by
// code unit, as SQL's binary collation does. Two spellings of one number ("7", "+7") fall
// back to text, so that the order stays total.
class IdOrder
{
public:
    // The id's number, when it is an integer.
    static std::optional<qint64> integer(std::string_view id);
    static std::optional<qint64> integer(QStringView id);

    // Negative, zero or positive as a comes before, with or after b.
    static int compare(std::string_view a, std::string_view b);
    static int compare(QStringView a, QStringView b);

    // The same, from ids whose integers were found before: sorting many ids parses each once.
    template <typename Text>
    static int compare(const std::optional<qint64> &ai, Text a, const std::optional<qint64> &bi,
                       Text b)
    {
        if (ai && bi && *ai != *bi)
            return *ai < *bi ? -1 : 1;
        if (ai.has_value() != bi.has_value())
            return ai ? -1 : 1;
        const int byText = a.compare(b);
        return byText < 0 ? -1 : byText > 0 ? 1 : 0;
    }
};

} // namespace wk
