#include "burstcheck.h"

#include "domain/idorder.h"
#include "wordhash.h"

#include "sources/csvquickscan.h"
#include "sources/csvreader.h"
#include "text/csvvalues.h"

#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <charconv>
#include <climits>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>
#include <thread>

namespace wk {

namespace {

// After this many problems the rest of a file is not read: the user has enough to fix.
constexpr qsizetype maxErrors = 20;

using csv::text;
using csv::trimmed;

// Whether two of the hashes are equal. They are spread by their top bits into buckets of a
// few each, which are then sorted on their own: two passes over the list instead of a sort
// of all of it.
bool anyTwoAlike(const std::vector<uint64_t> &hashes)
{
    constexpr int bits = 16;
    std::vector<uint32_t> start((size_t(1) << bits) + 1, 0);
    for (uint64_t h : hashes)
        ++start[(h >> (64 - bits)) + 1];
    std::partial_sum(start.begin(), start.end(), start.begin());
    std::vector<uint64_t> spread(hashes.size());
    std::vector<uint32_t> fill(start.begin(), start.end() - 1);
    for (uint64_t h : hashes)
        spread[fill[h >> (64 - bits)]++] = h;
    for (size_t b = 0; b + 1 < start.size(); ++b) {
        const auto from = spread.begin() + start[b], to = spread.begin() + start[b + 1];
        if (to - from < 2)
            continue;
        std::sort(from, to);
        if (std::adjacent_find(from, to) != to)
            return true;
    }
    return false;
}

} // namespace

// Reads a CSV file by column names, reporting bad rows as diagnostics.
class RowReader
{
public:
    // `check burst` reads files named on its command line, in place for its run: mapped.
    RowReader(const QString &path, QList<Diagnostic> &errors) : m_csv(path), m_errors(errors)
    {
        m_csv.mapInWindows();
    }

    bool open(const std::vector<std::string_view> &columns)
    {
        m_names = columns;
        if (!m_csv.open() || !m_csv.mapHeader(columns, m_index)) {
            csvError();
            return false;
        }
        m_needed = *std::max_element(m_index.begin(), m_index.end()) + 1;
        return true;
    }

    // Reads only the records in [from, to), with the columns a full open() found.
    bool openRange(const std::vector<std::string_view> &columns, const std::vector<int> &index,
                   qint64 from, qint64 to)
    {
        m_names = columns;
        m_index = index;
        m_needed = *std::max_element(m_index.begin(), m_index.end()) + 1;
        if (!m_csv.open(from, to)) {
            csvError();
            return false;
        }
        return true;
    }

    const std::vector<int> &columnIndex() const { return m_index; }
    qint64 offset() const { return m_csv.offset(); }

    // Next well-formed row; rows with too few fields are reported and skipped.
    bool next()
    {
        while (m_errors.size() < maxErrors && m_csv.next()) {
            if (m_csv.fieldCount() >= m_needed)
                return true;
            error(QStringLiteral("has %1 field(s) but the header needs at least %2")
                      .arg(m_csv.fieldCount())
                      .arg(m_needed));
        }
        if (!m_csv.error().isEmpty())
            csvError();
        return false;
    }

    void csvError()
    {
        m_errors.append(
            {m_csv.path(), static_cast<int>(m_csv.errorLine()), 0, m_csv.errorMessage()});
    }

    std::string_view field(size_t column) const { return trimmed(m_csv.field(m_index[column])); }

