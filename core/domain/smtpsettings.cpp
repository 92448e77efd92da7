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

} // namespace wk
