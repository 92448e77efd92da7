#include "requestgate.h"

#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTimer>

namespace wk {

namespace {

// Request line and headers together; more is no request this receiver expects.
constexpr qint64 maxHeaderBytes = 16 * 1024;

const char *statusText(int status)
{
    switch (status) {
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 411:
        return "Length Required";
    case 413:
        return "Payload Too Large";
    case 431:
        return "Request Header Fields Too Large";
    default:
        return "Error";
    }
}

void answer(QTcpSocket *socket, int status, const QString &reason)
{
    const QByteArray body =
        QJsonDocument(QJsonObject{{QStringLiteral("status"), QStringLiteral("error")},
                                  {QStringLiteral("message"), reason}})
            .toJson(QJsonDocument::Compact);
    QByteArray response = "HTTP/1.1 " + QByteArray::number(status) + ' ' + statusText(status) +
                          "\r\nContent-Type: application/json\r\nConnection: close\r\n";
    if (status == 401)
        response += "WWW-Authenticate: Bearer\r\n";
    response += "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    socket->write(response);
    socket->disconnectFromHost();
}

} // namespace

RequestGate::RequestGate(Check check, QObject *parent)
    : QTcpServer(parent), m_check(std::move(check))
{}

void RequestGate::setTimeouts(int headersMs, int requestMs)
{
    m_headersMs = headersMs;
    m_requestMs = requestMs;
}

void RequestGate::incomingConnection(qintptr handle)
{
    QTcpSocket *socket = nullptr;
    if (m_tls) {
        auto *tls = new QSslSocket(this);
        tls->setSslConfiguration(*m_tls);
        socket = tls;
    } else {
        socket = new QTcpSocket(this);
    }
    if (!socket->setSocketDescriptor(handle)) {
        delete socket;
        return;
    }
    // A client that does not finish the handshake is closed by the header deadline below;
    // one that fails it is closed at once.
    if (auto *tls = qobject_cast<QSslSocket *>(socket)) {
        connect(tls, &QSslSocket::sslErrors, tls, [tls] { tls->abort(); });
        tls->startServerEncryption();
    }
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    // Until the headers are judged, no more than they may take is read off the network.
    socket->setReadBufferSize(maxHeaderBytes + 4);
    // A request, headers and body, has this long; a connection that idles past it goes.
    auto *deadline = new QTimer(socket);
    deadline->setSingleShot(true);
    connect(deadline, &QTimer::timeout, socket, [socket] { socket->abort(); });
    deadline->start(m_requestMs);
    auto *headers = new QTimer(socket);
    headers->setObjectName(QStringLiteral("headersDeadline"));
    headers->setSingleShot(true);
    connect(headers, &QTimer::timeout, socket, [socket] { socket->abort(); });
    headers->start(m_headersMs);
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] { inspect(socket); });
}

void RequestGate::inspect(QTcpSocket *socket)
{
    const QByteArray seen = socket->peek(maxHeaderBytes + 4);
    const qsizetype end = seen.indexOf("\r\n\r\n");
    if (end < 0) {
        if (seen.size() > maxHeaderBytes) {
            disconnect(socket, &QTcpSocket::readyRead, this, nullptr);
            emit refused(431, QStringLiteral("the request headers exceed 16 KB"));
            answer(socket, 431, QStringLiteral("the request headers exceed 16 KB"));
        }
        return; // the rest of the headers is on its way
    }
    disconnect(socket, &QTcpSocket::readyRead, this, nullptr);
    if (auto *headersDeadline = socket->findChild<QTimer *>(QStringLiteral("headersDeadline")))
        headersDeadline->stop();
    const QList<QByteArray> lines = seen.left(end).split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    QHash<QByteArray, QByteArray> fields;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines.at(i).indexOf(':');
        if (colon > 0)
            fields.insert(lines.at(i).left(colon).trimmed().toLower(),
                          lines.at(i).mid(colon + 1).trimmed());
    }
    const Verdict verdict =
        requestLine.size() < 2
            ? Verdict{400, QStringLiteral("the request line is malformed")}
            : m_check(requestLine.at(0), requestLine.at(1).split('?').value(0), fields);
    if (verdict.status != 0) {
        emit refused(verdict.status, verdict.reason);
        answer(socket, verdict.status, verdict.reason);
        return;
    }
    // Through: the HTTP server reads the request, headers and all, from the socket's buffer.
    socket->setReadBufferSize(0);
    addPendingConnection(socket);
    emit newConnection();
    // What the server missed while the gate read the first bytes, announced once it listens.
    QMetaObject::invokeMethod(
        socket, [socket] { emit socket->readyRead(); }, Qt::QueuedConnection);
}

} // namespace wk
