#pragma once

#include "burstrule.h"
#include "namelist.h"
#include "stringindex.h"
#include "text/diagnostic.h"

#include <QList>
#include <QString>

#include <atomic>
#include <string>
#include <vector>

namespace wk {

class RowReader;

struct BurstInputFiles
{
    QString events;    // user_id, event_name, event_timestamp
    QString users;     // user_id, team_id, is_team_owner
    QString teams;     // team_id, customer_id
    QString customers; // customer_id, revenue
};

// Evaluates the burst rule over CSV files, as `watchkeeper check burst` does: the whole
// history (replay) or one instant. Built for tens of millions of events: rows stream
// through, and only the SLA events of team owners are kept, as (key, time) pairs.
class BurstCheck
{
public:
    explicit BurstCheck(BurstParameters parameters);

    // Reads all four files. Any bad row makes it return false with the problems (file,
    // line, column name, what is wrong) and keep nothing.
    bool load(const BurstInputFiles &files, QList<Diagnostic> *errors);

    // Each (user, event) whose count reached the threshold at some instant, with its peak.
    QList<BurstRow> replay() const;
    // Each (user, event) whose count in the window ending at t is at least the threshold.
    QList<BurstRow> at(TimestampNs t) const;

    qint64 eventRowsRead() const { return m_eventRows; }
    qint64 eventsKept() const { return static_cast<qint64>(m_times.size()); }

private:
    struct Hit
    {
        uint32_t key;
        int count;
    };
    bool loadUsers(const QString &path, QList<Diagnostic> &errors);
    // Reads the users, keeping the owners; with hashes, collects a hash of every id instead
    // of checking that each is new.
    bool readUsers(const QString &path, QList<Diagnostic> &errors, std::vector<uint64_t> *hashes);
    bool loadTeams(const QString &path, QList<Diagnostic> &errors);
    bool loadCustomers(const QString &path, QList<Diagnostic> &errors);
    // A piece of the event file that the threads share; each ends at a line end.
    struct EventChunk
    {
        qint64 from = 0;
        qint64 to = -1; // -1: to the end of the file
        std::vector<uint32_t> keys;
        std::vector<TimestampNs> times;
        // SLA events read before the team owners were known: looked up once they are.
        struct Pending
        {
            std::string user;
            uint32_t name;
            TimestampNs time;
        };
        std::vector<Pending> pending;
        qint64 rows = 0;
        bool endedAtItsEnd = false;
        QList<Diagnostic> errors;
    };
    struct EventFile
    {
        QString path;
        std::vector<int> columns; // the header's indexes of the three columns
        // One piece for a small file or one core; none when the header is bad.
        std::vector<EventChunk> chunks;
        QList<Diagnostic> headerErrors;
    };
    EventFile planEvents(const QString &path) const;
    void readChunk(const EventFile &file, EventChunk &chunk,
                   const std::atomic<bool> &ownersKnown) const;
    bool readChunkQuickly(const EventFile &file, EventChunk &chunk,
                          const std::atomic<bool> &ownersKnown) const;
    void readEvents(RowReader &rows, EventChunk &chunk, const std::atomic<bool> &ownersKnown) const;
    void keep(EventChunk &chunk, std::string_view user, uint32_t name, TimestampNs time,
              bool &known, const std::atomic<bool> &ownersKnown) const;
    bool takeEvents(EventFile &file, QList<Diagnostic> &errors);
    void groupEvents();
    QList<BurstRow> rows(const std::vector<Hit> &hits) const;
    void clear();

    BurstParameters m_parameters;
    NameList m_slaNames;

    // The team owners, numbered as read: what each SLA event's user is looked up in. A
    // table of the few owners stays in cache where one of every user does not.
    StringIndex m_ownerIds;
    std::vector<uint32_t> m_ownerTeam; // per owner: team index or npos

    StringIndex m_teams;
    std::vector<uint32_t> m_teamCustomer; // customer index or npos
    StringIndex m_customers;
    std::vector<double> m_revenue;

    qint64 m_eventRows = 0;
    std::vector<uint32_t> m_keys; // owner * names + name, while loading
    std::vector<TimestampNs> m_times;
    std::vector<size_t> m_groupStart; // per key, into m_times once grouped; size keys + 1
};

} // namespace wk
