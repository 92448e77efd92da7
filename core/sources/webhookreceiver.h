#pragma once

#include "externalevent.h"

#include <QAbstractHttpServer>
#include <QDateTime>
#include <QHostAddress>
#include <QList>
#include <QSslConfiguration>
#include <QString>

#include <functional>
#include <optional>

namespace wk {

// Accepts other tools' alerts over HTTP on the thread it lives in:
//   POST /alertmanager  Prometheus Alertmanager webhook notifications (version 4)
//   POST /v2/enqueue    PagerDuty Events API v2 style events (also at /pagerduty)
//   POST /heartbeat/<id> a job's check-in, with an optional message as the body
//   GET  /calendar/<rotation>.ics?key=K, /calendar/person/<id>.ics?key=K  calendar feeds,
//                       opened with a person's feed key instead of the bearer token
//   GET  /handoff/<rotation>/<week start>.html?key=K  a week's handoff report, the same way
//   GET  /health        200 while the receiver runs; no token needed, nothing revealed
//   GET  /a/<token>     the confirmation page of a link in a page or notice (acknowledge,
//                       resolve; take, decline, approve or refuse a swap request)
//   POST /a/<token>     what that page's button sends: the only request that acts
// Every POST needs "Authorization: Bearer <token>". The sink stores what was accepted
// before the reply goes out; when it cannot, the sender gets a 503 and retries.
class WebhookReceiver : public QAbstractHttpServer
{
    Q_OBJECT
public:
    // False with *error set when the events could not be stored.
    using Sink = std::function<bool(const QList<ExternalEvent> &events, QString *error)>;

    WebhookReceiver(const QString &token, qint64 maxBodyBytes, Sink sink,
                    QObject *parent = nullptr);

    // An HTML page answering a link; the links' token is their own capability, so these
    // requests need no bearer token.
    struct Page
    {
        int status = 200;
        QByteArray html;
    };
    // act: false for the GET that opens the link (a chat app building a preview must
    // never act), true for the confirmation page's POST.
    using LinkHandler = std::function<Page(const QString &token, bool act)>;
    void setLinkHandler(LinkHandler handler) { m_links = std::move(handler); }

    // The answer to a check-in: 404 for a heartbeat the workspace does not have, 503 when
    // what it resolved could not be stored yet; with when the next one is due.
    struct CheckIn
    {
        int status = 200;
        QString error;
        QDateTime dueBy;
    };
    using HeartbeatHandler = std::function<CheckIn(const QString &id, const QString &message)>;
    void setHeartbeatHandler(HeartbeatHandler handler) { m_heartbeats = std::move(handler); }

    // A calendar feed: the path under /calendar/ and the key it came with; the page's body
    // is the iCalendar text when the status is 200.
    using CalendarHandler = std::function<Page(const QString &path, const QString &key)>;
    void setCalendarHandler(CalendarHandler handler) { m_calendars = std::move(handler); }

    // False with *error set when the address cannot be bound or no token was given. With a
    // TLS configuration (certificate and key) it speaks HTTPS only.
    bool start(const QHostAddress &address, quint16 port, QString *error,
               const std::optional<QSslConfiguration> &tls = std::nullopt);
    quint16 port() const { return m_port; }
    // How long a connection may take to send its headers, and its whole request; for tests.
    void setTimeouts(int headersMs, int requestMs)
    {
        m_headersMs = headersMs;
        m_requestMs = requestMs;
    }

    struct Stats
    {
        qint64 accepted = 0; // requests whose events were stored
        qint64 rejected = 0; // 4xx and 5xx replies
        QDateTime lastAccepted;
        QString lastError; // the reason of the latest rejection
    };
    const Stats &stats() const { return m_stats; }

signals:
    // After each reply: its status, and the reason when it was refused.
    void handled(int status, const QString &reason);

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    void reply(const QHttpServerRequest &request, QTcpSocket *socket, int status,
               const QByteArray &json, const QString &reason = {});
    void refuse(const QHttpServerRequest &request, QTcpSocket *socket, int status,
                const QString &reason);
    // Counts an answer, at the gate or from the server, and tells whoever listens.
    void record(int status, const QString &reason);

    void replyPage(const QHttpServerRequest &request, QTcpSocket *socket, const Page &page);
    void checkIn(const QHttpServerRequest &request, QTcpSocket *socket, const QString &id);
    void serveCalendar(const QHttpServerRequest &request, QTcpSocket *socket, const QString &path);

    QByteArray m_token;
    qint64 m_maxBodyBytes;
    Sink m_sink;
    LinkHandler m_links;
    HeartbeatHandler m_heartbeats;
    CalendarHandler m_calendars;
    quint16 m_port = 0;
    int m_headersMs = 10'000;
    int m_requestMs = 30'000;
    Stats m_stats;
};

} // namespace wk
