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

    bool tls() const { return !tlsCertificate.isEmpty(); }

    bool operator==(const ReceiverSettings &) const = default;
};

} // namespace wk
