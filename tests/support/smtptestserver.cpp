#include "smtptestserver.h"

#include "listenport.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QJsonDocument>

namespace wk::test {

SmtpTestServer::SmtpTestServer(const Options &options) : m_light(options.light)
{
    m_port = unusedListenPort();
    QStringList args = {QStringLiteral(WK_SOURCE_DIR "/tests/support/smtpserver.py"),
                        QStringLiteral("--port"), QString::number(m_port), QStringLiteral("--out"),
                        m_out.path()};
    if (!options.certificate.isEmpty())
        args << QStringLiteral("--cert") << options.certificate << QStringLiteral("--key")
             << options.key;
    if (options.implicitTls)
        args << QStringLiteral("--implicit-tls");
    if (!options.user.isEmpty())
        args << QStringLiteral("--user") << options.user << QStringLiteral("--password")
             << options.password;
    if (options.light)
        args << QStringLiteral("--light");
    if (options.delayMs > 0)
        args << QStringLiteral("--delay-ms") << QString::number(options.delayMs);
    // Debian's interpreter, where python3-aiosmtpd is installed, whatever PATH prefers.
    m_process.start(QStringLiteral("/usr/bin/python3"), args);
    QDeadlineTimer deadline(20000);
    QByteArray said;
    while (!deadline.hasExpired() && m_process.state() != QProcess::NotRunning) {
        m_process.waitForReadyRead(200);
        said += m_process.readAllStandardOutput();
        if (said.contains("ready")) {
            m_ready = true;
            return;
        }
    }
    m_error = QStringLiteral("the SMTP server did not start: %1")
                  .arg(QString::fromUtf8(m_process.readAllStandardError()));
}

SmtpTestServer::~SmtpTestServer()
{
    m_process.closeWriteChannel(); // it stops when standard input closes
    if (!m_process.waitForFinished(5000)) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

QList<QJsonObject> SmtpTestServer::messages() const
{
    QList<QJsonObject> out;
    if (m_light) {
        QFile f(QDir(m_out.path()).filePath(QStringLiteral("received.jsonl")));
        if (!f.open(QIODevice::ReadOnly))
            return out;
        for (const QByteArray &line : f.readAll().split('\n')) {
            // The last line may still be being written.
            const QJsonDocument doc = QJsonDocument::fromJson(line);
            if (doc.isObject())
                out << doc.object();
        }
        return out;
    }
    for (int n = 1;; ++n) {
        QFile f(QDir(m_out.path()).filePath(QStringLiteral("%1.json").arg(n)));
        if (!f.open(QIODevice::ReadOnly))
            return out;
        out << QJsonDocument::fromJson(f.readAll()).object();
    }
}

QByteArray SmtpTestServer::raw(int n) const
{
    QFile f(QDir(m_out.path()).filePath(QStringLiteral("%1.eml").arg(n)));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace wk::test
