#pragma once

#include <QSslConfiguration>
#include <QString>

#include <optional>

namespace wk {

// The receiver's TLS identity, read from the PEM files a workspace names: the certificate
// (the server's first, then any intermediates) and its unencrypted private key (RSA or EC).
// The workspace reader uses it to check the files; the receiver to listen with them.
class ReceiverTls
{
public:
    // Nothing, with *error naming the file and the problem, when the files cannot serve.
    static std::optional<QSslConfiguration> load(const QString &certificatePath,
                                                 const QString &keyPath, QString *error);
};

} // namespace wk
