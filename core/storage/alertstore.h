#pragma once

#include "checkpointstore.h"
#include "domain/alert.h"
#include "domain/alertrequest.h"
#include "domain/delivery.h"
#include "domain/silence.h"

#include <QHash>
#include <QList>
#include <QString>

#include <memory>
#include <optional>

class QSqlQuery;

namespace wk {

class Database;

// Alert state in the store. Each save is one transaction: after a crash the store holds
// every alert as of some save, never half of one.
class AlertStore
{
public:
    // The PostgreSQL channel a store notifies when alerts or requests are stored.
    static constexpr const char *notifyChannel = "watchkeeper_alerts";

    explicit AlertStore(Database &db);
    ~AlertStore();
    AlertStore(const AlertStore &) = delete;
    AlertStore &operator=(const AlertStore &) = delete;

    // Stores the alerts as one new revision, and in the same transaction the answers to
    // the requests that led to them and the source positions past the events that did.
    // And the deliveries the changes call for: a page is stored with what it is about, and
    // with the timeline entries of attempts, how far those are on the timelines.
    bool save(const QList<Alert> &changed, QString *error, const QList<AlertRequest> &answered = {},
              const SourceCheckpoints &checkpoints = {}, const DeliveryChanges &deliveries = {});
    std::optional<QList<Alert>> load(QString *error);
    // The alerts another console stored since the last load or call, with their timelines.
    std::optional<QList<Alert>> loadChanged(QString *error);
    // These alerts (those still stored), with their timelines; for a reader that is not the
    // engine, such as the sender writing a page's message.
    std::optional<QList<Alert>> loadSome(const QList<qint64> &ids, QString *error);
    // The newest revision this store has written or read.
    qint64 revision() const { return m_revision; }

    // Wakes the other consoles on a PostgreSQL store; inside a transaction, at its commit.
    bool notifyTeam(QString *error = nullptr);

    // Team mode: actions a following console asks the leader to take.
    bool addRequest(const AlertRequest &request, QString *error);
    std::optional<QList<AlertRequest>> pendingRequests(QString *error);
    // The answered requests of one console; forgetRequests drops those it has heard.
    std::optional<QList<AlertRequest>> answeredRequests(const QString &console, QString *error);
    bool forgetRequests(const QStringList &ids, QString *error);
    // Drops answered requests asked before `before` that nobody collected.
    bool purgeAnsweredRequests(TimestampNs before, QString *error);

    bool saveSilence(const Silence &silence, QString *error);
    std::optional<QList<Silence>> loadSilences(QString *error);

private:
    // only: a WHERE clause on the alerts table, for loadSome.
    std::optional<QList<Alert>> read(bool changedOnly, QString *error, const QString &only = {});
    std::optional<QList<AlertRequest>> readRequests(const QString &where, const QString &value,
                                                    QString *error);

    Database &m_db;
    qint64 m_revision = 0;
    QHash<qint64, qsizetype> m_storedTimeline; // timeline entries already written per alert
};

} // namespace wk
