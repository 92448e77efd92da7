#include "webhookreceiver.h"

#include "alertmanagerwebhook.h"
#include "pagerdutyevent.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>

namespace wk {

namespace {

// Compares in time independent of where the first difference is, so that response times
// say nothing about the token.
bool sameSecret(const QByteArray &a, const QByteArray &b)
{
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a.at(i) ^ b.at(i));
    return diff == 0;
}

QByteArray json(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

} // namespace

WebhookReceiver::WebhookReceiver(QString token, qint64 maxBodyBytes, Sink sink, QObject *parent)
    : QAbstractHttpServer(parent), m_token(token.toUtf8()), m_maxBodyBytes(maxBodyBytes),
      m_sink(std::move(sink))
{}

bool WebhookReceiver::start(const QHostAddress &address, quint16 port, QString *error)
{
    if (m_token.isEmpty()) {
        if (error)
            *error = QStringLiteral("the receiver needs a bearer token and none was given");
        return false;
    }
    auto *server = new QTcpServer(this);
    if (!server->listen(address, port)) {
        if (error)
            *error = QStringLiteral("cannot listen on %1:%2: %3")
                         .arg(address.toString())
                         .arg(port)
                         .arg(server->errorString());
        delete server;
        return false;
    }
    m_port = server->serverPort();
    bind(server);
    return true;
}

void WebhookReceiver::reply(const QHttpServerRequest &request, QTcpSocket *socket, int status,
                            const QByteArray &body, const QString &reason)
{
    QHttpServerResponder responder = makeResponder(request, socket);
    const auto code = static_cast<QHttpServerResponder::StatusCode>(status);
    if (status == 401)
        responder.write(
            body, {{"Content-Type", "application/json"}, {"WWW-Authenticate", "Bearer"}}, code);
    else
        responder.write(body, {{"Content-Type", "application/json"}}, code);
    if (status >= 400) {
        ++m_stats.rejected;
        m_stats.lastError = reason;
    }
    emit handled(status, reason);
}

void WebhookReceiver::refuse(const QHttpServerRequest &request, QTcpSocket *socket, int status,
                             const QString &reason)
{
    reply(request, socket, status,
          json({{QStringLiteral("status"), QStringLiteral("error")},
                {QStringLiteral("message"), reason}}),
          reason);
}

bool WebhookReceiver::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    const QString path = request.url().path();
    const bool alertmanager = path == QLatin1String("/alertmanager");
    const bool pagerduty =
        path == QLatin1String("/v2/enqueue") || path == QLatin1String("/pagerduty");
    if (path == QLatin1String("/health")) {
        if (request.method() != QHttpServerRequest::Method::Get)
            refuse(request, socket, 405, QStringLiteral("use GET for /health"));
        else
            reply(request, socket, 200, json({{QStringLiteral("status"), QStringLiteral("ok")}}));
        return true;
    }
    if (!alertmanager && !pagerduty)
        return false;
    if (request.method() != QHttpServerRequest::Method::Post) {
        refuse(request, socket, 405, QStringLiteral("use POST for %1").arg(path));
        return true;
    }
    const QByteArray authorization = request.value("Authorization");
    // The scheme is case-insensitive (RFC 7235): "bearer" is as good as "Bearer".
    if (!authorization.left(7).toLower().startsWith("bearer ")) {
        refuse(request, socket, 401, QStringLiteral("a bearer token is required"));
        return true;
    }
    if (!sameSecret(authorization.mid(7).trimmed(), m_token)) {
        refuse(request, socket, 401, QStringLiteral("the bearer token is not valid"));
        return true;
    }
    const QByteArray body = request.body();
    if (body.size() > m_maxBodyBytes) {
        refuse(request, socket, 413,
               QStringLiteral("the body is %1 bytes; at most %2 are accepted")
                   .arg(body.size())
                   .arg(m_maxBodyBytes));
        return true;
    }
    QString error;
    QList<ExternalEvent> events;
    if (alertmanager) {
        const auto parsed = AlertmanagerWebhook::parse(body, &error);
        if (!parsed) {
            refuse(request, socket, 400, error);
            return true;
        }
        events = *parsed;
    } else {
        const auto parsed = PagerDutyEvent::parse(body, &error);
        if (!parsed) {
            refuse(request, socket, 400, error);
            return true;
        }
        events = {*parsed};
    }
    if (!m_sink(events, &error)) {
        // The engine keeps what it was given and stores it once the store answers; keys make
        // a re-sent copy harmless. So the sender hears both: retry, and nothing is lost.
        refuse(request, socket, 503,
               QStringLiteral("accepted for retry: not stored yet (%1); it is stored once the "
                              "store answers, and sending it again is harmless")
                   .arg(error.trimmed().isEmpty() ? QStringLiteral("the store did not answer")
                                                  : error.trimmed()));
        return true;
    }
    ++m_stats.accepted;
    m_stats.lastAccepted = QDateTime::currentDateTimeUtc();
    if (pagerduty) {
        reply(request, socket, 202,
              json({{QStringLiteral("status"), QStringLiteral("success")},
                    {QStringLiteral("message"), QStringLiteral("Event processed")},
                    {QStringLiteral("dedup_key"), events.first().key}}));
    } else {
        reply(request, socket, 200,
              json({{QStringLiteral("status"), QStringLiteral("success")},
                    {QStringLiteral("accepted"), events.size()}}));
    }
    return true;
}

void WebhookReceiver::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    refuse(request, socket, 404,
           QStringLiteral("no such endpoint %1; use /alertmanager or /v2/enqueue")
               .arg(request.url().path()));
}

} // namespace wk
