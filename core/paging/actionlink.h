#pragma once

#include "domain/timestamp.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace wk {

// A link in a page that acknowledges or resolves its alert from a phone. The token names
// the alert, the action, the person it was sent to and by which method, when it stops
// working and a nonce; it is signed with a key derived from the receiver's token, so only
// this workspace's consoles make or accept it. Opening it shows a confirmation page; only
// the POST that page sends acts, and each nonce acts once (the store remembers it).
struct ActionLink
{
    // The first two act on an alert; the others answer a swap or cover request (take it or
    // say no; an approver approves or refuses who took it).
    enum class Action { Acknowledge, Resolve, Take, Decline, Approve, Refuse };

    Action action = Action::Acknowledge;
    qint64 alertId = 0;
    QString request; // the request's id, for the request actions
    QString person;
    QString via;          // the contact method's kind: "email", "slack"
    qint64 expiresAt = 0; // unix seconds
    QString nonce;

    // The URL-safe token: payload and signature, base64url.
    QString token(const QByteArray &key) const;
    // The link that was signed with key, or nothing with *error saying why not (bad
    // signature, malformed, expired at `nowSeconds`).
    static std::optional<ActionLink> verify(const QByteArray &key, const QString &token,
                                            qint64 nowSeconds, QString *error);
    // The signing key for links, from the receiver's bearer token: never the token itself.
    static QByteArray keyFrom(const QString &receiverToken);

    bool isForRequest() const { return action >= Action::Take; }
    QString actionName() const;
    // "acknowledge" / "resolve" in the past tense, for the timeline and the page.
    QString doneName() const;
};

} // namespace wk
