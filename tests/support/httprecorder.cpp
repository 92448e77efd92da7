#include "httprecorder.h"

#include <QDateTime>
#include <QTcpSocket>

namespace wk::test {

HttpRecorder::HttpRecorder(QList<int> statuses) : m_statuses(std::move(statuses))
{
    m_server.listen(QHostAddress::LocalHost, 0);
    connect(&m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *s = m_server.nextPendingConnection()) {
            ++m_connections;
            connect(s, &QTcpSocket::readyRead, this, [this, s] { serve(s); });
            connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
            connect(s, &QObject::destroyed, this, [this, s] { m_buffers.remove(s); });
        }
    });
}

HttpRecorder::~HttpRecorder()
{
    // Connections still open go before the buffers they would otherwise report to.
    const QList<QTcpSocket *> open = m_server.findChildren<QTcpSocket *>();
    for (QTcpSocket *s : open) {
        s->disconnect(this);
        delete s;
    }
}

QString HttpRecorder::url(const QString &path) const
{
    return QStringLiteral("http://127.0.0.1:%1%2").arg(port()).arg(path);
}

void HttpRecorder::serve(QTcpSocket *socket)
{
    QByteArray &buffer = m_buffers[socket];
    buffer += socket->readAll();
    // Several requests may arrive on one connection, kept open as real services keep it.
    while (serveOne(socket, buffer)) {
    }
}

bool HttpRecorder::serveOne(QTcpSocket *socket, QByteArray &buffer)
{
    const qsizetype end = buffer.indexOf("\r\n\r\n");
    if (end < 0)
        return false;
    Request r;
    const QList<QByteArray> lines = buffer.left(end).split('\n');
    const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
    r.method = first.value(0);
    r.path = first.value(1);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines.at(i).indexOf(':');
        if (colon > 0)
            r.headers.insert(lines.at(i).left(colon).trimmed().toLower(),
                             lines.at(i).mid(colon + 1).trimmed());
    }
    const qsizetype length = r.headers.value("content-length").toLongLong();
    if (buffer.size() < end + 4 + length)
        return false; // the rest of the body is still on its way
    r.body = buffer.mid(end + 4, length);
    buffer.remove(0, end + 4 + length);
    r.receivedAtMs = QDateTime::currentMSecsSinceEpoch();
    m_requests << r;
    const int status = m_statuses.isEmpty() ? 200 : m_statuses.takeFirst();
    const QByteArray text = status < 300 ? "ok" : "try later";
    socket->write("HTTP/1.1 " + QByteArray::number(status) +
                  " X\r\nContent-Length: " + QByteArray::number(text.size()) + "\r\n\r\n" + text);
    return true;
}

} // namespace wk::test
