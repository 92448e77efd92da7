#include "stringindex.h"

namespace wk {

uint32_t StringIndex::probe(std::string_view key, uint64_t h) const
{
    const uint32_t check = checkOf(h, key.size());
    const size_t mask = m_slots.size() - 1;
    for (size_t s = h & mask;; s = (s + 1) & mask) {
        const Slot &slot = m_slots[s];
        if (slot.index == 0)
            return npos;
        if (matches(slot, key, check))
            return slot.index - 1;
    }
}

void StringIndex::grow()
{
    const size_t capacity = m_slots.empty() ? 1024 : m_slots.size() * 2;
    m_slots.assign(capacity, Slot());
    m_filter.assign(capacity * 4 / 64, 0);
    const size_t mask = capacity - 1;
    for (uint32_t i = 0; i < size(); ++i) {
        const std::string_view key = at(i);
        const uint64_t h = hash(key);
        mark(h);
        size_t s = h & mask;
        while (m_slots[s].index != 0)
            s = (s + 1) & mask;
        m_slots[s] = {partialWord(key.data(), key.size()), i + 1, checkOf(h, key.size())};
    }
}

uint32_t StringIndex::insert(std::string_view key, bool *added)
{
    // Keep the table at most half full so probe sequences stay short.
    if ((size() + 1) * 2 > m_slots.size())
        grow();
    const uint64_t h = hash(key);
    const uint32_t check = checkOf(h, key.size());
    const size_t mask = m_slots.size() - 1;
    size_t s = h & mask;
    for (; m_slots[s].index != 0; s = (s + 1) & mask) {
        if (matches(m_slots[s], key, check)) {
            if (added)
                *added = false;
            return m_slots[s].index - 1;
        }
    }
    const uint32_t index = size();
    m_keys.push_back({static_cast<uint32_t>(m_arena.size()), static_cast<uint32_t>(key.size())});
    m_arena.append(key);
    m_slots[s] = {partialWord(key.data(), key.size()), index + 1, check};
    mark(h);
    if (added)
        *added = true;
    return index;
}

} // namespace wk
