#include "timestamp.h"

#include <limits>

#include <QTimeZone>

#include <bit>
#include <cstdint>
#include <cstdio>
#include <cstring>

namespace wk {

namespace {

// Days from 1970-01-01 to the given proleptic Gregorian date (after H. Hinnant's
// well-known civil-calendar derivation, written out here from the arithmetic). Inlined
// into the parser: it runs for every row of an event file.
[[gnu::always_inline]] inline qint64 daysFromCivil(qint64 y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const qint64 era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<qint64>(doe) - 719468;
}

void civilFromDays(qint64 z, qint64 &y, unsigned &m, unsigned &d)
{
    z += 719468;
    const qint64 era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = static_cast<qint64>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
}

inline bool isLeap(qint64 y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

inline unsigned daysInMonth(qint64 y, unsigned m)
{
    static constexpr unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && isLeap(y) ? 29 : days[m - 1];
}

class Cursor
{
public:
    explicit Cursor(std::string_view s) : m_s(s) {}
    bool done() const { return m_i >= m_s.size(); }
    char peek() const { return done() ? '\0' : m_s[m_i]; }
    bool eat(char c)
    {
        if (peek() != c)
            return false;
        ++m_i;
        return true;
    }
    // Exactly n digits.
    bool digits(int n, unsigned &out)
    {
        out = 0;
        for (int k = 0; k < n; ++k) {
            const char c = peek();
            if (c < '0' || c > '9')
                return false;
            out = out * 10 + static_cast<unsigned>(c - '0');
            ++m_i;
        }
        return true;
    }
    // A fraction after the decimal point, as nanoseconds; at least one digit.
    bool fraction(qint64 &nanos)
    {
        nanos = 0;
        int n = 0;
        while (peek() >= '0' && peek() <= '9') {
            if (n < 9) {
                nanos = nanos * 10 + (peek() - '0');
                ++n;
            }
            ++m_i;
        }
        if (n == 0)
            return false;
        for (; n < 9; ++n)
            nanos *= 10;
        return true;
    }

private:
    std::string_view m_s;
    size_t m_i = 0;
};

// Seconds past 2262 are refused, so no time read comes near it.
constexpr qint64 invalid = noTimestamp;

TimestampNs parseEpoch(std::string_view s)
{
    bool negative = false;
    size_t i = 0;
    if (i < s.size() && (s[i] == '-' || s[i] == '+'))
        negative = s[i++] == '-';
    qint64 seconds = 0;
    size_t digits = 0;
    for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++digits) {
        seconds = seconds * 10 + (s[i] - '0');
        if (seconds > 9'000'000'000LL) // past the year 2255, nanoseconds would overflow
            return invalid;
    }
    qint64 nanos = 0;
    if (i < s.size() && s[i] == '.') {
        Cursor c(s.substr(i + 1));
        if (!c.fraction(nanos) || !c.done())
            return invalid;
        i = s.size();
    }
    if (digits == 0 || i != s.size())
        return invalid;
    const qint64 total = seconds * nanosPerSecond + nanos;
    return negative ? -total : total;
}

inline unsigned digit(char c)
{
    return static_cast<unsigned>(c) - '0';
}

// Two ASCII digits at p, or a value over 99 when either is not a digit.
inline unsigned twoDigits(const char *p)
{
    const unsigned a = digit(p[0]), b = digit(p[1]);
    return a > 9 || b > 9 ? 100 : a * 10 + b;
}

// Nanoseconds in 64 bits reach from 1677 to 2262; a time outside (Alertmanager's
// "0001-01-01" for "no end yet") is no instant this program can hold.
TimestampNs fromSeconds(qint64 seconds, qint64 nanos)
{
    constexpr qint64 limit = std::numeric_limits<qint64>::max() / nanosPerSecond - 1;
    if (seconds < -limit || seconds > limit)
        return invalid;
    return seconds * nanosPerSecond + nanos;
}

// The days since 1970 of the date "YYYY-MM-DD" at p, or invalid when it is no valid date.
// An event file spans days, not millions of them, so the dates last read are kept, per
// thread, by their ten characters: most rows then skip the date's checks and the calendar
// arithmetic.
[[gnu::always_inline]] inline qint64 daysOfDate(const char *p)
{
    struct Entry
    {
        uint64_t head = 0; // "YYYY-MM-"
        uint16_t tail = 0; // "DD"
        qint64 days = 0;
    };
    thread_local Entry cache[64];
    uint64_t head = 0;
    uint16_t tail = 0;
    std::memcpy(&head, p, 8);
    std::memcpy(&tail, p + 8, 2);
    Entry &e = cache[((head ^ tail) * 0x9e3779b97f4a7c15ULL) >> 58];
    if (e.head == head && e.tail == tail)
        return e.days; // only valid dates are kept, and no valid one is all zero bytes
    const unsigned c = twoDigits(p), y2 = twoDigits(p + 2), mo = twoDigits(p + 5),
                   d = twoDigits(p + 8);
    const qint64 y = c * 100 + y2;
    if (p[4] != '-' || p[7] != '-' || c > 99 || y2 > 99 || mo < 1 || mo > 12 || d < 1 ||
        d > daysInMonth(y, mo))
        return invalid;
    e = {head, tail, daysFromCivil(y, mo, d)};
    return e.days;
}

// Bytes of a word that are all ASCII digits: each has the high nibble 3, and adding 6
// leaves it 3 (no carry leaves a byte: 0x3f + 6 is 0x45).
inline bool allDigits(uint64_t w)
{
    constexpr uint64_t high = 0xf0f0f0f0f0f0f0f0ULL, threes = 0x3030303030303030ULL;
    return (w & high) == threes && ((w + 0x0606060606060606ULL) & high) == threes;
}

// Byte k of the result is ten times digit k plus digit k + 1, for bytes holding 0 to 9.
inline uint64_t digitPairs(uint64_t v)
{
    return v * 10 + (v >> 8);
}

// "YYYY-MM-DDTHH:MM:SS.mmmZ", what most event files hold (JavaScript's toISOString), with
// the time of day checked and read eight bytes at a time; invalid when it is not that.
TimestampNs parseMillisShape(const char *p)
{
    if constexpr (std::endian::native != std::endian::little)
        return invalid;
    // Bytes 8-15 are "DDTHH:MM", bytes 16-23 ":SS.mmmZ": where each word has a separator,
    // and which one.
    constexpr uint64_t sep1 = 0xffULL << 16 | 0xffULL << 40;
    constexpr uint64_t want1 = uint64_t('T') << 16 | uint64_t(':') << 40;
    constexpr uint64_t sep2 = 0xffULL | 0xffULL << 24 | 0xffULL << 56;
    constexpr uint64_t want2 = uint64_t(':') | uint64_t('.') << 24 | uint64_t('Z') << 56;
    constexpr uint64_t zeros = 0x3030303030303030ULL;
    uint64_t w1 = 0, w2 = 0;
    std::memcpy(&w1, p + 8, 8);
    std::memcpy(&w2, p + 16, 8);
    // Separators replaced by '0', so that every byte must be a digit.
    const uint64_t d1 = (w1 & ~sep1) | (zeros & sep1), d2 = (w2 & ~sep2) | (zeros & sep2);
    if ((w1 & sep1) != want1 || (w2 & sep2) != want2 || !allDigits(d1) || !allDigits(d2))
        return invalid;
    const uint64_t v2 = d2 - zeros;
    const uint64_t pairs1 = digitPairs(d1 - zeros), pairs2 = digitPairs(v2);
    const unsigned h = pairs1 >> 24 & 0xff, mi = pairs1 >> 48 & 0xff, sec = pairs2 >> 8 & 0xff;
    const unsigned ms = (pairs2 >> 32 & 0xff) * 10 + (v2 >> 48 & 0xff);
    if (h > 23 || mi > 59 || sec > 59)
        return invalid;
    const qint64 days = daysOfDate(p);
    if (days == invalid)
        return invalid;
    return fromSeconds(days * 86400 + h * 3600 + mi * 60 + sec, ms * 1'000'000LL);
}

TimestampNs parseIso(std::string_view s)
{
    if (s.size() == 24) {
        const TimestampNs t = parseMillisShape(s.data());
        if (t != invalid)
            return t;
    }
    // The common shape, "YYYY-MM-DDTHH:MM:SS" with an optional fraction and Z, read by
    // position; everything else goes through the general reader below.
    if (s.size() >= 20 && s[10] == 'T' && s[13] == ':' && s[16] == ':' && s.back() == 'Z') {
        const char *p = s.data();
        const qint64 days = daysOfDate(p);
        const unsigned h = twoDigits(p + 11), mi = twoDigits(p + 14), sec = twoDigits(p + 17);
        qint64 nanos = 0;
        bool ok = days != invalid && h <= 23 && mi <= 59 && sec <= 59;
        if (ok && s.size() == 24 && s[19] == '.') {
            // Milliseconds, the most common fraction, without the general loop.
            const unsigned a = digit(s[20]), b = digit(s[21]), c3 = digit(s[22]);
            ok = a <= 9 && b <= 9 && c3 <= 9;
            nanos = (a * 100 + b * 10 + c3) * 1'000'000LL;
        } else if (ok && s.size() > 20) {
            Cursor frac(s.substr(20, s.size() - 21));
            ok = s[19] == '.' && frac.fraction(nanos) && frac.done();
        }
        if (ok)
            return fromSeconds(days * 86400 + h * 3600 + mi * 60 + sec, nanos);
    }

    Cursor c(s);
    unsigned y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
    if (!c.digits(4, y) || !c.eat('-') || !c.digits(2, mo) || !c.eat('-') || !c.digits(2, d))
        return invalid;
    if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo))
        return invalid;
    qint64 nanos = 0;
    qint64 offsetSeconds = 0;
    if (!c.done()) {
        if (!c.eat('T') && !c.eat(' ') && !c.eat('t'))
            return invalid;
        if (!c.digits(2, h) || !c.eat(':') || !c.digits(2, mi))
            return invalid;
        if (c.eat(':')) {
            if (!c.digits(2, sec))
                return invalid;
            if ((c.eat('.') || c.eat(',')) && !c.fraction(nanos))
                return invalid;
        }
        // 24:00 and leap seconds are not accepted: events carry real clock readings.
        if (h > 23 || mi > 59 || sec > 59)
            return invalid;
        if (c.eat('Z') || c.eat('z')) {
        } else if (c.peek() == '+' || c.peek() == '-') {
            const bool minus = c.peek() == '-';
            c.eat(c.peek());
            unsigned oh = 0, om = 0;
            if (!c.digits(2, oh))
                return invalid;
            c.eat(':');
            if (!c.done() && !c.digits(2, om))
                return invalid;
            if (oh > 23 || om > 59)
                return invalid;
            offsetSeconds = (minus ? -1 : 1) * static_cast<qint64>(oh * 3600 + om * 60);
        }
        if (!c.done())
            return invalid;
    }
    return fromSeconds(daysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - offsetSeconds,
                       nanos);
}

} // namespace

