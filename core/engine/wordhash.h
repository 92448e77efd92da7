#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace wk {

// The first `bytes` bytes at p, at most eight, packed into a word (on little-endian machines
// as memcpy would put them) with zeros above: read without touching a byte past them, and
// without a call to memcpy for a length the compiler cannot see.
inline uint64_t partialWord(const char *p, size_t bytes)
{
    const auto byte = [p](size_t i) { return uint64_t(static_cast<unsigned char>(p[i])); };
    if (bytes >= 8) {
        uint64_t w = 0;
        std::memcpy(&w, p, 8);
        return w;
    }
    if (bytes >= 4) { // two four-byte reads that overlap
        uint32_t low = 0, high = 0;
        std::memcpy(&low, p, 4);
        std::memcpy(&high, p + bytes - 4, 4);
        return uint64_t(low) | uint64_t(high) << (8 * (bytes - 4));
    }
    if (bytes == 0)
        return 0;
    return byte(0) | byte(bytes / 2) << (8 * (bytes / 2)) | byte(bytes - 1) << (8 * (bytes - 1));
}

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
    if (bytes > 0)
        h = (h ^ partialWord(p, bytes)) * k;
    h ^= h >> 32;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 29;
    return h;
}

} // namespace wk
