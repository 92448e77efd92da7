#pragma once

#include "severity.h"

#include <QList>
#include <QString>

#include <optional>

namespace wk {

// One way to reach a person: an address of one kind. Whatever is secret about it (a
// webhook's signing key, a chat webhook's URL, a routing or API key) lives in the OS
// keychain, never here.
struct ContactMethod
{
    enum class Kind {
        Email,
        Webhook,
        Desktop,
        Slack,
        Teams,
        Mattermost,
        GoogleChat,
        Ntfy,
        PagerDuty,
        Opsgenie
    };

    Kind kind = Kind::Email;
    // The email address, or the URL posted to. Chat webhooks whose URL is their secret
    // leave it empty and keep it in the keychain.
    QString address;
    // "keychain" when a secret is kept there: a webhook's signing key, a chat webhook's
    // URL, an ntfy access token, a PagerDuty routing key or an Opsgenie API key.
    QString credential;
    // Which alerts it carries (empty: all), and how long after the step it waits, so a
    // phone rings only if the email did not get an acknowledgement first.
    QList<Severity> severities = {};
    qint64 afterSeconds = 0;
    // Records what it would have sent instead of sending: for demos and trying out a
    // workspace, never for a team that relies on the page arriving.
    bool dryRun = false;
    // A band of the actionable score (0-100) the alert must be in when it was raised:
    // "ring the phone only at 40 and above", "email only below 40". An alert with no score
    // (no model yet, too little history) counts as actionable: a missing score never holds
    // a page back, so it goes by the at-least methods and not by the below ones.
    std::optional<int> actionableAtLeast;
    std::optional<int> actionableBelow;

    bool carries(Severity s) const { return severities.isEmpty() || severities.contains(s); }
    bool carriesScore(std::optional<int> score) const
    {
        if (!score)
            return !actionableBelow;
        return (!actionableAtLeast || *score >= *actionableAtLeast) &&
               (!actionableBelow || *score < *actionableBelow);
    }
    bool gatesOnScore() const { return actionableAtLeast || actionableBelow; }
    bool inKeychain() const { return credential == QLatin1String("keychain"); }
    // A chat service's incoming webhook: the message is a card in that service's format.
    bool isChat() const
    {
        return kind == Kind::Slack || kind == Kind::Teams || kind == Kind::Mattermost ||
               kind == Kind::GoogleChat;
    }
    // A paging service that keeps an incident of its own, kept in step with the alert:
    // acknowledged and resolved there when it is here.
    bool isForwarding() const { return kind == Kind::PagerDuty || kind == Kind::Opsgenie; }
    // Where it posts when the workspace names no URL: the service's public endpoint.
    QString defaultUrl() const;

    // The keychain entry of this method's secret: person and position, stable while the
    // workspace lists the person's methods in the same order.
    static QString credentialKey(const QString &person, int index)
    {
        return QStringLiteral("contact:%1:%2").arg(person).arg(index + 1);
    }

    bool operator==(const ContactMethod &) const = default;
};

QString contactKindName(ContactMethod::Kind kind);
// How the console names it to people: "Slack", "Google Chat", "email".
QString contactKindLabel(ContactMethod::Kind kind);
QList<ContactMethod::Kind> allContactKinds();
std::optional<ContactMethod::Kind> contactKindFromName(const QString &name);

// An address mail can go to: one @, a dot after it, no spaces or angle brackets.
bool isEmailAddress(const QString &text);

} // namespace wk
