#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace wk {

// A 64-bit hash of bytes, eight at a time: each word folded in with a multiply, then a final
// avalanche so that low bits (table slots) and high bits (tags) are both well mixed. Ids are
// mostly a word or two long: one or two multiplies instead of one per byte. For tables that
// the program builds itself; not for anything an attacker chooses the keys of to slow it.
inline uint64_t wordHash(const void *data, size_t bytes)
{
    constexpr uint64_t k = 0x9e3779b97f4a7c15ULL;
    uint64_t h = bytes * k;
    const char *p = static_cast<const char *>(data);
    for (; bytes >= 8; p += 8, bytes -= 8) {
        uint64_t w = 0;
        std::memcpy(&w, p, 8);
        h = (h ^ w) * k;
        h ^= h >> 29;
    }
    if (bytes > 0) {
        uint64_t w = 0;
        std::memcpy(&w, p, bytes);
        h = (h ^ w) * k;
    }
    h ^= h >> 32;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 29;
    return h;
}

} // namespace wk
