#include "stringindex.h"

namespace wk {

uint64_t StringIndex::hash(std::string_view key)
{
    // FNV-1a, then a final avalanche so that the low bits used for slots are well mixed.
    uint64_t h = 14695981039346656037ULL;
    for (unsigned char c : key) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h;
}

uint32_t StringIndex::find(std::string_view key) const
{
    if (m_slots.empty())
        return npos;
    const uint64_t prefix = prefixOf(key);
    const size_t mask = m_slots.size() - 1;
    for (size_t s = hash(key) & mask;; s = (s + 1) & mask) {
        const Slot &slot = m_slots[s];
        if (slot.index == 0)
            return npos;
        if (matches(slot, key, prefix))
            return slot.index - 1;
    }
}

void StringIndex::grow()
{
    const size_t capacity = m_slots.empty() ? 1024 : m_slots.size() * 2;
    m_slots.assign(capacity, Slot());
    const size_t mask = capacity - 1;
    for (uint32_t i = 0; i < size(); ++i) {
        const std::string_view key = at(i);
        size_t s = hash(key) & mask;
        while (m_slots[s].index != 0)
            s = (s + 1) & mask;
        m_slots[s] = {i + 1, static_cast<uint32_t>(key.size()), prefixOf(key)};
    }
}

uint32_t StringIndex::insert(std::string_view key, bool *added)
{
    // Keep the table at most half full so probe sequences stay short.
    if ((size() + 1) * 2 > m_slots.size())
        grow();
    const uint64_t prefix = prefixOf(key);
    const size_t mask = m_slots.size() - 1;
    size_t s = hash(key) & mask;
    for (; m_slots[s].index != 0; s = (s + 1) & mask) {
        if (matches(m_slots[s], key, prefix)) {
            if (added)
                *added = false;
            return m_slots[s].index - 1;
        }
    }
    const uint32_t index = size();
    m_offsets.emplace_back(static_cast<uint32_t>(m_arena.size()),
                           static_cast<uint32_t>(key.size()));
    m_arena.append(key);
    m_slots[s] = {index + 1, static_cast<uint32_t>(key.size()), prefix};
    if (added)
        *added = true;
    return index;
}

} // namespace wk
