#pragma once

#include "alertmessage.h"

#include "domain/contactmethod.h"

#include <QByteArray>
#include <QString>

namespace wk {

// The body a page is posted with, in the format the receiving service documents: Slack's
// Block Kit, a Teams Adaptive Card, Mattermost's Slack-compatible attachments, Google
// Chat's cardsV2, ntfy's JSON publishing, PagerDuty's Events API v2, Opsgenie's Alert API,
// or Watchkeeper's own JSON for a plain webhook. Built when the page is planned and
// stored with it; secrets (a routing key) are added only when it is sent.
class PagePayload
{
public:
    // What a page asks of a service that keeps its own incident; chat and push only
    // ever trigger.
    enum class Action { Trigger, Acknowledge, Resolve };

    PagePayload(AlertMessage message, QString step);

    QByteArray slack() const;
    QByteArray teams() const;
    QByteArray mattermost() const;
    QByteArray googleChat() const;
    QByteArray ntfy(const QString &topic) const;
    // routing_key is left empty: the sender fills it from the keychain.
    QByteArray pagerDuty(Action action) const;
    QByteArray opsgenie(Action action) const;
    QByteArray webhook() const;

    // The body for a method of this kind; empty for email and desktop.
    QByteArray forKind(ContactMethod::Kind kind, Action action, const QString &topic) const;

    // Where an Opsgenie request goes under the API's base URL: create, or act on the
    // alert the key names.
    static QString opsgeniePath(const QString &alertKey, Action action);
    // The severity's colour as chat services take it: "#C62828".
    static QString colour(Severity severity);

private:
    AlertMessage m_message;
    QString m_step;
};

} // namespace wk
