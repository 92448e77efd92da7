#include "smtpsettings.h"

namespace wk {

QString smtpSecurityName(SmtpSettings::Security security)
{
    switch (security) {
    case SmtpSettings::Security::StartTls:
        return QStringLiteral("starttls");
    case SmtpSettings::Security::Tls:
        return QStringLiteral("tls");
    case SmtpSettings::Security::None:
        return QStringLiteral("none");
    }
    return {};
}

std::optional<SmtpSettings::Security> smtpSecurityFromName(const QString &name)
{
    for (auto s : {SmtpSettings::Security::StartTls, SmtpSettings::Security::Tls,
                   SmtpSettings::Security::None}) {
        if (smtpSecurityName(s) == name)
            return s;
    }
    return std::nullopt;
}

} // namespace wk
