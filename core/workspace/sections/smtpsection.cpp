#include "workspacesections.h"

#include "domain/duration.h"
#include "workspace/yamlreader.h"
#include "workspace/yamlwriter.h"

#include <QFileInfo>
#include <QRegularExpression>

#include <cmath>

namespace wk {

void readSmtp(YamlReader &r, const YAML::Node &root, Workspace &ws)
{
    const YAML::Node n = root["smtp"];
    const QString what = QStringLiteral("the smtp section");
    if (!n || n.IsNull() || !r.expectMap(n, what))
        return;
    if (n["password"]) {
        r.error(n["password"], QStringLiteral("%1 puts the mail password in the workspace file; "
                                              "remove it, set 'credential: keychain' and store "
                                              "it with: watchkeeper credentials set --smtp")
                                   .arg(what));
    }
    r.checkKeys(n,
                {"host", "port", "security", "from", "user", "credential", "ca_certificate",
                 "timeout", "password"},
                what);
    SmtpSettings &s = ws.smtp;
    s.host = r.text(n, "host", what, true);
    s.from = r.text(n, "from", what, true);
    // "Name <address>" or a bare address, as a mail program writes it.
    static const QRegularExpression from(
        QStringLiteral("^(?:[^<>]*<[^@\\s<>]+@[^@\\s<>]+>|[^@\\s<>]+@[^@\\s<>]+)$"));
    if (!s.from.isEmpty() && !from.match(s.from.trimmed()).hasMatch())
        r.error(n["from"], QStringLiteral("'from' of %1 must be an address such as "
                                          "\"Watchkeeper <oncall@example.org>\", not '%2'")
                               .arg(what, s.from));
    if (const QString sec = r.text(n, "security", what); !sec.isEmpty()) {
        if (const auto v = smtpSecurityFromName(sec))
            s.security = *v;
        else
            r.error(n["security"], QStringLiteral("'security' of %1 must be starttls, tls or "
                                                  "none, not '%2'")
                                       .arg(what, sec));
    }
    s.port = s.security == SmtpSettings::Security::Tls ? 465 : 587;
    if (const auto port = r.number(n, "port", what)) {
        if (*port < 1 || *port > 65535 || *port != std::floor(*port))
            r.error(
                n["port"],
                QStringLiteral("'port' of %1 must be a whole number from 1 to 65535").arg(what));
        else
            s.port = static_cast<quint16>(*port);
    }
    if (s.security == SmtpSettings::Security::None && !s.host.isEmpty() && !isLoopbackHost(s.host))
        r.warn(n["security"], QStringLiteral("%1 sends mail to %2 unencrypted; alerts and any "
                                             "login cross the network in the clear. Use starttls "
                                             "or tls")
                                  .arg(what, s.host));
    s.user = r.text(n, "user", what);
    s.credential = r.text(n, "credential", what);
    if (!s.credential.isEmpty() && s.credential != QLatin1String("keychain"))
        r.error(n["credential"],
                QStringLiteral("'credential' of %1 can only be 'keychain', not '%2'")
                    .arg(what, s.credential));
    if (!s.credential.isEmpty() && s.user.isEmpty())
        r.error(n["credential"],
                QStringLiteral("%1 has a 'credential' but no 'user' to log in as").arg(what));
    s.caCertificate = r.text(n, "ca_certificate", what);
    if (!s.caCertificate.isEmpty() &&
        !QFileInfo(resolvePath(r.fileName(), s.caCertificate)).isFile())
        r.error(n["ca_certificate"], QStringLiteral("'ca_certificate' of %1: no file at %2")
                                         .arg(what, resolvePath(r.fileName(), s.caCertificate)));
    if (const auto t = r.duration(n, "timeout", what)) {
        if (*t > 600)
            r.error(n["timeout"], QStringLiteral("'timeout' of %1 must be at most 10m").arg(what));
        else
            s.timeoutSeconds = static_cast<int>(*t);
    }
}

void writeSmtp(YAML::Emitter &out, const Workspace &ws)
{
    const SmtpSettings &s = ws.smtp;
    if (s == SmtpSettings())
        return;
    const SmtpSettings defaults;
    out << YAML::Key << "smtp" << YAML::Value << YAML::BeginMap;
    writeKey(out, "host", s.host, true);
    out << YAML::Key << "port" << YAML::Value << s.port;
    writeKey(out, "security", smtpSecurityName(s.security), true);
    writeKey(out, "from", s.from, true);
    writeKey(out, "user", s.user);
    writeKey(out, "credential", s.credential);
    writeKey(out, "ca_certificate", s.caCertificate);
    if (s.timeoutSeconds != defaults.timeoutSeconds)
        out << YAML::Key << "timeout" << YAML::Value
            << QStringLiteral("%1s").arg(s.timeoutSeconds).toStdString();
    out << YAML::EndMap;
}

} // namespace wk
