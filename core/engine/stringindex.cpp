#include "stringindex.h"

#include "wordhash.h"

namespace wk {

uint64_t StringIndex::hash(std::string_view key)
{
    return wordHash(key.data(), key.size());
}

uint32_t StringIndex::find(std::string_view key) const
{
    if (m_slots.empty())
        return npos;
    const uint64_t h = hash(key);
    if (!marked(h))
        return npos;
    const uint32_t tag = tagOf(h);
    const size_t mask = m_slots.size() - 1;
    for (size_t s = h & mask;; s = (s + 1) & mask) {
        const Slot &slot = m_slots[s];
        if (slot.index == 0)
            return npos;
        if (matches(slot, key, tag))
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
        const uint64_t h = hash(at(i));
        mark(h);
        size_t s = h & mask;
        while (m_slots[s].index != 0)
            s = (s + 1) & mask;
        m_slots[s] = {i + 1, tagOf(h)};
    }
}

uint32_t StringIndex::insert(std::string_view key, bool *added)
{
    // Keep the table at most half full so probe sequences stay short.
    if ((size() + 1) * 2 > m_slots.size())
        grow();
    const uint64_t h = hash(key);
    const uint32_t tag = tagOf(h);
    const size_t mask = m_slots.size() - 1;
    size_t s = h & mask;
    for (; m_slots[s].index != 0; s = (s + 1) & mask) {
        if (matches(m_slots[s], key, tag)) {
            if (added)
                *added = false;
            return m_slots[s].index - 1;
        }
    }
    const uint32_t index = size();
    m_keys.push_back(
        {prefixOf(key), static_cast<uint32_t>(m_arena.size()), static_cast<uint32_t>(key.size())});
    m_arena.append(key);
    m_slots[s] = {index + 1, tag};
    mark(h);
    if (added)
        *added = true;
    return index;
}

} // namespace wk
