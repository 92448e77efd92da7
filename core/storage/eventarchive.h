#pragma once

#include "domain/event.h"

#include <QList>
#include <QString>

#include <optional>
#include <vector>

namespace wk {

class Database;

// Events of the sources a backtest cannot read again (SQL freshness probes, the alerts the
// HTTP receiver accepted), kept for as long as the workspace says.
class EventArchive
{
public:
    explicit EventArchive(Database &db) : m_db(db) {}

    bool append(const QList<Event> &events, QString *error);
    // One source's events from `from` on, sorted by time, appended to events.
    bool read(const QString &source, TimestampNs from, std::vector<Event> &events,
              QString *error) const;
    // Forgets the events older than `before`; how many, or nothing on error.
    std::optional<qint64> prune(TimestampNs before, QString *error);
    // A dbt run or a deploy: a change to the warehouse or the product, which alerts often
    // follow. Kept from every source, re-readable or not.
    static bool isChange(const Event &e);
    // When such changes were seen from `from` on, sorted.
    std::optional<std::vector<TimestampNs>> changes(TimestampNs from, QString *error) const;
    // The sources on record, with how many events each, for messages.
    std::optional<QList<std::pair<QString, qint64>>> sources(QString *error) const;

private:
    Database &m_db;
};

} // namespace wk
