#pragma once

#include "domain/scoremodelinfo.h"

#include <optional>

namespace wk {

class Database;

// The actionable score's trainings, newest wins: the leading console stores each one, and
// every console starts from, and follows, the newest. Only the last few are kept.
class ScoreModelStore
{
public:
    explicit ScoreModelStore(Database &db) : m_db(db) {}

    bool save(const ScoreModelInfo &info, QString *error);
    // The newest training; nullopt on error, a default info when none was stored.
    std::optional<ScoreModelInfo> newest(QString *error) const;
    // When the newest was trained (0: never), without reading the model.
    std::optional<TimestampNs> newestTrainedAt(QString *error) const;

private:
    Database &m_db;
};

} // namespace wk
