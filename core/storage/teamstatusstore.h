#pragma once

#include "domain/enginestatus.h"

#include <optional>

namespace wk {

class Database;

// Team mode: the leading console's view of the sources, kept in the shared store so that
// the consoles following it show the same freshness, source health and dbt catalog.
class TeamStatusStore
{
public:
    explicit TeamStatusStore(Database &db) : m_db(db) {}

    bool publish(const EngineStatus &status, TimestampNs now, QString *error);
    // The leader's sources, freshness, dbt models, rate and last evaluation, written into *status;
    // false with *error on failure. A store no leader has written to leaves it unchanged.
    bool readInto(EngineStatus *status, QString *error);
    // The leader's last publish time as it wrote it (its clock, not ours): followers only
    // watch whether it still changes. nullopt when nothing was published or on an error.
    std::optional<TimestampNs> heartbeat() const;
    // Ends the database session of whoever holds the leader's advisory lock, other than
    // this one, which releases the lock. For a leader that has gone silent.
    bool endLeaderSession(qint64 lock, QString *error);

private:
    Database &m_db;
};

} // namespace wk
