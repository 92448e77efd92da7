#include "csvreader.h"

#include <QFile>

#include <algorithm>
#include <bit>
#include <cstring>

#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace wk {

namespace {
constexpr size_t chunkSize = 1 << 20;

// Bit i set when p[i] is a comma, a quote or a line feed, for i in [0, 16).
inline uint32_t delimitersIn(const char *p)
{
#if defined(__SSE2__)
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
    const __m128i hits = _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(',')), _mm_cmpeq_epi8(v, _mm_set1_epi8('"'))),
        _mm_cmpeq_epi8(v, _mm_set1_epi8('\n')));
    return static_cast<uint32_t>(_mm_movemask_epi8(hits));
#else
    uint32_t mask = 0;
    for (int i = 0; i < 16; ++i)
        mask |= uint32_t(p[i] == ',' || p[i] == '"' || p[i] == '\n') << i;
    return mask;
#endif
}
} // namespace

CsvReader::CsvReader(QString path) : m_path(std::move(path)) {}

CsvReader::~CsvReader()
{
    if (m_map)
        munmap(m_map, m_mapLength);
    if (m_file)
        std::fclose(m_file);
}

bool CsvReader::open(qint64 from, qint64 to, qint64 firstLine)
{
    m_file = std::fopen(QFile::encodeName(m_path).constData(), "rb");
    if (!m_file || (from > 0 && std::fseek(m_file, static_cast<long>(from), SEEK_SET) != 0)) {
        m_error =
            QStringLiteral("cannot open: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    m_bufferOffset = from;
    m_remaining = to < 0 ? -1 : to - from;
    m_line = firstLine;
    struct stat st = {};
    // Mapping saves copying the file out of the page cache, a tenth of reading a big event
    // file; what cannot be mapped (a pipe) is read.
    if (m_windowWanted > 0 && fstat(fileno(m_file), &st) == 0 && S_ISREG(st.st_mode)) {
        m_mapped = true;
        m_window = m_windowWanted;
        m_rangeEnd = to < 0 ? st.st_size : std::min<qint64>(to, st.st_size);
        return true; // the first fill() maps the first window
    }
    m_buffer.resize(chunkSize);
    m_data = m_buffer.data();
    return true;
}

QString CsvReader::error() const
{
    if (m_error.isEmpty())
        return {};
    if (m_errorLine > 0)
        return QStringLiteral("%1:%2: %3").arg(m_path).arg(m_errorLine).arg(m_error);
    return QStringLiteral("%1: %2").arg(m_path, m_error);
}

bool CsvReader::mapNext()
{
    // The next window starts at the first unparsed byte. Mapping at the same place again
    // means a record did not fit: the window doubles.
    const qint64 start = m_bufferOffset + static_cast<qint64>(m_begin);
    if (m_map) {
        munmap(m_map, m_mapLength);
        m_map = nullptr;
        if (start == m_mapStart)
            m_window *= 2;
    }
    const qint64 page = sysconf(_SC_PAGESIZE);
    const qint64 aligned = start - start % page;
    const qint64 length = std::min<qint64>(m_rangeEnd - aligned, static_cast<qint64>(m_window));
    m_bufferOffset = start;
    m_begin = m_end = 0;
    if (length <= start - aligned) {
        m_eof = true;
        return true;
    }
    // Private and writable: quoted fields are unescaped in place, which copies only the
    // pages they are on.
    void *map = mmap(nullptr, static_cast<size_t>(length), PROT_READ | PROT_WRITE, MAP_PRIVATE,
                     fileno(m_file), aligned);
    if (map == MAP_FAILED) {
        m_error =
            QStringLiteral("cannot read: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    madvise(map, static_cast<size_t>(length), MADV_SEQUENTIAL);
    m_map = map;
    m_mapLength = static_cast<size_t>(length);
    m_mapStart = start;
    m_data = static_cast<char *>(map);
    m_bufferOffset = aligned;
    m_begin = static_cast<size_t>(start - aligned);
    m_end = m_mapLength;
    m_eof = aligned + length >= m_rangeEnd;
    return true;
}

bool CsvReader::fill()
{
    if (m_mapped)
        return mapNext();
    // Keep the unparsed tail, make room, read more behind it.
    if (m_begin > 0) {
        std::memmove(m_buffer.data(), m_buffer.data() + m_begin, m_end - m_begin);
        m_end -= m_begin;
        m_bufferOffset += static_cast<qint64>(m_begin);
        m_begin = 0;
    }
    if (m_buffer.size() - m_end < chunkSize / 2) {
        m_buffer.resize(m_buffer.size() * 2);
        m_data = m_buffer.data();
    }
    size_t want = m_buffer.size() - m_end;
    if (m_remaining >= 0)
        want = std::min(want, static_cast<size_t>(m_remaining));
    const size_t got = want == 0 ? 0 : std::fread(m_buffer.data() + m_end, 1, want, m_file);
    if (m_remaining >= 0)
        m_remaining -= static_cast<qint64>(got);
    if (got == 0) {
        if (want > 0 && std::ferror(m_file)) {
            m_error = QStringLiteral("read error");
            return false;
        }
        m_eof = true;
    }
    m_end += got;
    return true;
}

// Parses one record at m_begin. Returns false when the buffer ends before the record does
// (and more data may come); nothing is modified in that case.
bool CsvReader::parseRecord()
{
    // Fast path: most records are one line without quotes. One pass over the line finds
    // its commas and its end, sixteen bytes at a time; reading big files is mostly this.
    {
        const char *data = m_data;
        const char *begin = data + m_begin;
        const char *stop = data + m_end;
        m_fields.clear();
        const char *field = begin;
        const char *eol = nullptr;
        bool quote = false;
        for (const char *p = begin; !eol && !quote; p += 16) {
            if (p >= stop) {
                if (!m_eof)
                    return false;
                break;
            }
            uint32_t found;
            if (stop - p >= 16) {
                found = delimitersIn(p);
            } else {
                // The last bytes of the data: nothing behind them may be read.
                char tail[16] = {};
                std::memcpy(tail, p, static_cast<size_t>(stop - p));
                found = delimitersIn(tail) & ((1u << (stop - p)) - 1);
            }
            for (; found; found &= found - 1) {
                const char *d = p + std::countr_zero(found);
                if (*d == ',') {
                    m_fields.emplace_back(field, static_cast<size_t>(d - field));
                    field = d + 1;
                } else if (*d == '\n') {
                    eol = d;
                    break;
                } else {
                    quote = true;
                    break;
                }
            }
        }
        if (!quote) {
            const char *contentEnd = eol ? eol : stop;
            if (contentEnd > field && contentEnd[-1] == '\r')
                --contentEnd;
            m_fields.emplace_back(field, static_cast<size_t>(contentEnd - field));
            m_quoted.resize(1);
            m_quoted[0] = 0;
            m_recordLine = m_line;
            if (eol) {
                ++m_line;
                m_begin = static_cast<size_t>(eol - data) + 1;
            } else {
                m_begin = m_end;
            }
            return true;
        }
    }

    m_spans.clear();
    m_quoted.clear();
    const char *data = m_data;
    size_t i = m_begin;
    qint64 newlines = 0;
    for (;;) {
        size_t start = i;
        bool quoted = false;
        if (i < m_end && data[i] == '"') {
            quoted = true;
            ++i;
            start = i;
            for (;;) {
                const void *q = std::memchr(data + i, '"', m_end - i);
                if (!q)
                    return false;
                const size_t at = static_cast<size_t>(static_cast<const char *>(q) - data);
                for (size_t k = i; k < at; ++k)
                    newlines += data[k] == '\n';
                if (at + 1 >= m_end && !m_eof)
                    return false; // cannot tell "" from a closing quote yet
                if (at + 1 < m_end && data[at + 1] == '"') {
                    i = at + 2;
                    continue;
                }
                m_spans.emplace_back(start, at);
                i = at + 1;
                break;
            }
            // Anything between the closing quote and the delimiter is kept verbatim, as
            // spreadsheet programs do.
            while (i < m_end && data[i] != ',' && data[i] != '\n')
                ++i;
        } else {
            while (i < m_end && data[i] != ',' && data[i] != '\n')
                ++i;
            size_t end = i;
            if (end > start && data[end - 1] == '\r')
                --end;
            m_spans.emplace_back(start, end);
        }
        m_quoted.push_back(quoted);
        if (i >= m_end) {
            if (!m_eof)
                return false;
            m_begin = m_end;
            break;
        }
        if (data[i] == '\n') {
            ++newlines;
            m_begin = i + 1;
            break;
        }
        ++i; // comma
    }
    m_recordLine = m_line;
    m_line += newlines;

    m_fields.clear();
    for (size_t f = 0; f < m_spans.size(); ++f) {
        auto [s, e] = m_spans[f];
        if (m_quoted[f]) {
            // Collapse "" to " in place; the text only gets shorter.
            char *out = m_data + s;
            const char *in = m_data + s;
            const char *stop = m_data + e;
            char *w = out;
            while (in < stop) {
                *w++ = *in;
                in += (*in == '"') ? 2 : 1;
            }
            m_fields.emplace_back(out, static_cast<size_t>(w - out));
        } else {
            m_fields.emplace_back(m_data + s, e - s);
        }
    }
    return true;
}

bool CsvReader::next()
{
    if (!m_file)
        return false;
    for (;;) {
        if (m_begin >= m_end && m_eof)
            return false;
        if (m_begin < m_end && parseRecord()) {
            if (m_fields.size() == 1 && m_fields[0].empty() && !m_quoted[0])
                continue; // blank line
            return true;
        }
        if (m_eof) {
            // Only an unterminated quote can leave a record unparsed at the end.
            m_error =
                QStringLiteral("%1:%2: a quoted field is never closed").arg(m_path).arg(m_line);
            return false;
        }
        if (!fill())
            return false;
    }
}

int CsvReader::column(std::string_view name) const
{
    for (size_t i = 0; i < m_header.size(); ++i) {
        if (m_header[i] == name)
            return static_cast<int>(i);
    }
    return -1;
}

bool CsvReader::mapHeader(const std::vector<std::string_view> &names, std::vector<int> &indexes)
{
    if (!next()) {
        if (m_error.isEmpty())
            m_error = QStringLiteral("the file is empty; expected a header row");
        return false;
    }
    indexes.assign(names.size(), -1);
    for (qsizetype f = 0; f < fieldCount(); ++f) {
        std::string_view name = field(f);
        // A UTF-8 byte order mark from spreadsheet exports would hide the first column.
        if (f == 0 && name.substr(0, 3) == "\xEF\xBB\xBF")
            name.remove_prefix(3);
        while (!name.empty() && (name.front() == ' ' || name.front() == '\t'))
            name.remove_prefix(1);
        while (!name.empty() && (name.back() == ' ' || name.back() == '\t'))
            name.remove_suffix(1);
        m_header.emplace_back(name);
        for (size_t n = 0; n < names.size(); ++n) {
            if (name == names[n] && indexes[n] < 0)
                indexes[n] = static_cast<int>(f);
        }
    }
    for (size_t n = 0; n < names.size(); ++n) {
        if (indexes[n] < 0) {
            m_errorLine = m_recordLine;
            m_error = QStringLiteral("the header has no column '%1'")
                          .arg(QString::fromUtf8(names[n].data(),
                                                 static_cast<qsizetype>(names[n].size())));
            return false;
        }
    }
    return true;
}

} // namespace wk
