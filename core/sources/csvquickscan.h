#pragma once

#include <QFile>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace wk {

// The fast lane for the common CSV file: no quotes, so every comma ends a field and every
// line feed a record. It looks at sixty-four bytes at a time and
// hands each row's first fields to the caller straight from the text, with no copy and no
// per-row state outside registers. Whatever it does not handle (a quote, a row with too
// few fields, a row the caller refuses) stops it; the caller then reads the same text with
// CsvReader, which handles all of RFC 4180 and reports problems at their lines.
class CsvQuickScan
{
public:
    static constexpr int maxFields = 16;
    enum class Result { Done, Stopped, ReadError };

    // Calls onRow(const std::string_view *fields) for every non-blank line of [begin, end),
    // with the line's first `needed` fields as they are in the text (not trimmed; a CR
    // before the line feed is not part of the last field). onRow returns false to stop.
    template <typename OnRow>
    static Result scan(const char *begin, const char *end, int needed, OnRow &&onRow);
    // The same over bytes [from, to) of an open file (to < 0: to its end), which must start
    // at a line start. Read a block at a time into a buffer that stays in the core's cache:
    // copying from the page cache costs less than mapping and unmapping every page, and the
    // scan then reads the cache instead of memory.
    template <typename OnRow>
    static Result scan(QFile &file, qint64 from, qint64 to, int needed, OnRow &&onRow);

    static constexpr qint64 blockSize = 256 << 10;

private:
    struct Block
    {
        uint64_t commas = 0;
        uint64_t lineEnds = 0;
        uint64_t quotes = 0;
    };
    // Bit i of each mask tells whether p[i] is that character, for i in [0, 64).
    static Block blockAt(const char *p)
    {
        Block b;
#if defined(__SSE2__)
        for (int i = 0; i < 4; ++i) {
            const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p + 16 * i));
            const auto bits = [&](char c) {
                return uint64_t(uint32_t(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(c)))))
                       << (16 * i);
            };
            b.commas |= bits(',');
            b.lineEnds |= bits('\n');
            b.quotes |= bits('"');
        }
#else
        for (int i = 0; i < 64; ++i) {
            b.commas |= uint64_t(p[i] == ',') << i;
            b.lineEnds |= uint64_t(p[i] == '\n') << i;
            b.quotes |= uint64_t(p[i] == '"') << i;
        }
#endif
        return b;
    }
};

template <typename OnRow>
CsvQuickScan::Result CsvQuickScan::scan(const char *begin, const char *end, int needed,
                                        OnRow &&onRow)
{
    if (needed < 1 || needed > maxFields)
        return Result::Stopped;
    std::string_view fields[maxFields];
    int field = 0;             // fields ended so far on this line
    const char *start = begin; // of the current field
    // Ends the line at lineFeed (or the end of the text); false to stop.
    const auto endLine = [&](const char *lineFeed) {
        const char *stop = lineFeed;
        if (stop > start && stop[-1] == '\r')
            --stop;
        if (field == 0 && stop == start) { // a blank line, skipped as CsvReader skips it
            start = lineFeed + 1;
            return true;
        }
        if (field < needed)
            fields[field] = {start, static_cast<size_t>(stop - start)};
        if (field + 1 < needed || !onRow(static_cast<const std::string_view *>(fields)))
            return false;
        field = 0;
        start = lineFeed + 1;
        return true;
    };
    for (const char *at = begin; at < end; at += 64) {
        Block b;
        if (end - at >= 64) {
            b = blockAt(at);
        } else {
            // The last bytes: nothing past the end may be read, and zero bytes match nothing.
            char tail[64] = {};
            std::memcpy(tail, at, static_cast<size_t>(end - at));
            b = blockAt(tail);
        }
        if (b.quotes)
            return Result::Stopped;
        for (uint64_t found = b.commas | b.lineEnds; found; found &= found - 1) {
            const int i = std::countr_zero(found);
            if (b.commas >> i & 1) {
                if (field < needed)
                    fields[field] = {start, static_cast<size_t>(at + i - start)};
                ++field;
                start = at + i + 1;
            } else if (!endLine(at + i)) {
                return Result::Stopped;
            }
        }
    }
    // A last line without a line feed.
    if ((start < end || field > 0) && !endLine(end))
        return Result::Stopped;
    return Result::Done;
}

template <typename OnRow>
CsvQuickScan::Result CsvQuickScan::scan(QFile &file, qint64 from, qint64 to, int needed,
                                        OnRow &&onRow)
{
    if (to < 0)
        to = file.size();
    if (!file.seek(from))
        return Result::ReadError;
    std::vector<char> buffer(
        static_cast<size_t>(std::min(blockSize, std::max<qint64>(to - from, 1))));
    size_t kept = 0; // bytes of a line begun in the block before
    for (qint64 at = from; at < to || kept > 0;) {
        const qint64 want = std::min<qint64>(to - at, static_cast<qint64>(buffer.size() - kept));
        const qint64 got = want > 0 ? file.read(buffer.data() + kept, want) : 0;
        if (got < 0 || (got == 0 && at < to))
            return Result::ReadError;
        at += got;
        const size_t filled = kept + static_cast<size_t>(got);
        // Whole lines only, but for the last block of the range.
        size_t lines = filled;
        if (at < to) {
            const char *data = buffer.data();
            const auto lastEnd = std::find(std::make_reverse_iterator(data + filled),
                                           std::make_reverse_iterator(data), '\n');
            if (lastEnd.base() == data) { // a line longer than the buffer
                buffer.resize(buffer.size() * 2);
                kept = filled;
                continue;
            }
            lines = static_cast<size_t>(lastEnd.base() - data);
        }
        const Result r = scan(buffer.data(), buffer.data() + lines, needed, onRow);
        if (r != Result::Done)
            return r;
        std::memmove(buffer.data(), buffer.data() + lines, filled - lines);
        kept = filled - lines;
    }
    return Result::Done;
}

} // namespace wk
