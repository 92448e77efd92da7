#pragma once

#include "wordhash.h"

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace wk {

// Interns strings to dense indexes 0, 1, 2, ... An open-addressing table over one
// character arena: the hot path of reading ten million events is a lookup per row, and
// this keeps it to one hash and at most one cache line of the table, with no allocation.
// A slot holds the key's first eight bytes, its length and more bits of its hash, so a key
// of up to eight bytes (most ids) is matched by its slot alone, without a second read from
// the arena. Before the table, a bitmap of four bits per slot, one set per key, answers
// most lookups of absent keys from a few kilobytes: reading events, most users are not
// among the team owners.
class StringIndex
{
public:
    static constexpr uint32_t npos = UINT32_MAX;

    // Inline up to the bitmap, which answers most lookups of absent keys.
    uint32_t find(std::string_view key) const
    {
        if (m_slots.empty())
            return npos;
        const uint64_t h = hash(key);
        return marked(h) ? probe(key, h) : npos;
    }
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
        uint64_t prefix = 0; // the key's first (up to) eight bytes
        uint32_t index = 0;  // index + 1; 0 = empty
        uint32_t check = 0;  // see checkOf
    };

    static uint64_t hash(std::string_view key) { return wordHash(key.data(), key.size()); }
    // 24 more bits of the hash, and the length up to 255 (a longer key is measured in m_keys).
    static uint32_t checkOf(uint64_t hash, size_t length)
    {
        return static_cast<uint32_t>(hash >> 40) << 8 |
               static_cast<uint32_t>(length < 255 ? length : 255);
    }
    uint32_t probe(std::string_view key, uint64_t hash) const;
    bool matches(const Slot &slot, std::string_view key, uint32_t check) const
    {
        if (slot.check != check || slot.prefix != partialWord(key.data(), key.size()))
            return false;
        if (key.size() <= 8)
            return true;
        const Key &k = m_keys[slot.index - 1];
        return k.length == key.size() &&
               std::memcmp(m_arena.data() + k.offset + 8, key.data() + 8, key.size() - 8) == 0;
    }
    void grow();
    // The bitmap reads hash bits from the twentieth up: apart from the slot's position (the
    // low bits) and its check (the top 24) for tables of up to a million slots.
    void mark(uint64_t hash)
    {
        const uint64_t bit = (hash >> 20) & (m_filter.size() * 64 - 1);
        m_filter[bit / 64] |= uint64_t(1) << (bit % 64);
    }
    bool marked(uint64_t hash) const
    {
        const uint64_t bit = (hash >> 20) & (m_filter.size() * 64 - 1);
        return m_filter[bit / 64] >> (bit % 64) & 1;
    }

    struct Key
    {
        uint32_t offset; // into m_arena
        uint32_t length;
    };
    std::string m_arena;
    std::vector<Key> m_keys; // per index
    std::vector<Slot> m_slots;
    std::vector<uint64_t> m_filter; // slots * 4 bits
};

} // namespace wk
