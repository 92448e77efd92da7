#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>

namespace wk::test {

// Writes cert.pem and key.pem (unencrypted) into dir with Debian's openssl: a certificate
// for 127.0.0.1, valid for two days. key: "rsa" or "ec" (P-256). False when openssl fails.
inline bool writeSelfSignedCertificate(const QString &dir,
                                       const QString &key = QStringLiteral("rsa"))
{
    QStringList args = {QStringLiteral("req"),
                        QStringLiteral("-x509"),
                        QStringLiteral("-nodes"),
                        QStringLiteral("-keyout"),
                        QStringLiteral("key.pem"),
                        QStringLiteral("-out"),
                        QStringLiteral("cert.pem"),
                        QStringLiteral("-days"),
                        QStringLiteral("2"),
                        QStringLiteral("-subj"),
                        QStringLiteral("/CN=127.0.0.1"),
                        QStringLiteral("-addext"),
                        QStringLiteral("subjectAltName=IP:127.0.0.1")};
    if (key == QLatin1String("ec"))
        args << QStringLiteral("-newkey") << QStringLiteral("ec") << QStringLiteral("-pkeyopt")
             << QStringLiteral("ec_paramgen_curve:prime256v1");
    else
        args << QStringLiteral("-newkey") << QStringLiteral("rsa:2048");
    QProcess openssl;
    openssl.setWorkingDirectory(dir);
    openssl.start(QStringLiteral("openssl"), args);
    return openssl.waitForFinished(60000) && openssl.exitStatus() == QProcess::NormalExit &&
           openssl.exitCode() == 0;
}

} // namespace wk::test
