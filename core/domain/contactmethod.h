#pragma once

#include "severity.h"

#include <QList>
#include <QString>

#include <optional>

namespace wk {

// One way to reach a person: an address of one kind. Whatever is secret about it (a
// webhook's signing key) lives in the OS keychain, never here.
struct ContactMethod
{
    enum class Kind { Email, Webhook, Desktop };

    Kind kind = Kind::Email;
    QString address; // the email address, or the webhook's URL
    // Webhooks: "keychain" when the body is signed with a key kept in the keychain.
    QString credential;
    // Which alerts it carries (empty: all), and how long after the step it waits, so a
    // phone rings only if the email did not get an acknowledgement first.
    QList<Severity> severities = {};
    qint64 afterSeconds = 0;

    bool carries(Severity s) const { return severities.isEmpty() || severities.contains(s); }

    // The keychain entry of this method's secret: person and position, stable while the
    // workspace lists the person's methods in the same order.
    static QString credentialKey(const QString &person, int index)
    {
        return QStringLiteral("contact:%1:%2").arg(person).arg(index + 1);
    }

    bool operator==(const ContactMethod &) const = default;
};

QString contactKindName(ContactMethod::Kind kind);
std::optional<ContactMethod::Kind> contactKindFromName(const QString &name);

} // namespace wk
