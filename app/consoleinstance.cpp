#include "consoleinstance.h"

#include <QLocalSocket>
#include <QRegularExpression>
#include <QUrl>

namespace wk {

namespace {

constexpr int handOverTimeoutMs = 2000;

} // namespace

ConsoleInstance::ConsoleInstance(QString name, QObject *parent)
    : QObject(parent), m_name(std::move(name))
{
    connect(&m_server, &QLocalServer::newConnection, this, [this] {
        while (QLocalSocket *socket = m_server.nextPendingConnection()) {
            connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
            connect(socket, &QLocalSocket::readyRead, this, [this, socket] {
                while (socket->canReadLine()) {
                    const QString line = QString::fromUtf8(socket->readLine()).trimmed();
                    if (const auto id = alertIdFromUrl(line))
                        emit alertRequested(*id);
                }
            });
        }
    });
}

QString ConsoleInstance::defaultName()
{
    // One per user: another user's console on the same machine is not this one's.
    const QString user = qEnvironmentVariable("USER", qEnvironmentVariable("USERNAME"));
    return QStringLiteral("watchkeeper-links-%1").arg(user.isEmpty() ? QStringLiteral("me") : user);
}

std::optional<qint64> ConsoleInstance::alertIdFromUrl(const QString &text)
{
    const QUrl url(text, QUrl::StrictMode);
    if (url.scheme() != QLatin1String("watchkeeper") || url.host() != QLatin1String("alert"))
        return std::nullopt;
    static const QRegularExpression id(QStringLiteral("^/(\\d{1,18})/?$"));
    const auto m = id.match(url.path());
    if (!m.hasMatch())
        return std::nullopt;
    return m.captured(1).toLongLong();
}

bool ConsoleInstance::handOver(const QString &url, const QString &name)
{
    QLocalSocket socket;
    socket.connectToServer(name);
    if (!socket.waitForConnected(handOverTimeoutMs))
        return false;
    socket.write(url.toUtf8() + '\n');
    if (!socket.waitForBytesWritten(handOverTimeoutMs))
        return false;
    socket.disconnectFromServer();
    return true;
}

bool ConsoleInstance::listen()
{
    // Asked first: with access options Qt replaces an existing socket rather than failing.
    QLocalSocket probe;
    probe.connectToServer(m_name);
    if (probe.waitForConnected(handOverTimeoutMs))
        return false;
    // No answer: nobody, or a crashed console's socket left behind.
    QLocalServer::removeServer(m_name);
    m_server.setSocketOptions(QLocalServer::UserAccessOption);
    return m_server.listen(m_name);
}

} // namespace wk