TimestampNs timestampOf(std::string_view text)
{
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    if (text.empty())
        return invalid;
    // A date has a '-' after four digits; epoch seconds never do.
    return text.size() >= 5 && text[4] == '-' ? parseIso(text) : parseEpoch(text);
}

std::string formatTimestamp(TimestampNs t)
{
    qint64 seconds = t / nanosPerSecond;
    qint64 nanos = t % nanosPerSecond;
    if (nanos < 0) {
        nanos += nanosPerSecond;
        --seconds;
    }
    qint64 days = seconds / 86400;
    qint64 rest = seconds % 86400;
    if (rest < 0) {
        rest += 86400;
        --days;
    }
    qint64 y = 0;
    unsigned m = 0, d = 0;
    civilFromDays(days, y, m, d);
    char buf[64];
    int n =
        std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lld",
                      static_cast<long long>(y), m, d, static_cast<long long>(rest / 3600),
                      static_cast<long long>(rest / 60 % 60), static_cast<long long>(rest % 60));
    if (nanos % 1000000 == 0 && nanos != 0)
        n += std::snprintf(buf + n, sizeof buf - static_cast<size_t>(n), ".%03lld",
                           static_cast<long long>(nanos / 1000000));
    else if (nanos % 1000 == 0 && nanos != 0)
        n += std::snprintf(buf + n, sizeof buf - static_cast<size_t>(n), ".%06lld",
                           static_cast<long long>(nanos / 1000));
    else if (nanos != 0)
        n += std::snprintf(buf + n, sizeof buf - static_cast<size_t>(n), ".%09lld",
                           static_cast<long long>(nanos));
    buf[n++] = 'Z';
    return std::string(buf, static_cast<size_t>(n));
}

QDateTime toDateTime(TimestampNs t)
{
    return QDateTime::fromMSecsSinceEpoch(t / 1'000'000, QTimeZone::utc());
}

TimestampNs toTimestamp(const QDateTime &t)
{
    return t.toMSecsSinceEpoch() * 1'000'000;
}

} // namespace wk
