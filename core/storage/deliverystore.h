#pragma once

#include "domain/channelhealth.h"
#include "domain/delivery.h"

#include <QList>
#include <QString>

#include <optional>

class QSqlDatabase;

namespace wk {

class Database;

// The messages pages are made of, in the store beside the alerts they are about.
class DeliveryStore
{
public:
    explicit DeliveryStore(Database &db) : m_db(db) {}

    // Writes them on db's connection, inside whatever transaction it has open (an alert
    // save's): planned deliveries already stored are left as they are; the cancelled alerts'
    // pending deliveries become cancelled; the noted recordings are marked as on the timeline.
    static bool write(Database &database, const DeliveryChanges &changes, QString *error);

    // Pending deliveries whose next attempt is due at `now`, oldest first.
    std::optional<QList<Delivery>> due(TimestampNs now, int limit, QString *error);
    // Stores the outcome of an attempt: status, attempts, next attempt, sent time, result;
    // sets delivery.recorded to the number of this recording.
    bool record(Delivery &delivery, QString *error);
    // Several outcomes in one transaction, one recording: all stored, or none.
    bool recordAll(QList<Delivery> &deliveries, QString *error);
    // Deliveries whose latest attempt the alert's timeline does not show yet (the console
    // stopped between recording an attempt and noting it), in the order they were recorded.
    std::optional<QList<Delivery>> unnoted(QString *error);
    // Newest first; alertId 0: of every alert.
    std::optional<QList<Delivery>> list(TimestampNs since, qint64 alertId, QString *error);

    // What the pages planned since then say of each method they went by: counts, the last
    // sent, and the latest attempt's status and answer (ChannelHealth::merged adds the
    // workspace's methods no page went by).
    std::optional<QList<ChannelHealth>> channels(TimestampNs since, QString *error);

    // Marks a link's nonce used: true when this call did, false when it was used already,
    // nothing when the store did not answer. Consoles sharing a store agree on it.
    std::optional<bool> claimLink(const QString &nonce, qint64 alertId, TimestampNs at,
                                  QString *error);
    // Whether a link's nonce was used; nothing when the store did not answer.
    std::optional<bool> linkUsed(const QString &nonce, QString *error);
    // Undoes a claim whose action then failed, so the link still works.
    bool releaseLink(const QString &nonce, QString *error);

private:
    Database &m_db;
};

} // namespace wk
