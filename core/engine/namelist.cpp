#include "namelist.h"

#include "wordhash.h"

#include <algorithm>
#include <cstring>

namespace wk {

namespace {
// Up to eight bytes of s from `from`, zero past its end.
uint64_t word(std::string_view s, size_t from)
{
    return partialWord(s.data() + from, std::min<size_t>(8, s.size() - from));
}
} // namespace

NameList::NameList(std::vector<std::string> names)
{
    for (std::string &name : names) {
        const uint64_t head = word(name, 0);
        const uint64_t tail = name.size() > 8 ? word(name, name.size() - 8) : 0;
        if (name.size() < 64)
            m_lengths |= uint64_t(1) << name.size();
        else
            m_anyLong = true;
        m_names.push_back({std::move(name), head, tail});
    }
    m_count = static_cast<uint32_t>(m_names.size());
}

uint32_t NameList::find(std::string_view text) const
{
    const size_t length = text.size();
    const uint64_t head = word(text, 0);
    const uint64_t tail = length > 8 ? word(text, length - 8) : 0;
    for (uint32_t i = 0; i < m_count; ++i) {
        const Name &n = m_names[i];
        if (n.text.size() == length && n.head == head && n.tail == tail &&
            (length <= 16 || std::memcmp(n.text.data() + 8, text.data() + 8, length - 16) == 0))
            return i;
    }
    return m_count;
}

} // namespace wk
