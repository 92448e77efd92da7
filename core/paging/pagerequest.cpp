#include "pagerequest.h"

#include "domain/contactmethod.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>
#include <QUrl>

namespace wk {

QByteArray PageRequest::signature(const QByteArray &key, qint64 unixSeconds, const QByteArray &body)
{
    const QByteArray signedText = QByteArray::number(unixSeconds) + '.' + body;
    return QMessageAuthenticationCode::hash(signedText, key, QCryptographicHash::Sha256).toHex();
}

std::optional<PageRequest> PageRequest::forDelivery(const Delivery &d, const QString &secret,
                                                    qint64 unixSeconds, QString *error)
{
    using K = ContactMethod::Kind;
    const auto kind = contactKindFromName(d.kind);
    if (!kind || *kind == K::Email || *kind == K::Desktop) {
        *error = QStringLiteral("%1 is not sent by HTTP").arg(d.kind);
        return std::nullopt;
    }
    PageRequest r{d.target, d.json.toUtf8(), {}};
    const QByteArray key = secret.toUtf8();
    switch (*kind) {
    case K::Webhook:
        r.headers << "X-Watchkeeper-Alert: " + d.alertKey.toUtf8();
        if (!key.isEmpty())
            r.headers << "X-Watchkeeper-Signature: t=" + QByteArray::number(unixSeconds) +
                             ",v1=" + signature(key, unixSeconds, r.body);
        break;
    case K::Slack:
    case K::Teams:
    case K::Mattermost:
    case K::GoogleChat:
        // The URL is the secret: the workspace names it only when it carries no token.
        if (r.url.isEmpty()) {
            const QUrl url(secret.trimmed(), QUrl::StrictMode);
            if (!url.isValid() ||
                (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http"))) {
                *error = QStringLiteral("the keychain entry %1 does not hold the webhook's "
                                        "http(s) URL")
                             .arg(ContactMethod::credentialKey(d.person, d.contact));
                return std::nullopt;
            }
            r.url = url.toString();
        }
        break;
    case K::Ntfy:
        if (!key.isEmpty())
            r.headers << "Authorization: Bearer " + key;
        break;
    case K::PagerDuty: {
        if (key.isEmpty()) {
            *error = QStringLiteral("no routing key in the keychain entry %1")
                         .arg(ContactMethod::credentialKey(d.person, d.contact));
            return std::nullopt;
        }
        QJsonObject o = QJsonDocument::fromJson(r.body).object();
        o.insert(QStringLiteral("routing_key"), secret);
        r.body = QJsonDocument(o).toJson(QJsonDocument::Compact);
        break;
    }
    case K::Opsgenie:
        if (key.isEmpty()) {
            *error = QStringLiteral("no API key in the keychain entry %1")
                         .arg(ContactMethod::credentialKey(d.person, d.contact));
            return std::nullopt;
        }
        r.headers << "Authorization: GenieKey " + key;
        break;
    case K::Email:
    case K::Desktop:
        break;
    }
    return r;
}

} // namespace wk
