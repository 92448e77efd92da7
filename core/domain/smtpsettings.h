#pragma once

#include <QString>
#include <QtGlobal>

#include <optional>

namespace wk {

// The mail server that carries email pages. Its password, when it wants a login, is in the
// OS keychain under "smtp" (watchkeeper credentials set --smtp), never in the workspace.
struct SmtpSettings
{
    enum class Security { StartTls, Tls, None };

    QString host; // empty: no email pages
    quint16 port = 587;
    Security security = Security::StartTls;
    QString from; // "Watchkeeper <oncall@example.org>"
    QString user;
    QString credential;    // "keychain" when the server wants a password
    QString caCertificate; // PEM file of a private CA; relative to the workspace file
    int timeoutSeconds = 30;

    bool configured() const { return !host.isEmpty(); }
    static QString credentialKey() { return QStringLiteral("smtp"); }
    bool operator==(const SmtpSettings &) const = default;
};

QString smtpSecurityName(SmtpSettings::Security security);
std::optional<SmtpSettings::Security> smtpSecurityFromName(const QString &name);

} // namespace wk
