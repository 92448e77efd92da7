#include "webhookreceiver.h"

#include "alertmanagerwebhook.h"
#include "domain/samesecret.h"
#include "pagerdutyevent.h"
#include "requestgate.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>

namespace wk {

namespace {

constexpr const char *answeredProperty = "wkAnswered";
constexpr qint64 maxLinkBodyBytes = 4096;
// A check-in's message is a line for the Sources pane, not a log.
constexpr qint64 maxCheckInBodyBytes = 4096;
constexpr qsizetype maxCheckInMessage = 300;
const QLatin1String heartbeatPrefix("/heartbeat/");
const QLatin1String calendarPrefix("/calendar/");
const QLatin1String handoffPrefix("/handoff/");

bool isPagerDutyPath(const QByteArray &path)
{
    return path == "/v2/enqueue" || path == "/pagerduty";
}

bool isAlertPath(const QByteArray &path)
{
    return path == "/alertmanager" || isPagerDutyPath(path);
}

bool hasBearer(const QByteArray &authorization, const QByteArray &token)
{
    // The scheme is case-insensitive (RFC 7235): "bearer" is as good as "Bearer".
    return authorization.left(7).toLower() == "bearer " &&
           sameSecret(authorization.mid(7).trimmed(), token);
}

QByteArray json(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

} // namespace

WebhookReceiver::WebhookReceiver(const QString &token, qint64 maxBodyBytes, Sink sink,
                                 QObject *parent)
    : QAbstractHttpServer(parent), m_token(token.toUtf8()), m_maxBodyBytes(maxBodyBytes),
      m_sink(std::move(sink))
{}

bool WebhookReceiver::start(const QHostAddress &address, quint16 port, QString *error,
                            const std::optional<QSslConfiguration> &tls)
{
    if (m_token.isEmpty()) {
        if (error)
            *error = QStringLiteral("the receiver needs a bearer token and none was given");
        return false;
    }
    // Token and size are checked on the headers, before the body is read.
    auto *server = new RequestGate(
        [this](const QByteArray &method, const QByteArray &path,
               const QHash<QByteArray, QByteArray> &headers) -> RequestGate::Verdict {
            if (method == "POST" && path.startsWith("/a/")) {
                // A link's confirmation: a small form, nothing more.
                bool ok = false;
                const qint64 length = headers.value("content-length").toLongLong(&ok);
                if (headers.contains("transfer-encoding") || !ok || length < 0 ||
                    length > maxLinkBodyBytes)
                    return {413, QStringLiteral("a link's confirmation carries at most %1 bytes")
                                     .arg(maxLinkBodyBytes)};
                return {};
            }
            const bool heartbeat = path.startsWith(heartbeatPrefix.data());
            if (method != "POST" || (!isAlertPath(path) && !heartbeat))
                return {}; // the server answers these (health, links, 404, 405)
            const QByteArray authorization = headers.value("authorization");
            if (heartbeat) {
                // A cron job's "curl -X POST" sends no body and no Content-Length.
                if (authorization.isEmpty())
                    return {401, QStringLiteral("a bearer token is required")};
                if (!hasBearer(authorization, m_token))
                    return {401, QStringLiteral("the bearer token is not valid")};
                bool ok = true;
                const QByteArray given = headers.value("content-length");
                const qint64 length = given.isEmpty() ? 0 : given.toLongLong(&ok);
                if (headers.contains("transfer-encoding") || !ok || length < 0 ||
                    length > maxCheckInBodyBytes)
                    return {413, QStringLiteral("a check-in carries at most %1 bytes, with a "
                                                "Content-Length")
                                     .arg(maxCheckInBodyBytes)};
                return {};
            }
            // PagerDuty's senders carry the token in the body as routing_key: judged once
            // the body, no larger than the limit below, is read.
            if (authorization.isEmpty() && !isPagerDutyPath(path))
                return {401, QStringLiteral("a bearer token is required")};
            if (!authorization.isEmpty() && !hasBearer(authorization, m_token))
                return {401, QStringLiteral("the bearer token is not valid")};
            if (headers.contains("transfer-encoding") || !headers.contains("content-length"))
                return {411, QStringLiteral("send the body with a Content-Length")};
            bool ok = false;
            const qint64 length = headers.value("content-length").toLongLong(&ok);
            if (!ok || length < 0)
                return {400, QStringLiteral("the Content-Length is not a number")};
            if (length > m_maxBodyBytes)
                return {413, QStringLiteral("the body is %1 bytes; at most %2 are accepted")
                                 .arg(length)
                                 .arg(m_maxBodyBytes)};
            return {};
        },
        this);
    server->setTimeouts(m_headersMs, m_requestMs);
    if (tls)
        server->setTls(*tls);
    connect(server, &RequestGate::refused, this, &WebhookReceiver::record);
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
    // One request per connection: each one passes the gate's checks before its body is read.
    // A second one already in the buffer is not served (see handleRequest).
    socket->setProperty(answeredProperty, true);
    socket->disconnectFromHost();
    record(status, reason);
}

void WebhookReceiver::replyPage(const QHttpServerRequest &request, QTcpSocket *socket,
                                const Page &page)
{
    QHttpServerResponder responder = makeResponder(request, socket);
    // Not cached, not indexed, no referrer carrying the token elsewhere, no script: the
    // page is a form that posts to itself.
    responder.write(page.html,
                    {{"Content-Type", "text/html; charset=utf-8"},
                     {"Cache-Control", "no-store"},
                     {"Referrer-Policy", "no-referrer"},
                     {"X-Robots-Tag", "noindex"},
                     {"Content-Security-Policy",
                      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'"}},
                    static_cast<QHttpServerResponder::StatusCode>(page.status));
    socket->setProperty(answeredProperty, true);
    socket->disconnectFromHost();
    record(page.status, page.status >= 400 ? QStringLiteral("a link was refused") : QString());
}

void WebhookReceiver::record(int status, const QString &reason)
{
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
    if (socket->property(answeredProperty).toBool())
        return true; // pipelined after the one request this connection carries
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
    if (path.startsWith(QLatin1String("/a/")) && m_links) {
        const bool get = request.method() == QHttpServerRequest::Method::Get;
        if (!get && request.method() != QHttpServerRequest::Method::Post) {
            refuse(request, socket, 405, QStringLiteral("open the link, then confirm"));
            return true;
        }
        replyPage(request, socket, m_links(path.mid(3), !get));
        return true;
    }
    if (path.startsWith(handoffPrefix) && m_calendars) {
        // A week's handoff report, opened with a calendar key as a rotation's feed is.
        serveCalendar(request, socket, QStringLiteral("handoff/") + path.mid(handoffPrefix.size()));
        return true;
    }
    if (path.startsWith(calendarPrefix) && m_calendars) {
        serveCalendar(request, socket, path.mid(calendarPrefix.size()));
        return true;
    }
    if (path.startsWith(heartbeatPrefix) && m_heartbeats) {
        checkIn(request, socket, path.mid(heartbeatPrefix.size()));
        return true;
    }
    if (!alertmanager && !pagerduty)
        return false;
    if (request.method() != QHttpServerRequest::Method::Post) {
        refuse(request, socket, 405, QStringLiteral("use POST for %1").arg(path));
        return true;
    }
    // The gate has checked these already; the server checks again for what it is handed.
    const QByteArray authorization = request.value("Authorization");
    if (authorization.isEmpty() && !pagerduty) {
        refuse(request, socket, 401, QStringLiteral("a bearer token is required"));
        return true;
    }
    if (!authorization.isEmpty() && !hasBearer(authorization, m_token)) {
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
    if (authorization.isEmpty()) {
        // A PagerDuty sender (another Watchkeeper among them) names the token as its
        // routing key, as PagerDuty's own endpoint expects.
        const QByteArray key = QJsonDocument::fromJson(body)
                                   .object()
                                   .value(QStringLiteral("routing_key"))
                                   .toString()
                                   .toUtf8();
        if (key.isEmpty()) {
            refuse(request, socket, 401,
                   QStringLiteral("a bearer token, or the token as routing_key, is required"));
            return true;
        }
        if (!sameSecret(key, m_token)) {
            refuse(request, socket, 401, QStringLiteral("the routing_key is not valid"));
            return true;
        }
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

void WebhookReceiver::serveCalendar(const QHttpServerRequest &request, QTcpSocket *socket,
                                    const QString &path)
{
    if (request.method() != QHttpServerRequest::Method::Get &&
        request.method() != QHttpServerRequest::Method::Head) {
        refuse(request, socket, 405, QStringLiteral("calendar feeds are read with GET"));
        return;
    }
    const QString key = request.query().queryItemValue(QStringLiteral("key"));
    const bool report = path.startsWith(QLatin1String("handoff/"));
    const Page feed = m_calendars(path, key);
    QHttpServerResponder responder = makeResponder(request, socket);
    if (feed.status != 200) {
        // The same answer for a wrong key and a calendar that does not exist.
        responder.write(QByteArrayLiteral("no such page\n"),
                        {{"Content-Type", "text/plain; charset=utf-8"}},
                        static_cast<QHttpServerResponder::StatusCode>(feed.status));
    } else {
        // The key in the address is the secret: not cached by proxies, not indexed.
        responder.write(
            request.method() == QHttpServerRequest::Method::Head ? QByteArray() : feed.html,
            {{"Content-Type", report ? "text/html; charset=utf-8" : "text/calendar; charset=utf-8"},
             {"Content-Disposition", report ? "inline" : "inline; filename=\"on-call.ics\""},
             {"Cache-Control", "private, no-cache"},
             {"Referrer-Policy", "no-referrer"},
             {"X-Robots-Tag", "noindex"}},
            QHttpServerResponder::StatusCode::Ok);
    }
    socket->setProperty(answeredProperty, true);
    socket->disconnectFromHost();
    record(feed.status,
           feed.status >= 400 ? QStringLiteral("a calendar feed was refused") : QString());
}

void WebhookReceiver::checkIn(const QHttpServerRequest &request, QTcpSocket *socket,
                              const QString &id)
{
    if (request.method() != QHttpServerRequest::Method::Post) {
        refuse(request, socket, 405, QStringLiteral("use POST to check in"));
        return;
    }
    // The gate has checked these already; the server checks again for what it is handed.
    const QByteArray authorization = request.value("Authorization");
    if (authorization.isEmpty() || !hasBearer(authorization, m_token)) {
        refuse(request, socket, 401,
               authorization.isEmpty() ? QStringLiteral("a bearer token is required")
                                       : QStringLiteral("the bearer token is not valid"));
        return;
    }
    const QByteArray body = request.body();
    if (body.size() > maxCheckInBodyBytes) {
        refuse(request, socket, 413,
               QStringLiteral("a check-in carries at most %1 bytes").arg(maxCheckInBodyBytes));
        return;
    }
    // {"message": "..."} or plain text; either is optional.
    QString message;
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    if (doc.isObject())
        message = doc.object().value(QStringLiteral("message")).toString();
    else
        message = QString::fromUtf8(body);
    message = message.simplified();
    if (message.size() > maxCheckInMessage)
        message = message.left(maxCheckInMessage - 1) + QChar(0x2026);
    const CheckIn answer = m_heartbeats(id, message);
    if (answer.status >= 400) {
        refuse(request, socket, answer.status, answer.error);
        return;
    }
    ++m_stats.accepted;
    m_stats.lastAccepted = QDateTime::currentDateTimeUtc();
    QJsonObject o{{QStringLiteral("status"), QStringLiteral("success")},
                  {QStringLiteral("heartbeat"), id}};
    if (answer.dueBy.isValid())
        o.insert(QStringLiteral("next_due_by"), answer.dueBy.toString(Qt::ISODate));
    reply(request, socket, 200, json(o));
}

void WebhookReceiver::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    refuse(request, socket, 404,
           QStringLiteral("no such endpoint %1; use /alertmanager, /v2/enqueue or "
                          "/heartbeat/<id>")
               .arg(request.url().path()));
}

} // namespace wk
