#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace wk {

// A few names (a rule's SLA events) to find among texts read millions of times. Most texts
// are ruled out by their length alone; the rest are compared eight bytes at a time, not
// through a call to memcmp per name.
class NameList
{
public:
    explicit NameList(std::vector<std::string> names = {});

    uint32_t size() const { return m_count; }
    const std::string &at(uint32_t index) const { return m_names[index].text; }

    // The index of the name equal to text, or size() when there is none. Inline up to the
    // test of the length, which rules out most texts.
    uint32_t indexOf(std::string_view text) const
    {
        const size_t length = text.size();
        if (length < 64 ? !(m_lengths >> length & 1) : !m_anyLong)
            return m_count;
        return find(text);
    }

private:
    uint32_t find(std::string_view text) const;
    struct Name
    {
        std::string text;
        uint64_t head; // the first eight bytes
        uint64_t tail; // the last eight, when longer than eight
    };
    std::vector<Name> m_names;
    uint64_t m_lengths = 0; // bit n: a name is n bytes long, for n < 64
    bool m_anyLong = false;
    uint32_t m_count = 0;
};

} // namespace wk
