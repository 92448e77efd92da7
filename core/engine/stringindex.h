#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace wk {

// Interns strings to dense indexes 0, 1, 2, ... An open-addressing table over one
// character arena: the hot path of reading ten million events is a lookup per row, and
// this keeps it to one hash and, for a key that is not there, one cache line, with no
// allocation. Slots are eight bytes (the index and 32 more bits of the hash), so a table
// of tens of thousands of ids fits in a core's own cache; only a slot whose hash bits
// match is compared with the key in the arena. Before the table, a bitmap of four bits per
// slot, one set per key, answers most lookups of absent keys from a few kilobytes: reading
// events, most users are not among the team owners.
class StringIndex
{
public:
    static constexpr uint32_t npos = UINT32_MAX;

    uint32_t find(std::string_view key) const;
    // Makes room for n keys in all, so that adding them does not rebuild the table.
    void reserve(uint32_t n);
    // The index of key, adding it when new; *added tells which.
    uint32_t insert(std::string_view key, bool *added = nullptr);
    std::string_view at(uint32_t index) const
    {
        const auto [offset, length] = m_offsets[index];
        return {m_arena.data() + offset, length};
    }
    uint32_t size() const { return static_cast<uint32_t>(m_offsets.size()); }

private:
    struct Slot
    {
        uint32_t index = 0; // index + 1; 0 = empty
        uint32_t tag = 0;   // the high half of the key's hash
    };

    static uint64_t hash(std::string_view key);
    static uint32_t tagOf(uint64_t hash) { return static_cast<uint32_t>(hash >> 32); }
    bool matches(const Slot &slot, std::string_view key, uint32_t tag) const
    {
        if (slot.tag != tag)
            return false;
        const std::string_view stored = at(slot.index - 1);
        if (stored.size() != key.size())
            return false;
        // Ids are short: a plain loop beats a call to memcmp for them.
        if (key.size() > 16)
            return stored == key;
        for (size_t i = 0; i < key.size(); ++i) {
            if (stored[i] != key[i])
                return false;
        }
        return true;
    }
    void grow() { rebuild(m_slots.empty() ? 1024 : m_slots.size() * 2); }
    void rebuild(size_t capacity);
    void mark(uint64_t hash)
    {
        const uint64_t bit = (hash >> 40) & (m_filter.size() * 64 - 1);
        m_filter[bit / 64] |= uint64_t(1) << (bit % 64);
    }
    bool marked(uint64_t hash) const
    {
        const uint64_t bit = (hash >> 40) & (m_filter.size() * 64 - 1);
        return m_filter[bit / 64] >> (bit % 64) & 1;
    }

    std::string m_arena;
    std::vector<std::pair<uint32_t, uint32_t>> m_offsets; // (offset, length) per index
    std::vector<Slot> m_slots;
    std::vector<uint64_t> m_filter; // slots * 4 bits
};

} // namespace wk
