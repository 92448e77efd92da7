#pragma once

#include "domain/scheduleoverride.h"
#include "domain/shiftrequest.h"

#include <QList>
#include <QString>

#include <optional>

namespace wk {

class Database;

// Swap and cover requests, shared by the consoles of a team. Every change names the
// version it was decided on: of two consoles accepting at once, the second finds the
// version moved on and is told so, and nothing of its decision is stored.
class ShiftRequestStore
{
public:
    explicit ShiftRequestStore(Database &db) : m_db(db) {}

    bool add(const ShiftRequest &r, QString *error);
    // The requests, newest first; those decided before `decidedAfter` are left out.
    std::optional<QList<ShiftRequest>> load(const QDateTime &decidedAfter, QString *error) const;
    std::optional<ShiftRequest> find(const QString &id, QString *error) const;
    // Stores r as its next version together with the overrides its decision made: true
    // when stored, false when r.version is no longer the stored one (someone decided
    // first), nothing with *error when the store failed. r.version is advanced.
    std::optional<bool> update(ShiftRequest &r, const QList<ScheduleOverride> &overrides,
                               QString *error);

private:
    Database &m_db;
};

} // namespace wk
