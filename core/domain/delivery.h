#pragma once

#include "timestamp.h"

#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>
#include <utility>

namespace wk {

// One message to one contact method of one person about one alert. It is stored before it
// is sent and updated after each attempt, so that a crash in between sends it again rather
// than never.
struct Delivery
{
    enum class Status { Pending, Sent, Failed, Cancelled };

    // alert id, step, person and contact: planning the same delivery twice stores it once.
    QString key;
    qint64 alertId = 0;
    QString alertKey; // the alert's dedup key, carried in the message for receivers
    QString step;     // why: "raised", "escalated"
    QString person;
    int contact = -1; // position in the person's contacts; -1: the person's own email
    QString kind;     // email, webhook
    QString target;   // the address or URL
    QString subject;
    QString text;
    QString html;
    QString json; // the webhook body
    Status status = Status::Pending;
    int attempts = 0;
    TimestampNs createdAt = 0;
    TimestampNs nextAttemptAt = 0;
    std::optional<TimestampNs> sentAt;
    QString result; // the receiving server's last answer, or why it failed
    // Which recording of outcomes stored the latest attempt (DeliveryStore numbers them in
    // order); 0: no attempt recorded yet.
    qint64 recorded = 0;

    static QString makeKey(qint64 alertId, const QString &step, const QString &person, int contact)
    {
        return QStringLiteral("%1:%2:%3:%4").arg(alertId).arg(step, person).arg(contact);
    }
    bool operator==(const Delivery &) const = default;
};

QString deliveryStatusName(Delivery::Status status);
Delivery::Status deliveryStatusFromName(const QString &name);

// What a save of alerts adds to the deliveries, in the same transaction.
struct DeliveryChanges
{
    QList<Delivery> planned;
    QList<qint64> cancelled; // alerts whose pending deliveries no longer need to go
    // Recorded attempts are on their alerts' timelines now up to this recording (the
    // engine notes them in the order they were recorded); 0: no new mark.
    qint64 notedUpTo = 0;
    bool isEmpty() const { return planned.isEmpty() && cancelled.isEmpty() && notedUpTo == 0; }
};

} // namespace wk

Q_DECLARE_METATYPE(wk::Delivery)
