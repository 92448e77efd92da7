#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace wk {

// Interns strings to dense indexes 0, 1, 2, ... An open-addressing table over one
// character arena: the hot path of reading ten million events is a lookup per row, and
// this keeps it to one hash and, for a key that is not there, one cache line, with no
// allocation. Slots are eight bytes (the index and 32 more bits of the hash), so a table
// of tens of thousands of ids fits in a core's own cache; only a slot whose hash bits
// match is compared with the key's entry (its length and first eight bytes, enough for
// most ids) and, for a longer key, the arena. Before the table, a bitmap of four bits per
// slot, one set per key, answers most lookups of absent keys from a few kilobytes: reading
// events, most users are not among the team owners.
class StringIndex
{
public:
    static constexpr uint32_t npos = UINT32_MAX;

    uint32_t find(std::string_view key) const;
    // The index of key, adding it when new; *added tells which.
    uint32_t insert(std::string_view key, bool *added = nullptr);
    std::string_view at(uint32_t index) const
    {
        const Key &k = m_keys[index];
        return {m_arena.data() + k.offset, k.length};
    }
    uint32_t size() const { return static_cast<uint32_t>(m_keys.size()); }

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
        // A key of up to eight bytes is matched by its entry alone, without the arena.
        const Key &k = m_keys[slot.index - 1];
        if (k.length != key.size() || k.prefix != prefixOf(key))
            return false;
        return key.size() <= 8 ||
               std::memcmp(m_arena.data() + k.offset + 8, key.data() + 8, key.size() - 8) == 0;
    }
    static uint64_t prefixOf(std::string_view key)
    {
        uint64_t p = 0;
        std::memcpy(&p, key.data(), key.size() < 8 ? key.size() : 8);
        return p;
    }
    void grow();
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

    struct Key
    {
        uint64_t prefix; // the first (up to) eight bytes
        uint32_t offset; // into m_arena
        uint32_t length;
    };
    std::string m_arena;
    std::vector<Key> m_keys; // per index
    std::vector<Slot> m_slots;
    std::vector<uint64_t> m_filter; // slots * 4 bits
};

} // namespace wk
