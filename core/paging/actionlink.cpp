#include "actionlink.h"

#include "domain/samesecret.h"

#include <QMessageAuthenticationCode>
#include <QStringList>

#include <algorithm>

namespace wk {

namespace {

constexpr auto base64url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

QByteArray mac(const QByteArray &key, const QByteArray &payload)
{
    return QMessageAuthenticationCode::hash(payload, key, QCryptographicHash::Sha256);
}

} // namespace

QByteArray ActionLink::keyFrom(const QString &receiverToken)
{
    return mac(receiverToken.toUtf8(), "watchkeeper action links v1");
}

namespace {

const char *const actionNames[] = {"acknowledge", "resolve", "take",
                                   "decline",     "approve", "refuse"};
const char *const doneNames[] = {"acknowledged", "resolved", "taken",
                                 "declined",     "approved", "refused"};

} // namespace

QString ActionLink::actionName() const
{
    return QString::fromLatin1(actionNames[static_cast<int>(action)]);
}

QString ActionLink::doneName() const
{
    return QString::fromLatin1(doneNames[static_cast<int>(action)]);
}

QString ActionLink::token(const QByteArray &key) const
{
    const QByteArray payload = QStringList{QStringLiteral("v1"),
                                           actionName(),
                                           isForRequest() ? request : QString::number(alertId),
                                           person,
                                           via,
                                           QString::number(expiresAt),
                                           nonce}
                                   .join(QLatin1Char('\n'))
                                   .toUtf8();
    return QString::fromLatin1(payload.toBase64(base64url) + '.' +
                               mac(key, payload).toBase64(base64url));
}

std::optional<ActionLink> ActionLink::verify(const QByteArray &key, const QString &token,
                                             qint64 nowSeconds, QString *error)
{
    const QStringList parts = token.split(QLatin1Char('.'));
    if (parts.size() != 2 || token.size() > 2048) {
        *error = QStringLiteral("this is not a Watchkeeper link");
        return std::nullopt;
    }
    const auto payload = QByteArray::fromBase64Encoding(parts.at(0).toLatin1(), base64url);
    const auto signature = QByteArray::fromBase64Encoding(parts.at(1).toLatin1(), base64url);
    if (!payload || !signature || !sameSecret(*signature, mac(key, *payload))) {
        *error = QStringLiteral("this link was not made by this workspace, or was changed");
        return std::nullopt;
    }
    const QStringList f = QString::fromUtf8(*payload).split(QLatin1Char('\n'));
    bool idOk = false;
    bool expiryOk = false;
    ActionLink link;
    int action = -1;
    if (f.size() == 7) {
        for (int i = 0; i < 6; ++i) {
            if (f.at(1) == QLatin1String(actionNames[i]))
                action = i;
        }
        link.action = static_cast<Action>(std::max(action, 0));
        if (link.isForRequest()) {
            link.request = f.at(2);
            idOk = !link.request.isEmpty();
        } else {
            link.alertId = f.at(2).toLongLong(&idOk);
        }
        link.expiresAt = f.at(5).toLongLong(&expiryOk);
    }
    if (f.size() != 7 || f.at(0) != QLatin1String("v1") || !idOk || !expiryOk || action < 0) {
        *error = QStringLiteral("this link is of a kind this console does not know");
        return std::nullopt;
    }
    link.person = f.at(3);
    link.via = f.at(4);
    link.nonce = f.at(6);
    if (nowSeconds >= link.expiresAt) {
        *error = QStringLiteral("this link has expired; act in the Watchkeeper console");
        return std::nullopt;
    }
    return link;
}

} // namespace wk