    void error(const QString &message)
    {
        m_errors.append({m_csv.path(), static_cast<int>(m_csv.line()), 0, message});
    }
    void fieldError(size_t column, const QString &problem)
    {
        error(
            QStringLiteral("%1 '%2' %3").arg(text(m_names[column]), text(field(column)), problem));
    }

private:
    CsvReader m_csv;
    QList<Diagnostic> &m_errors;
    std::vector<std::string_view> m_names;
    std::vector<int> m_index;
    qsizetype m_needed = 0;
};

namespace {
std::vector<std::string> stdStrings(const QStringList &list)
{
    std::vector<std::string> out;
    for (const QString &s : list)
        out.push_back(s.toStdString());
    return out;
}
} // namespace

BurstCheck::BurstCheck(BurstParameters parameters)
    : m_parameters(std::move(parameters)), m_slaNames(stdStrings(m_parameters.slaEvents))
{}

void BurstCheck::clear()
{
    *this = BurstCheck(m_parameters);
}

bool BurstCheck::load(const BurstInputFiles &files, QList<Diagnostic> *errors)
{
    QList<Diagnostic> problems;
    // The events are the bulk, and their reading does not wait for the users: helper
    // threads start on the file's pieces at once, keeping the SLA events they meet before
    // the team owners are known by user id, while this thread reads users, teams and
    // customers and then takes pieces too.
    EventFile events = planEvents(files.events);
    std::atomic<bool> ownersKnown = false;
    std::atomic<bool> stop = false;
    std::atomic<size_t> next = 0;
    auto work = [&] {
        for (size_t i = next++; i < events.chunks.size() && !stop; i = next++)
            readChunk(events, events.chunks[i], ownersKnown);
    };
    std::vector<std::thread> helpers;
    if (!events.chunks.empty()) {
        const unsigned cores = std::max(2u, std::thread::hardware_concurrency());
        for (unsigned i = 1; i < std::min(cores, 8u); ++i)
            helpers.emplace_back(work);
    }
    bool ok = loadUsers(files.users, problems) && loadTeams(files.teams, problems) &&
              loadCustomers(files.customers, problems);
    ownersKnown.store(true, std::memory_order_release);
    if (ok)
        work();
    else
        stop = true;
    for (std::thread &t : helpers)
        t.join();
    ok = ok && takeEvents(events, problems);
    if (!ok || !problems.isEmpty()) {
        clear();
        if (errors)
            *errors = problems;
        return false;
    }
    groupEvents();
    return true;
}

bool BurstCheck::loadUsers(const QString &path, QList<Diagnostic> &errors)
{
    // Only the team owners are kept. That every id is given once is checked by sorting a
    // hash of each: an index of every user, filled in file order, spent most of its time
    // waiting for memory. Any problem, or two ids that hash alike, and the file is read
    // again checking each id against those before it, so that every problem is reported at
    // its line, in order.
    std::vector<uint64_t> hashes;
    QList<Diagnostic> problems;
    if (readUsers(path, problems, &hashes) && !anyTwoAlike(hashes))
        return true;
    m_ownerIds = StringIndex();
    m_ownerTeam.clear();
    m_teams = StringIndex();
    return readUsers(path, errors, nullptr);
}

bool BurstCheck::readUsers(const QString &path, QList<Diagnostic> &errors,
                           std::vector<uint64_t> *hashes)
{
    RowReader rows(path, errors);
    if (!rows.open({"user_id", "team_id", "is_team_owner"}))
        return false;
    StringIndex seen; // when reading again: every id so far
    while (rows.next()) {
        const std::string_view id = rows.field(0);
        if (id.empty()) {
            rows.error(QStringLiteral("user_id is empty"));
            continue;
        }
        const auto owner = csv::flag(rows.field(2));
        if (!owner) {
            rows.fieldError(2, QStringLiteral("is not 1/0 or true/false"));
            continue;
        }
        bool added = true;
        if (hashes)
            hashes->push_back(wordHash(id.data(), id.size()));
        else
            seen.insert(id, &added);
        if (added && *owner)
            m_ownerIds.insert(id, &added);
        if (!added) {
            rows.fieldError(0, QStringLiteral("appears more than once"));
            continue;
        }
        if (*owner) {
            const std::string_view team = rows.field(1);
            m_ownerTeam.push_back(team.empty() ? StringIndex::npos : m_teams.insert(team));
        }
    }
    return errors.isEmpty();
}

bool BurstCheck::loadTeams(const QString &path, QList<Diagnostic> &errors)
{
    RowReader rows(path, errors);
    if (!rows.open({"team_id", "customer_id"}))
        return false;
    // Teams named by owners come first in m_teams; seen marks each team the file gave.
    m_teamCustomer.assign(m_teams.size(), StringIndex::npos);
    std::vector<char> seen(m_teams.size(), 0);
    while (rows.next()) {
        const std::string_view id = rows.field(0);
        if (id.empty()) {
            rows.error(QStringLiteral("team_id is empty"));
            continue;
        }
        const uint32_t team = m_teams.insert(id);
        if (team >= m_teamCustomer.size()) {
            m_teamCustomer.resize(team + 1, StringIndex::npos);
            seen.resize(team + 1, 0);
        }
        if (seen[team]) {
            rows.fieldError(0, QStringLiteral("appears more than once"));
            continue;
        }
        seen[team] = 1;
        const std::string_view customer = rows.field(1);
        m_teamCustomer[team] = customer.empty() ? StringIndex::npos : m_customers.insert(customer);
    }
    m_teamCustomer.resize(m_teams.size(), StringIndex::npos);
    return errors.isEmpty();
}

bool BurstCheck::loadCustomers(const QString &path, QList<Diagnostic> &errors)
{
    RowReader rows(path, errors);
    if (!rows.open({"customer_id", "revenue"}))
        return false;
    // Customers named by teams come first in m_customers; a revenue of NaN marks "unknown".
    m_revenue.assign(m_customers.size(), std::numeric_limits<double>::quiet_NaN());
    std::vector<char> seen(m_customers.size(), 0);
    while (rows.next()) {
        const std::string_view id = rows.field(0);
        if (id.empty()) {
            rows.error(QStringLiteral("customer_id is empty"));
            continue;
        }
        const std::string_view value = rows.field(1);
        double revenue = 0;
        const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), revenue);
        if (ec != std::errc() || end != value.data() + value.size() || value.empty() ||
            !std::isfinite(revenue)) {
            rows.fieldError(1, QStringLiteral("is not a number"));
            continue;
        }
        const uint32_t c = m_customers.insert(id);
        if (c >= m_revenue.size()) {
            m_revenue.resize(c + 1, std::numeric_limits<double>::quiet_NaN());
            seen.resize(c + 1, 0);
        }
        if (seen[c]) {
            rows.fieldError(0, QStringLiteral("appears more than once"));
            continue;
        }
        seen[c] = 1;
        m_revenue[c] = revenue;
    }
    return errors.isEmpty();
}

