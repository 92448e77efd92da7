#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QTcpServer>

namespace wk::test {

// A small HTTP server on 127.0.0.1 that records every request and answers each with the
// next status of a script (then 200), keeping the connection open: the far end of a
// webhook, for tests. It runs on the
// thread that made it, whose event loop must run while requests come in.
class HttpRecorder : public QObject
{
    Q_OBJECT

public:
    struct Request
    {
        QByteArray method;
        QByteArray path;
        QHash<QByteArray, QByteArray> headers; // names in lower case
        QByteArray body;
        qint64 receivedAtMs = 0; // wall clock, ms since the epoch
    };

    explicit HttpRecorder(QList<int> statuses = {});
    ~HttpRecorder() override;
    quint16 port() const { return m_server.serverPort(); }
    QString url(const QString &path) const;
    const QList<Request> &requests() const { return m_requests; }
    // Connections opened to it so far: a client that keeps its connection open makes one.
    int connections() const { return m_connections; }

private:
    void serve(QTcpSocket *socket);
    // Answers the first complete request in buffer and drops it from there; false while
    // none is complete.
    bool serveOne(QTcpSocket *socket, QByteArray &buffer);

    QTcpServer m_server;
    QList<int> m_statuses;
    QList<Request> m_requests;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    int m_connections = 0;
};

} // namespace wk::test
