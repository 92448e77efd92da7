#pragma once

#include "domain/alert.h"
#include "domain/silence.h"

#include <QHash>
#include <QList>
#include <QString>

#include <optional>

namespace wk {

class Database;

// Alert state in the store. Each save is one transaction: after a crash the store holds
// every alert as of some save, never half of one.
class AlertStore
{
public:
    explicit AlertStore(Database &db) : m_db(db) {}

    bool save(const QList<Alert> &changed, QString *error);
    std::optional<QList<Alert>> load(QString *error);

    bool saveSilence(const Silence &silence, QString *error);
    std::optional<QList<Silence>> loadSilences(QString *error);

private:
    Database &m_db;
    QHash<qint64, qsizetype> m_storedTimeline; // timeline entries already written per alert
};

} // namespace wk
