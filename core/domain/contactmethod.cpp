#include "contactmethod.h"

#include <QRegularExpression>

namespace wk {

QString contactKindName(ContactMethod::Kind kind)
{
    using K = ContactMethod::Kind;
    switch (kind) {
    case K::Email:
        return QStringLiteral("email");
    case K::Webhook:
        return QStringLiteral("webhook");
    case K::Desktop:
        return QStringLiteral("desktop");
    case K::Slack:
        return QStringLiteral("slack");
    case K::Teams:
        return QStringLiteral("teams");
    case K::Mattermost:
        return QStringLiteral("mattermost");
    case K::GoogleChat:
        return QStringLiteral("google_chat");
    case K::Ntfy:
        return QStringLiteral("ntfy");
    case K::PagerDuty:
        return QStringLiteral("pagerduty");
    case K::Opsgenie:
        return QStringLiteral("opsgenie");
    }
    return {};
}

QString contactKindLabel(ContactMethod::Kind kind)
{
    using K = ContactMethod::Kind;
    switch (kind) {
    case K::Slack:
        return QStringLiteral("Slack");
    case K::Teams:
        return QStringLiteral("Teams");
    case K::Mattermost:
        return QStringLiteral("Mattermost");
    case K::GoogleChat:
        return QStringLiteral("Google Chat");
    case K::PagerDuty:
        return QStringLiteral("PagerDuty");
    case K::Opsgenie:
        return QStringLiteral("Opsgenie");
    default:
        return contactKindName(kind);
    }
}

QList<ContactMethod::Kind> allContactKinds()
{
    using K = ContactMethod::Kind;
    return {K::Email,      K::Webhook,    K::Desktop, K::Slack,     K::Teams,
            K::Mattermost, K::GoogleChat, K::Ntfy,    K::PagerDuty, K::Opsgenie};
}

std::optional<ContactMethod::Kind> contactKindFromName(const QString &name)
{
    for (auto k : allContactKinds()) {
        if (contactKindName(k) == name)
            return k;
    }
    return std::nullopt;
}

bool isEmailAddress(const QString &text)
{
    static const QRegularExpression email(QStringLiteral("^[^@\\s<>]+@[^@\\s<>]+\\.[^@\\s<>]+$"));
    return email.match(text).hasMatch();
}

QString ContactMethod::defaultUrl() const
{
    switch (kind) {
    case Kind::PagerDuty:
        return QStringLiteral("https://events.pagerduty.com/v2/enqueue");
    case Kind::Opsgenie:
        return QStringLiteral("https://api.opsgenie.com");
    case Kind::Ntfy:
        return QStringLiteral("https://ntfy.sh");
    default:
        return {};
    }
}

} // namespace wk
