#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace wk {

// Interns strings to dense indexes 0, 1, 2, ... An open-addressing table over one
// character arena: the hot path of reading ten million events is a lookup per row, and
// this keeps it to one hash and one cache line, with no allocation. Each slot carries the
// key's length and first eight bytes, so short ids (most user ids) are matched without
// touching the arena at all.
class StringIndex
{
public:
    static constexpr uint32_t npos = UINT32_MAX;

    uint32_t find(std::string_view key) const;
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
        uint32_t length = 0;
        uint64_t prefix = 0; // the first (up to) eight bytes of the key
    };

    static uint64_t hash(std::string_view key);
    static uint64_t prefixOf(std::string_view key)
    {
        uint64_t p = 0;
        std::memcpy(&p, key.data(), key.size() < 8 ? key.size() : 8);
        return p;
    }
    bool matches(const Slot &slot, std::string_view key, uint64_t prefix) const
    {
        if (slot.length != key.size() || slot.prefix != prefix)
            return false;
        if (key.size() <= 8)
            return true;
        const auto [offset, length] = m_offsets[slot.index - 1];
        return std::memcmp(m_arena.data() + offset + 8, key.data() + 8, length - 8) == 0;
    }
    void grow();

    std::string m_arena;
    std::vector<std::pair<uint32_t, uint32_t>> m_offsets; // (offset, length) per index
    std::vector<Slot> m_slots;
};

} // namespace wk
