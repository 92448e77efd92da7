#include "receivertls.h"

#include "text/boundedfile.h"

#include <QFile>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslSocket>

namespace wk {

namespace {

constexpr qint64 maxPemBytes = 1024 * 1024;

std::optional<QByteArray> readPem(const QString &path, const QString &kind, QString *error)
{
    if (const QString problem = BoundedFile::problem(path, maxPemBytes, kind); !problem.isEmpty()) {
        *error = QStringLiteral("%1: %2").arg(path, problem);
        return std::nullopt;
    }
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: cannot read the %2: %3").arg(path, kind, f.errorString());
        return std::nullopt;
    }
    return f.readAll();
}

} // namespace

std::optional<QSslConfiguration> ReceiverTls::load(const QString &certificatePath,
                                                   const QString &keyPath, QString *error)
{
    if (!QSslSocket::supportsSsl()) {
        *error = QStringLiteral("this system's Qt has no TLS backend (install OpenSSL)");
        return std::nullopt;
    }
    const auto certificateText = readPem(certificatePath, QStringLiteral("certificate"), error);
    if (!certificateText)
        return std::nullopt;
    const QList<QSslCertificate> chain = QSslCertificate::fromData(*certificateText, QSsl::Pem);
    if (chain.isEmpty() || chain.first().isNull()) {
        *error = QStringLiteral("%1: no PEM certificate in it (-----BEGIN CERTIFICATE-----)")
                     .arg(certificatePath);
        return std::nullopt;
    }
    const auto keyText = readPem(keyPath, QStringLiteral("private key"), error);
    if (!keyText)
        return std::nullopt;
    QSslKey key;
    for (const QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec}) {
        key = QSslKey(*keyText, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull())
            break;
    }
    if (key.isNull()) {
        *error = QStringLiteral("%1: no unencrypted RSA or EC private key in PEM form in it")
                     .arg(keyPath);
        return std::nullopt;
    }
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificateChain(chain);
    configuration.setPrivateKey(key);
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone); // clients prove themselves by token
    return configuration;
}

} // namespace wk
