#pragma once

#include "domain/handoffnote.h"
#include "domain/scheduleoverride.h"

#include <QDate>
#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>

class QSqlDatabase;

#include <optional>

namespace wk {

class Database;

// What people change about the schedule from the console: overrides and swaps, and the
// outgoing engineer's notes for the handoff meeting. Shared through the database in team mode.
class ScheduleStore
{
public:
    explicit ScheduleStore(Database &db) : m_db(db) {}

    // Both halves of a swap are stored together or not at all.
    bool addOverrides(const QList<ScheduleOverride> &overrides, QString *error);
    // One insert inside the caller's transaction on db.
    static bool insertOverride(QSqlDatabase &db, const ScheduleOverride &o, QString *error);
    bool removeOverride(const QString &id, QString *error);
    std::optional<QList<ScheduleOverride>> loadOverrides(QString *error) const;

    bool saveNote(const HandoffNote &note, QString *error);
    // An empty note (no author) when nobody wrote one for the week.
    std::optional<HandoffNote> loadNote(const QDate &weekStart, QString *error) const;

private:
    Database &m_db;
};

} // namespace wk