namespace {
const std::vector<std::string_view> eventColumns = {"user_id", "event_name", "event_timestamp"};
}

// Keeps an SLA event when its user is a team owner; before the owners are known, keeps it
// aside by the user's id.
[[gnu::always_inline]] inline void BurstCheck::keep(EventChunk &chunk, std::string_view user,
                                                    uint32_t name, TimestampNs time, bool &known,
                                                    const std::atomic<bool> &ownersKnown) const
{
    if (!known && !(known = ownersKnown.load(std::memory_order_acquire))) [[unlikely]] {
        chunk.pending.push_back({std::string(user), name, time});
        return;
    }
    const uint32_t owner = m_ownerIds.find(user);
    if (owner == StringIndex::npos)
        return;
    chunk.keys.push_back(owner * m_slaNames.size() + name);
    chunk.times.push_back(time);
}

// Reads event rows from the reader until its end, keeping the SLA events of team owners.
void BurstCheck::readEvents(RowReader &rows, EventChunk &chunk,
                            const std::atomic<bool> &ownersKnown) const
{
    const uint32_t names = m_slaNames.size();
    bool known = ownersKnown.load(std::memory_order_acquire);
    while (rows.next()) {
        ++chunk.rows;
        // Every row's time is checked, kept or not: a file with a bad row is bad input.
        const auto t = parseTimestamp(rows.field(2));
        if (!t) {
            rows.fieldError(2,
                            QStringLiteral("is neither an ISO 8601 time nor Unix epoch seconds"));
            continue;
        }
        const uint32_t n = m_slaNames.indexOf(rows.field(1));
        if (n != names)
            keep(chunk, rows.field(0), n, *t, known, ownersKnown);
    }
}

// A piece as it is in the page cache, through CsvQuickScan: true when the piece needed
// nothing more. Anything else (a quote, a short row, a bad time) leaves the piece as it was
// for RowReader, which reads every row of it and names each problem.
bool BurstCheck::readChunkQuickly(const EventFile &file, EventChunk &chunk,
                                  const std::atomic<bool> &ownersKnown) const
{
    QFile f(file.path);
    if (!f.open(QIODevice::ReadOnly | QIODevice::Unbuffered))
        return false;
    const int user = file.columns[0], name = file.columns[1], time = file.columns[2];
    const uint32_t names = m_slaNames.size();
    bool known = ownersKnown.load(std::memory_order_acquire);
    const auto result =
        CsvQuickScan::scan(f, chunk.from, chunk.to, std::max({user, name, time}) + 1,
                           [&](const std::string_view *fields) {
                               const auto t = parseTimestamp(trimmed(fields[time]));
                               if (!t)
                                   return false;
                               ++chunk.rows;
                               const uint32_t n = m_slaNames.indexOf(trimmed(fields[name]));
                               if (n != names)
                                   keep(chunk, trimmed(fields[user]), n, *t, known, ownersKnown);
                               return true;
                           });
    if (result == CsvQuickScan::Result::Done)
        return true;
    EventChunk fresh;
    fresh.from = chunk.from;
    fresh.to = chunk.to;
    chunk = std::move(fresh);
    return false;
}

