#pragma once

#include "domain/delivery.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace wk {

// What the sender posts for one stored delivery by HTTP: the URL, the body with its
// secret filled in, and the headers the service wants. Built at send time, because
// secrets are read from the keychain only then and never stored with the page.
struct PageRequest
{
    QString url;
    QByteArray body;
    QList<QByteArray> headers; // whole lines, "Name: value"

    // secret: the method's keychain entry, empty when it keeps none. Empty with *error
    // when the delivery cannot be posted (a chat webhook whose URL is missing).
    static std::optional<PageRequest> forDelivery(const Delivery &delivery, const QString &secret,
                                                  qint64 unixSeconds, QString *error);

    // A webhook body's signature, so a receiver can tell it came from this workspace and
    // is fresh: X-Watchkeeper-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">
    static QByteArray signature(const QByteArray &key, qint64 unixSeconds, const QByteArray &body);
};

} // namespace wk
