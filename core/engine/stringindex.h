#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace wk {

// Interns strings to dense indexes 0, 1, 2, ... An open-addressing table over one
// character arena: the hot path of reading ten million events is a lookup per row, and
// this keeps it to one hash and usually one comparison, with no allocation.
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
    static uint64_t hash(std::string_view key);
    bool equals(uint32_t index, std::string_view key) const
    {
        const auto [offset, length] = m_offsets[index];
        return length == key.size() &&
               std::char_traits<char>::compare(m_arena.data() + offset, key.data(), length) == 0;
    }
    void grow();

    std::string m_arena;
    std::vector<std::pair<uint32_t, uint32_t>> m_offsets; // (offset, length) per index
    std::vector<uint32_t> m_slots;                        // index + 1, 0 = empty
    std::vector<uint32_t> m_slotHash;                     // low hash bits, to skip compares
};

} // namespace wk