BurstCheck::EventFile BurstCheck::planEvents(const QString &path) const
{
    EventFile file;
    file.path = path;
    RowReader head(path, file.headerErrors);
    if (!head.open(eventColumns))
        return file;
    file.columns = head.columnIndex();
    // Pieces of at least 2 MB, about thirty-two per thread, so that a thread that started
    // late or ran slower takes fewer, and the last piece keeps the other threads waiting
    // for a few milliseconds at most. Each starts just past a line end. That is a record
    // boundary unless a quoted field spans it, which the piece before detects by not ending
    // exactly there; then the file is read again in one pass (takeEvents).
    // A small file, or one core, is one piece.
    const qint64 size = QFileInfo(path).size();
    const qint64 body = head.offset();
    const qint64 threads = std::max(2u, std::thread::hardware_concurrency());
    QFile f(path);
    const bool split = size - body > (8 << 20) && std::thread::hardware_concurrency() >= 2 &&
                       f.open(QIODevice::ReadOnly);
    const qint64 piece =
        std::clamp((size - body) / (threads * 32), qint64(2) << 20, qint64(64) << 20);
    std::vector<qint64> starts = {body};
    for (qint64 at = body + piece; split && at < size; at += piece) {
        if (at <= starts.back() || !f.seek(at))
            continue;
        const QByteArray probe = f.read(1 << 16);
        const qsizetype nl = probe.indexOf('\n');
        if (nl >= 0 && at + nl + 1 < size)
            starts.push_back(at + nl + 1);
    }
    for (size_t i = 0; i < starts.size(); ++i) {
        EventChunk chunk;
        chunk.from = starts[i];
        chunk.to = i + 1 < starts.size() ? starts[i + 1] : -1;
        file.chunks.push_back(std::move(chunk));
    }
    return file;
}

void BurstCheck::readChunk(const EventFile &file, EventChunk &chunk,
                           const std::atomic<bool> &ownersKnown) const
{
    if (readChunkQuickly(file, chunk, ownersKnown)) {
        chunk.endedAtItsEnd = true;
        return;
    }
    RowReader rows(file.path, chunk.errors);
    if (!rows.openRange(eventColumns, file.columns, chunk.from, chunk.to))
        return;
    readEvents(rows, chunk, ownersKnown);
    chunk.endedAtItsEnd = chunk.to < 0 || rows.offset() == chunk.to;
}

// Gathers what the pieces kept, looking up the owners of the pending events. When a piece
// found a problem or did not end at its end, the file is read again in one pass, so that
// messages carry exact line numbers.
bool BurstCheck::takeEvents(EventFile &file, QList<Diagnostic> &errors)
{
    if (!file.headerErrors.isEmpty()) {
        errors += file.headerErrors;
        return false;
    }
    const bool piecesGood =
        !file.chunks.empty() && std::all_of(file.chunks.begin(), file.chunks.end(), [](auto &c) {
            return c.errors.isEmpty() && c.endedAtItsEnd;
        });
    const uint32_t names = m_slaNames.size();
    if (piecesGood) {
        m_eventRows = 0;
        for (EventChunk &c : file.chunks) {
            m_eventRows += c.rows;
            for (const EventChunk::Pending &p : c.pending) {
                const uint32_t owner = m_ownerIds.find(p.user);
                if (owner != StringIndex::npos) {
                    c.keys.push_back(owner * names + p.name);
                    c.times.push_back(p.time);
                }
            }
            if (m_keys.empty()) {
                m_keys = std::move(c.keys);
                m_times = std::move(c.times);
            } else {
                m_keys.insert(m_keys.end(), c.keys.begin(), c.keys.end());
                m_times.insert(m_times.end(), c.times.begin(), c.times.end());
            }
            c = EventChunk();
        }
        return true;
    }
    file.chunks.clear();
    EventChunk all;
    const std::atomic<bool> known = true;
    RowReader rows(file.path, all.errors);
    if (rows.open(eventColumns))
        readEvents(rows, all, known);
    errors += all.errors;
    m_eventRows = all.rows;
    m_keys = std::move(all.keys);
    m_times = std::move(all.times);
    return errors.isEmpty();
}

void BurstCheck::groupEvents()
{
    // A counting sort by key: two linear passes instead of sorting all events, then each
    // (user, event) group, typically a handful of events, is sorted by time on its own.
    const size_t keys = size_t(m_ownerIds.size()) * m_slaNames.size();
    m_groupStart.assign(keys + 1, 0);
    for (uint32_t k : m_keys)
        ++m_groupStart[k + 1];
    std::partial_sum(m_groupStart.begin(), m_groupStart.end(), m_groupStart.begin());
    std::vector<TimestampNs> sorted(m_times.size());
    std::vector<size_t> fill(m_groupStart.begin(), m_groupStart.end() - 1);
    for (size_t i = 0; i < m_keys.size(); ++i)
        sorted[fill[m_keys[i]]++] = m_times[i];
    m_times.swap(sorted);
    std::vector<uint32_t>().swap(m_keys);
    for (size_t k = 0; k < keys; ++k)
        std::sort(m_times.begin() + static_cast<std::ptrdiff_t>(m_groupStart[k]),
                  m_times.begin() + static_cast<std::ptrdiff_t>(m_groupStart[k + 1]));
}

