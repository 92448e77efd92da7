#pragma once

#include <QString>
#include <QtGlobal>

namespace wk {

// The HTTP receiver for other tools' alerts: off unless a workspace turns it on, and then
// only on loopback unless the workspace names another address. The bearer token is never
// in the workspace: it is read from the environment variable named here.
struct ReceiverSettings
{
    bool enabled = false;
    QString address = QStringLiteral("127.0.0.1");
    quint16 port = 9097;
    QString tokenEnv = QStringLiteral("WATCHKEEPER_RECEIVER_TOKEN");
    qint64 maxBodyBytes = 1024 * 1024;
    // Where alerts go whose labels name no workspace pipeline; empty: the first rotation's
    // on-call person answers them.
    QString defaultPipeline;
    // PEM files of the certificate (with its chain) and private key; both set: HTTPS only.
    // Paths as written, relative to the workspace file.
    QString tlsCertificate;
    QString tlsKey;
    // Where people reach the receiver from their phones (a proxy's https URL), for the
    // acknowledge links in pages; empty: its own address and port.
    QString publicUrl = {};

    bool tls() const { return !tlsCertificate.isEmpty(); }
    QString linkBase() const
    {
        QString base =
            !publicUrl.isEmpty()
                ? publicUrl
                : QStringLiteral("%1://%2:%3")
                      .arg(tls() ? QStringLiteral("https") : QStringLiteral("http"), address)
                      .arg(port);
        while (base.endsWith(QLatin1Char('/')))
            base.chop(1);
        return base;
    }

    bool operator==(const ReceiverSettings &) const = default;
};

} // namespace wk
