#include "workspacesections.h"

#include "sources/receivertls.h"
#include "workspace/yamlreader.h"
#include "workspace/yamlwriter.h"

#include <QHostAddress>
#include <QUrl>

#include <cmath>

namespace wk {

void readReceiver(YamlReader &r, const YAML::Node &root, Workspace &ws)
{
    if (const YAML::Node n = root["receiver"]; n && !n.IsNull()) {
        const QString what = QStringLiteral("the receiver");
        if (r.expectMap(n, what)) {
            r.checkKeys(n,
                        {"enabled", "address", "port", "token_env", "max_body_kb",
                         "default_pipeline", "tls_certificate", "tls_key", "public_url"},
                        what);
            ReceiverSettings &rs = ws.receiver;
            rs.tlsCertificate = r.text(n, "tls_certificate", what);
            rs.tlsKey = r.text(n, "tls_key", what);
            if (rs.tlsCertificate.isEmpty() != rs.tlsKey.isEmpty()) {
                r.error(n[rs.tlsKey.isEmpty() ? "tls_certificate" : "tls_key"],
                        QStringLiteral("%1 needs both 'tls_certificate' and 'tls_key', or neither")
                            .arg(what));
            } else if (rs.tls()) {
                QString problem;
                if (!ReceiverTls::load(resolvePath(r.fileName(), rs.tlsCertificate),
                                       resolvePath(r.fileName(), rs.tlsKey), &problem))
                    r.error(n["tls_certificate"], QStringLiteral("%1: %2").arg(what, problem));
            }
            rs.publicUrl = r.text(n, "public_url", what);
            if (const QUrl url(rs.publicUrl, QUrl::StrictMode);
                !rs.publicUrl.isEmpty() &&
                (!url.isValid() || url.host().isEmpty() ||
                 (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http"))))
                r.error(n["public_url"], QStringLiteral("'public_url' of %1 must be an http or "
                                                        "https URL, not '%2'")
                                             .arg(what, rs.publicUrl));
            rs.defaultPipeline = r.text(n, "default_pipeline", what);
            if (!rs.defaultPipeline.isEmpty())
                r.reference(n, "default_pipeline", QStringLiteral("pipeline"), rs.defaultPipeline,
                            what);
            rs.enabled = r.boolean(n, "enabled", what);
            if (const QString address = r.text(n, "address", what); !address.isEmpty()) {
                if (QHostAddress(address).isNull())
                    r.error(n["address"], QStringLiteral("'address' of %1 must be an IP address "
                                                         "such as 127.0.0.1, not '%2'")
                                              .arg(what, address));
                else if (!QHostAddress(address).isLoopback() && !rs.tls())
                    r.warn(n["address"],
                           QStringLiteral("%1 listens on %2 over plain HTTP: its bearer token and "
                                          "the alerts cross the network unencrypted. Give it "
                                          "'tls_certificate' and 'tls_key', or keep it on "
                                          "127.0.0.1 behind a proxy that speaks TLS")
                               .arg(what, address));
                rs.address = address;
            }
            if (const auto port = r.number(n, "port", what)) {
                if (*port < 1 || *port > 65535 || *port != std::floor(*port))
                    r.error(n["port"], QStringLiteral("'port' of %1 must be a whole number from "
                                                      "1 to 65535")
                                           .arg(what));
                else
                    rs.port = static_cast<quint16>(*port);
            }
            if (const QString env = r.text(n, "token_env", what); !env.isEmpty())
                rs.tokenEnv = env;
            if (const auto kb = r.number(n, "max_body_kb", what)) {
                if (*kb < 1 || *kb > 65536)
                    r.error(n["max_body_kb"], QStringLiteral("'max_body_kb' of %1 must be from 1 "
                                                             "to 65536")
                                                  .arg(what));
                else
                    rs.maxBodyBytes = static_cast<qint64>(*kb * 1024);
            }
        }
    }
}

void writeReceiver(YAML::Emitter &out, const Workspace &ws)
{
    if (ws.receiver == ReceiverSettings())
        return;
    const ReceiverSettings &r = ws.receiver;
    const ReceiverSettings defaults;
    out << YAML::Key << "receiver" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "enabled" << YAML::Value << r.enabled;
    if (r.address != defaults.address)
        writeKey(out, "address", r.address, true);
    if (r.port != defaults.port)
        out << YAML::Key << "port" << YAML::Value << r.port;
    if (r.tokenEnv != defaults.tokenEnv)
        writeKey(out, "token_env", r.tokenEnv, true);
    if (r.maxBodyBytes != defaults.maxBodyBytes)
        out << YAML::Key << "max_body_kb" << YAML::Value << r.maxBodyBytes / 1024;
    if (!r.defaultPipeline.isEmpty())
        writeKey(out, "default_pipeline", r.defaultPipeline, true);
    if (r.tls()) {
        writeKey(out, "tls_certificate", r.tlsCertificate, true);
        writeKey(out, "tls_key", r.tlsKey, true);
    }
    writeKey(out, "public_url", r.publicUrl);
    out << YAML::EndMap;
}

} // namespace wk