QList<BurstRow> BurstCheck::replay() const
{
    std::vector<Hit> hits;
    const TimestampNs w = m_parameters.windowNs;
    for (size_t k = 0; k + 1 < m_groupStart.size(); ++k) {
        const size_t begin = m_groupStart[k];
        const size_t end = m_groupStart[k + 1];
        if (end - begin < static_cast<size_t>(m_parameters.threshold))
            continue;
        // The count can only peak at an event's time; at e_j the window holds every event
        // in [e_j - W, e_j], and equal times are all counted once j reaches the last of them.
        size_t first = begin;
        size_t peak = 0;
        for (size_t j = begin; j < end; ++j) {
            while (m_times[first] < m_times[j] - w)
                ++first;
            peak = std::max(peak, j - first + 1);
        }
        if (peak >= static_cast<size_t>(m_parameters.threshold))
            hits.push_back({static_cast<uint32_t>(k), static_cast<int>(peak)});
    }
    return rows(hits);
}

QList<BurstRow> BurstCheck::at(TimestampNs t) const
{
    std::vector<Hit> hits;
    for (size_t k = 0; k + 1 < m_groupStart.size(); ++k) {
        const auto begin = m_times.begin() + static_cast<std::ptrdiff_t>(m_groupStart[k]);
        const auto end = m_times.begin() + static_cast<std::ptrdiff_t>(m_groupStart[k + 1]);
        if (end - begin < m_parameters.threshold)
            continue;
        const auto from = std::lower_bound(begin, end, t - m_parameters.windowNs);
        const auto to = std::upper_bound(from, end, t);
        if (to - from >= m_parameters.threshold)
            hits.push_back({static_cast<uint32_t>(k), static_cast<int>(to - from)});
    }
    return rows(hits);
}

QList<BurstRow> BurstCheck::rows(const std::vector<Hit> &hits) const
{
    // RANK() over customers by revenue, highest first: 1 + how many earn strictly more.
    std::vector<double> known;
    for (double r : m_revenue) {
        if (!std::isnan(r))
            known.push_back(r);
    }
    std::sort(known.begin(), known.end(), std::greater<>());
    auto rankOf = [&](uint32_t owner) -> qint64 {
        const uint32_t team = m_ownerTeam[owner];
        if (team == StringIndex::npos || team >= m_teamCustomer.size())
            return LLONG_MAX;
        const uint32_t customer = m_teamCustomer[team];
        if (customer == StringIndex::npos || customer >= m_revenue.size() ||
            std::isnan(m_revenue[customer]))
            return LLONG_MAX;
        const double r = m_revenue[customer];
        return 1 +
               (std::lower_bound(known.begin(), known.end(), r, std::greater<>()) - known.begin());
    };

    const uint32_t names = m_slaNames.size();
    struct Keyed
    {
        qint64 rank;
        int count;
        std::string_view user;
        std::optional<qint64> userNumber; // when the id is an integer
        std::string_view name;
        uint32_t owner;
    };
    std::vector<Keyed> keyed;
    keyed.reserve(hits.size());
    for (const Hit &h : hits) {
        const uint32_t owner = h.key / names;
        const std::string_view id = m_ownerIds.at(owner);
        keyed.push_back({rankOf(owner), h.count, id, IdOrder::integer(id),
                         m_slaNames.at(h.key % names), owner});
    }
    // Ids as SQL orders the seed's integer ids (IdOrder); names in byte order, as SQL's
    // default (binary) collation compares them.
    std::sort(keyed.begin(), keyed.end(), [](const Keyed &a, const Keyed &b) {
        if (a.rank != b.rank)
            return a.rank < b.rank;
        if (a.count != b.count)
            return a.count > b.count;
        if (const int byId = IdOrder::compare(a.userNumber, a.user, b.userNumber, b.user))
            return byId < 0;
        return a.name < b.name;
    });
    QList<BurstRow> out;
    out.reserve(static_cast<qsizetype>(keyed.size()));
    for (const Keyed &k : keyed) {
        const uint32_t team = m_ownerTeam[k.owner];
        out.append({text(k.user), team == StringIndex::npos ? QString() : text(m_teams.at(team)),
                    text(k.name), k.count});
    }
    return out;
}

} // namespace wk
