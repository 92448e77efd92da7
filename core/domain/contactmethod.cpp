#include "contactmethod.h"

namespace wk {

QString contactKindName(ContactMethod::Kind kind)
{
    switch (kind) {
    case ContactMethod::Kind::Email:
        return QStringLiteral("email");
    case ContactMethod::Kind::Webhook:
        return QStringLiteral("webhook");
    case ContactMethod::Kind::Desktop:
        return QStringLiteral("desktop");
    }
    return {};
}

std::optional<ContactMethod::Kind> contactKindFromName(const QString &name)
{
    for (auto k :
         {ContactMethod::Kind::Email, ContactMethod::Kind::Webhook, ContactMethod::Kind::Desktop}) {
        if (contactKindName(k) == name)
            return k;
    }
    return std::nullopt;
}

} // namespace wk
