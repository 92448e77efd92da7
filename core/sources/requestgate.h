#pragma once

#include <QByteArray>
#include <QSslConfiguration>
#include <QTcpServer>

#include <optional>

#include <functional>

class QTcpSocket;

namespace wk {

// The listening socket of the receiver. Qt HttpServer 6.4 reads a whole request body
// before anyone may look at it, so a stranger could make the console hold gigabytes. The
// gate reads each connection's request line and headers first (without consuming them) and
// answers there — a missing or wrong token, a body larger than allowed or of unknown
// length — before a byte of the body is read; only then does it hand the connection to the
// HTTP server. Connections that send their headers too slowly, or keep a request open too
// long, are closed.
class RequestGate : public QTcpServer
{
    Q_OBJECT
public:
    struct Verdict
    {
        int status = 0; // 0: let it through
        QString reason;
    };
    // Decides on a request from its method, path and headers (names in lower case).
    using Check = std::function<Verdict(const QByteArray &method, const QByteArray &path,
                                        const QHash<QByteArray, QByteArray> &headers)>;

    RequestGate(Check check, QObject *parent = nullptr);

    // How long a connection may take to send its headers, and to finish its request.
    void setTimeouts(int headersMs, int requestMs);
    // Speaks TLS with this certificate and key on every connection from now on; the
    // headers are judged once decrypted, as before.
    void setTls(const QSslConfiguration &configuration) { m_tls = configuration; }

signals:
    // A request refused at the gate: its status and reason.
    void refused(int status, const QString &reason);

protected:
    void incomingConnection(qintptr handle) override;

private:
    void inspect(QTcpSocket *socket);

    Check m_check;
    std::optional<QSslConfiguration> m_tls;
    int m_headersMs = 10'000;
    int m_requestMs = 30'000;
};

} // namespace wk
