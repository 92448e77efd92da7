#include "demoworkspace.h"
#include "domain/clock.h"
#include "engine/engineworker.h"
#include "httpload.h"
#include "runningworker.h"
#include "selfsignedcertificate.h"
#include "sources/webhookreceiver.h"
#include "storage/database.h"
#include "waitfor.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

using namespace wk;
using wk::test::waitFor;

namespace {

struct Reply
{
    int status = 0;
    QJsonObject body;
};

Reply send(QNetworkAccessManager &net, const QString &method, const QUrl &url,
           const QByteArray &body, const QByteArray &token = {})
{
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token);
    QNetworkReply *reply = net.sendCustomRequest(request, method.toLatin1(), body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished())
        finished.wait(10000);
    Reply out;
    out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    out.body = QJsonDocument::fromJson(reply->readAll()).object();
    reply->deleteLater();
    return out;
}

// The demo with its receiver on, its token in the named environment variable.
Workspace withReceiver(const char *tokenEnv, const QByteArray &token, quint16 port = 0)
{
    qputenv(tokenEnv, token);
    Workspace ws = test::demoWorkspace();
    ws.receiver.enabled = true;
    ws.receiver.port = port;
    ws.receiver.tokenEnv = QString::fromLatin1(tokenEnv);
    return ws;
}

// The port a started worker's receiver listens on (0: none).
quint16 receiverPortOf(EngineWorker *worker)
{
    quint16 port = 0;
    QMetaObject::invokeMethod(
        worker, [&] { port = worker->receiverPort(); }, Qt::BlockingQueuedConnection);
    return port;
}

// Starts the worker and waits for its receiver; its port, or 0 when it does not listen.
quint16 startAndListen(EngineWorker *worker)
{
    QSignalSpy started(worker, &EngineWorker::started);
    QMetaObject::invokeMethod(worker, &EngineWorker::start);
    if (!waitFor([&] { return !started.isEmpty(); }, 5000))
        return 0;
    return receiverPortOf(worker);
}

// One raw HTTP/1.1 request, as a cron job's "curl -X POST" sends it (no body, and then no
// Content-Length); the status and the reply's JSON.
Reply rawRequest(quint16 port, const QByteArray &head, const QByteArray &body = {})
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(5000))
        return {};
    socket.write(head + "\r\n" + body);
    QByteArray answer;
    while (socket.state() == QAbstractSocket::ConnectedState && socket.waitForReadyRead(5000))
        answer += socket.readAll();
    answer += socket.readAll();
    Reply out;
    out.status = answer.mid(9, 3).toInt(); // "HTTP/1.1 200 OK"
    out.body = QJsonDocument::fromJson(answer.mid(answer.indexOf("\r\n\r\n") + 4)).object();
    return out;
}

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

} // namespace

class tst_Receiver : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { EngineWorker::registerTypes(); }

    void answersEachRequestHonestly()
    {
        QList<ExternalEvent> stored;
        bool storeWorks = true;
        bool silentFailure = false;
        WebhookReceiver receiver(QStringLiteral("s3cret"), 2048,
                                 [&](const QList<ExternalEvent> &events, QString *error) {
                                     if (!storeWorks) {
                                         *error = silentFailure
                                                      ? QString()
                                                      : QStringLiteral("database is locked");
                                         return false;
                                     }
                                     stored += events;
                                     return true;
                                 });
        QString error;
        QVERIFY2(receiver.start(QHostAddress::LocalHost, 0, &error), qPrintable(error));
        const QString base = QStringLiteral("http://127.0.0.1:%1").arg(receiver.port());
        QNetworkAccessManager net;
        const QByteArray trigger =
            R"({"event_action": "trigger", "dedup_key": "k1", "payload": {"summary": "Lag",
                "source": "db", "severity": "critical"}})";

        Reply r = send(net, QStringLiteral("GET"), QUrl(base + QStringLiteral("/health")), {});
        QCOMPARE(r.status, 200);

        r = send(net, QStringLiteral("POST"), QUrl(base + QStringLiteral("/v2/enqueue")), trigger);
        QCOMPARE(r.status, 401);
        QCOMPARE(r.body.value(QStringLiteral("message")).toString(),
                 QStringLiteral("a bearer token, or the token as routing_key, is required"));
        r = send(net, QStringLiteral("POST"), QUrl(base + QStringLiteral("/alertmanager")), "{}");
        QCOMPARE(r.status, 401);
        QCOMPARE(r.body.value(QStringLiteral("message")).toString(),
                 QStringLiteral("a bearer token is required"));
        // PagerDuty's way: the token as the routing key, in the body.
        QByteArray keyed = trigger;
        keyed.replace("\"dedup_key\": \"k1\"",
                      "\"routing_key\": \"s3cres\", \"dedup_key\": \"k0\"");
        QVERIFY(keyed.contains("routing_key"));
        r = send(net, QStringLiteral("POST"), QUrl(base + QStringLiteral("/v2/enqueue")), keyed);
        QCOMPARE(r.status, 401);
        QCOMPARE(r.body.value(QStringLiteral("message")).toString(),
                 QStringLiteral("the routing_key is not valid"));
        keyed.replace("s3cres", "s3cret");
        r = send(net, QStringLiteral("POST"), QUrl(base + QStringLiteral("/v2/enqueue")), keyed);
        QCOMPARE(r.status, 202);
        QCOMPARE(stored.size(), 1);
        QCOMPARE(stored.takeFirst().key, QStringLiteral("k0"));
        r = send(net, QStringLiteral("POST"), QUrl(base + QStringLiteral("/v2/enqueue")), trigger,
                 "s3cres");
        QCOMPARE(r.status, 401);
        QCOMPARE(r.body.value(QStringLiteral("message")).toString(),
                 QStringLiteral("the bearer token is not valid"));
        QVERIFY(stored.isEmpty());

        r = send(net, QStringLiteral("POST"), QUrl(base + QStringLiteral("/v2/enqueue")),
                 "{\"event_action\": ", "s3cret");
        QCOMPARE(r.status, 400);
        QVERIFY(r.body.value(QStringLiteral("message"))
                    .toString()
                    .startsWith(QStringLiteral("malformed JSON")));
        r = send(net, QStringLiteral("POST"), QUrl(base + QStringLiteral("/alertmanager")),
                 R"({"version": "4"})", "s3cret");
        QCOMPARE(r.status, 400);
        QCOMPARE(r.body.value(QStringLiteral("message")).toString(),
                 QStringLiteral("field 'alerts' is missing"));
        r = send(net, QStringLiteral("POST"), QUrl(base + QStringLiteral("/v2/enqueue")),
                 QByteArray(4096, ' '), "s3cret");
        QCOMPARE(r.status, 413);
        QCOMPARE(r.body.value(QStringLiteral("message")).toString(),
                 QStringLiteral("the body is 4096 bytes; at most 2048 are accepted"));
        r = send(net, QStringLiteral("POST"), QUrl(base + QStringLiteral("/nowhere")), trigger,
                 "s3cret");
        QCOMPARE(r.status, 404);
        r = send(net, QStringLiteral("GET"), QUrl(base + QStringLiteral("/alertmanager")), {},
                 "s3cret");
        QCOMPARE(r.status, 405);
        QVERIFY(stored.isEmpty());

        // Stored first, then answered as PagerDuty answers.
        r = send(net, QStringLiteral("POST"), QUrl(base + QStringLiteral("/v2/enqueue")), trigger,
                 "s3cret");
        QCOMPARE(r.status, 202);
        QCOMPARE(r.body.value(QStringLiteral("dedup_key")).toString(), QStringLiteral("k1"));
        QCOMPARE(stored.size(), 1);
        QCOMPARE(stored.first().key, QStringLiteral("k1"));

        // The scheme is case-insensitive (RFC 7235): "bearer" works as "Bearer" does.
        {
            QNetworkRequest lower(QUrl(base + QStringLiteral("/v2/enqueue")));
            lower.setHeader(QNetworkRequest::ContentTypeHeader,
                            QByteArrayLiteral("application/json"));
            lower.setRawHeader("Authorization", "bearer s3cret");
            QNetworkReply *reply = net.post(lower, trigger);
            QSignalSpy finished(reply, &QNetworkReply::finished);
            QVERIFY(reply->isFinished() || finished.wait(10000));
            QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 202);
            reply->deleteLater();
        }
        QCOMPARE(stored.size(), 2);
        stored.removeLast();

        // A store that cannot take it makes the sender retry.
        storeWorks = false;
        r = send(net, QStringLiteral("POST"), QUrl(base + QStringLiteral("/v2/enqueue")), trigger,
                 "s3cret");
        QCOMPARE(r.status, 503);
        const QString busy = r.body.value(QStringLiteral("message")).toString();
        QVERIFY2(busy.startsWith(QStringLiteral("accepted for retry")), qPrintable(busy));
        QVERIFY2(busy.contains(QStringLiteral("database is locked")), qPrintable(busy));
        // A store that fails without a word still gives the sender a reason.
        silentFailure = true;
        r = send(net, QStringLiteral("POST"), QUrl(base + QStringLiteral("/v2/enqueue")), trigger,
                 "s3cret");
        QCOMPARE(r.status, 503);
        QVERIFY2(r.body.value(QStringLiteral("message"))
                     .toString()
                     .contains(QStringLiteral("(the store did not answer)")),
                 qPrintable(r.body.value(QStringLiteral("message")).toString()));
        QCOMPARE(receiver.stats().accepted, 3); // one of them by its routing_key
        QCOMPARE(receiver.stats().rejected, 11);
    }

    void aReceiverWithoutATokenIsAFailingSource()
    {
        QTemporaryDir dir;
        Workspace ws = test::demoWorkspace();
        ws.receiver.enabled = true;
        ws.receiver.port = 0;
        ws.receiver.tokenEnv = QStringLiteral("WK_TEST_TOKEN_THAT_IS_NOT_SET");
        ManualClock clock(1767225600LL * nanosPerSecond);
        // Stopped and joined however the test ends.
        test::RunningWorker running(ws, dir.filePath(QStringLiteral("s.sqlite")), &clock);
        EngineWorker *worker = running.worker;
        QSignalSpy changed(worker, &EngineWorker::alertsChanged);
        QMetaObject::invokeMethod(worker, &EngineWorker::start);
        QVERIFY(waitFor([&] { return !changed.isEmpty(); }, 5000));
        const Alert a = changed.first().first().value<QList<Alert>>().first();
        QCOMPARE(a.dedupKey, QStringLiteral("source/receiver"));
        QVERIFY2(a.evidence.contains(QStringLiteral("WK_TEST_TOKEN_THAT_IS_NOT_SET")),
                 qPrintable(a.evidence));
    }

    // A stranger's huge body is refused on its headers, before a byte of it is read; a
    // connection that sends its headers too slowly, or idles, is closed; and a connection
    // carries one request, so a second one cannot slip past the checks.
    void refusesOnTheHeadersAndBoundsConnections()
    {
        int stored = 0;
        WebhookReceiver receiver(QStringLiteral("s3cret"), 4096,
                                 [&](const QList<ExternalEvent> &events, QString *) {
                                     stored += int(events.size());
                                     return true;
                                 });
        receiver.setTimeouts(300, 1500);
        QString error;
        QVERIFY2(receiver.start(QHostAddress::LocalHost, 0, &error), qPrintable(error));
        auto exchange = [&](const QByteArray &head, int waitMs) {
            QTcpSocket client;
            client.connectToHost(QHostAddress::LocalHost, receiver.port());
            if (!client.waitForConnected(5000))
                return QByteArray("<no connection>");
            client.write(head);
            QByteArray answer;
            QElapsedTimer t;
            t.start();
            while (t.elapsed() < waitMs && client.state() == QAbstractSocket::ConnectedState) {
                QTest::qWait(20);
                answer += client.readAll();
            }
            answer += client.readAll();
            return answer;
        };
        // 200 MB announced, none of it sent: the answer comes at once.
        QByteArray answer = exchange("POST /alertmanager HTTP/1.1\r\nHost: x\r\n"
                                     "Content-Length: 209715200\r\n\r\n",
                                     2000);
        QVERIFY2(answer.startsWith("HTTP/1.1 401"), answer.constData());
        QVERIFY(answer.contains("a bearer token is required"));
        answer = exchange("POST /v2/enqueue HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer s3cret"
                          "\r\nContent-Length: 209715200\r\n\r\n",
                          2000);
        QVERIFY2(answer.startsWith("HTTP/1.1 413"), answer.constData());
        QVERIFY(answer.contains("at most 4096 are accepted"));
        // A PagerDuty sender may name the token in the body; the size is judged before it.
        answer = exchange("POST /v2/enqueue HTTP/1.1\r\nHost: x\r\n"
                          "Content-Length: 209715200\r\n\r\n",
                          2000);
        QVERIFY2(answer.startsWith("HTTP/1.1 413"), answer.constData());
        answer = exchange("POST /v2/enqueue HTTP/1.1\r\nHost: x\r\nAuthorization: bearer s3cret"
                          "\r\nTransfer-Encoding: chunked\r\n\r\n",
                          2000);
        QVERIFY2(answer.startsWith("HTTP/1.1 411"), answer.constData());
        // Half a request: closed after the header timeout, without an answer.
        QElapsedTimer t;
        t.start();
        answer = exchange("POST /v2/enqueue HTTP/1.1\r\nHost: x\r\n", 5000);
        QVERIFY(answer.isEmpty());
        QVERIFY2(t.elapsed() < 4000, qPrintable(QString::number(t.elapsed())));
        // Headers complete, body never sent: closed at the request deadline.
        t.restart();
        answer = exchange("POST /v2/enqueue HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer s3cret"
                          "\r\nContent-Length: 100\r\n\r\n{",
                          5000);
        QVERIFY2(t.elapsed() < 4500, qPrintable(QString::number(t.elapsed())));
        // Two requests on one connection: the first is answered, then the connection closes.
        const QByteArray trigger =
            R"({"event_action": "trigger", "dedup_key": "k", "payload": {"summary": "s",
                "source": "db", "severity": "error"}})";
        const QByteArray request = "POST /v2/enqueue HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                                   "s3cret\r\nContent-Type: application/json\r\nContent-Length: " +
                                   QByteArray::number(trigger.size()) + "\r\n\r\n" + trigger;
        answer = exchange(request + request, 3000);
        QVERIFY2(answer.startsWith("HTTP/1.1 202"), answer.constData());
        QCOMPARE(answer.count("HTTP/1.1 "), 1);
        QCOMPARE(stored, 1);
    }

    // With a certificate and key in the workspace the receiver speaks HTTPS and nothing
    // else: a client that trusts the certificate gets its 202, plain HTTP gets no answer.
    void speaksTlsWithTheWorkspacesCertificate()
    {
        Workspace ws = withReceiver("WK_TEST_TLS_TOKEN", "tls-token");
        ws.receiver.tlsCertificate = QStringLiteral("cert.pem"); // beside the workspace
        ws.receiver.tlsKey = QStringLiteral("./key.pem");
        QTemporaryDir store;
        test::RunningWorker running(ws, store.filePath(QStringLiteral("s.sqlite")), nullptr);
        const QString dir = running.base.path();
        QVERIFY(test::writeSelfSignedCertificate(dir)); // read when the receiver starts
        const quint16 port = startAndListen(running.worker);
        QVERIFY(port != 0);

        QNetworkAccessManager net;
        QNetworkRequest request(QUrl(QStringLiteral("https://127.0.0.1:%1/v2/enqueue").arg(port)));
        QSslConfiguration trust = QSslConfiguration::defaultConfiguration();
        trust.setCaCertificates(
            QSslCertificate::fromPath(QDir(dir).filePath(QStringLiteral("cert.pem"))));
        request.setSslConfiguration(trust);
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/json"));
        request.setRawHeader("Authorization", "Bearer tls-token");
        QNetworkReply *reply = net.post(
            request, QByteArrayLiteral(R"({"event_action": "trigger", "dedup_key": "tls-1", )"
                                       R"("payload": {"summary": "Over TLS", "source": "db", )"
                                       R"("severity": "error"}})"));
        QSignalSpy finished(reply, &QNetworkReply::finished);
        QVERIFY(finished.wait(10000));
        QVERIFY2(reply->error() == QNetworkReply::NoError, qPrintable(reply->errorString()));
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 202);
        reply->deleteLater();

        // A client that does not trust it refuses the handshake.
        QNetworkRequest untrusting(request);
        untrusting.setSslConfiguration(QSslConfiguration::defaultConfiguration());
        QNetworkAccessManager stranger; // no connection or TLS session of the first to reuse
        QNetworkReply *refused = stranger.post(untrusting, QByteArrayLiteral("{}"));
        QSignalSpy refusedDone(refused, &QNetworkReply::finished);
        QVERIFY(refusedDone.wait(10000));
        QCOMPARE(refused->error(), QNetworkReply::SslHandshakeFailedError);
        refused->deleteLater();

        // Plain HTTP on the TLS port: no HTTP answer comes back.
        test::HttpLoad plain(port, QStringLiteral("/v2/enqueue"), "tls-token");
        const auto answers = plain.run(
            0, 1, 1, [](int) { return QByteArray("{}"); }, 3000);
        QCOMPARE(answers.first().status, 0);
    }

    // A port still held (by a leader stepping down) is tried again until it is free.
    void aBusyPortIsTriedAgain()
    {
        QTemporaryDir dir;
        QTcpServer squatter;
        QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
        const Workspace ws =
            withReceiver("WK_TEST_BUSY_TOKEN", "busy-token", squatter.serverPort());
        test::RunningWorker running(ws, dir.filePath(QStringLiteral("s.sqlite")), nullptr);
        EngineWorker *worker = running.worker;
        EngineStatus last;
        QObject context; // the connection ends with this test, before its locals do
        connect(worker, &EngineWorker::statusChanged, &context,
                [&](const EngineStatus &s) { last = s; });
        QMetaObject::invokeMethod(worker, &EngineWorker::start);
        auto receiver = [&] {
            for (const SourceHealth &h : std::as_const(last.sources)) {
                if (h.id == QLatin1String("receiver"))
                    return h;
            }
            return SourceHealth{};
        };
        QVERIFY(waitFor([&] { return receiver().failing(); }, 5000));
        QVERIFY2(receiver().error.contains(QStringLiteral("trying again")),
                 qPrintable(receiver().error));
        squatter.close();
        QVERIFY2(waitFor([&] { return !receiver().failing(); }, 5000),
                 qPrintable(receiver().error));
        QVERIFY2(receiver().note.startsWith(QStringLiteral("listening, after")),
                 qPrintable(receiver().note));
        QCOMPARE(receiverPortOf(worker), ws.receiver.port);
    }

    // What the receiver takes in shows in the status bar's events per second.
    void receivedAlertsCountAsEvents()
    {
        QTemporaryDir dir;
        const Workspace ws = withReceiver("WK_TEST_RATE_TOKEN", "rate-token");
        test::RunningWorker running(ws, dir.filePath(QStringLiteral("s.sqlite")), nullptr);
        EngineWorker *worker = running.worker;
        double fastest = 0;
        QObject context; // the connection ends with this test, before its locals do
        connect(worker, &EngineWorker::statusChanged, &context,
                [&](const EngineStatus &s) { fastest = std::max(fastest, s.eventsPerSecond); });
        const quint16 port = startAndListen(worker);
        QVERIFY(port != 0);
        QNetworkAccessManager net;
        const QUrl url(QStringLiteral("http://127.0.0.1:%1/v2/enqueue").arg(port));
        for (int i = 0; i < 20; ++i) {
            const QByteArray body =
                QStringLiteral(R"({"event_action": "trigger", "dedup_key": "rate-%1", )"
                               R"("payload": {"summary": "Lag", "source": "db", )"
                               R"("severity": "error"}})")
                    .arg(i)
                    .toUtf8();
            const Reply r = send(net, QStringLiteral("POST"), url, body, "rate-token");
            QVERIFY2(r.status == 202,
                     qPrintable(r.body.value(QStringLiteral("message")).toString()));
        }
        // The sources' files are quiet: every event counted came through the receiver.
        QVERIFY2(waitFor([&] { return fastest > 0; }, 5000), qPrintable(QString::number(fastest)));
    }

    // Twenty senders at once, each request on a connection of its own: every request answered
    // 2xx is an alert in the store exactly once, and nothing else is. (bench_receiver runs
    // the same load at 40,000 alerts for the figures.)
    void underLoadEveryAcknowledgedEventIsStoredOnce()
    {
        QTemporaryDir dir;
        const Workspace ws = withReceiver("WK_TEST_LOAD_TOKEN", "load-token");
        const QString store = dir.filePath(QStringLiteral("s.sqlite"));
        QSet<QString> keys;
        {
            test::RunningWorker running(ws, store, nullptr);
            const quint16 port = startAndListen(running.worker);
            QVERIFY(port != 0);
            auto body = [](int i) {
                // Every tenth request repeats an earlier key, as a retrying sender does.
                const int key = i % 10 == 9 ? i - 5 : i;
                return QStringLiteral(R"({"event_action": "trigger", "dedup_key": "load-%1", )"
                                      R"("payload": {"summary": "Lag %1", "source": "db", )"
                                      R"("severity": "error"}})")
                    .arg(key)
                    .toUtf8();
            };
            test::HttpLoad load(port, QStringLiteral("/v2/enqueue"), "load-token");
            const QList<test::HttpLoad::Answer> answers = load.run(0, 2000, 20, body);
            for (int i = 0; i < answers.size(); ++i) {
                QVERIFY2(
                    answers[i].status == 202,
                    qPrintable(QStringLiteral("request %1: %2").arg(i).arg(answers[i].status)));
                keys.insert(QStringLiteral("load-%1").arg(i % 10 == 9 ? i - 5 : i));
            }
        }
        const auto db = Database::open(store, nullptr);
        QVERIFY(db);
        QSqlQuery q(db->connection());
        QVERIFY(q.exec(QStringLiteral("SELECT subject, count(*) FROM alerts WHERE rule_kind = "
                                      "'external' GROUP BY subject")));
        QHash<QString, int> stored;
        while (q.next())
            stored.insert(q.value(0).toString(), q.value(1).toInt());
        QCOMPARE(stored.size(), keys.size());
        for (const QString &key : std::as_const(keys))
            QVERIFY2(stored.value(key) == 1, qPrintable(key));
    }

    // A job checks in over HTTP; silence past interval and grace (on the engine's clock)
    // raises an alert on its pipeline, stored; the next check-in resolves it.
    void heartbeatsCheckInGoMissingAndRecover()
    {
        QTemporaryDir dir;
        Workspace ws = withReceiver("WK_TEST_HEARTBEAT_TOKEN", "hb-token");
        Heartbeat h;
        h.id = QStringLiteral("nightly-export");
        h.pipeline = ws.pipelines.first().id;
        h.intervalSeconds = 10 * 60;
        h.graceSeconds = 60;
        h.severity = Severity::Critical;
        ws.heartbeats = {h};
        const TimestampNs start = 1'780'000'000 * nanosPerSecond;
        ManualClock clock(start);
        const QString store = dir.filePath(QStringLiteral("s.sqlite"));
        {
            test::RunningWorker running(ws, store, &clock);
            EngineWorker *worker = running.worker;
            QList<Alert> seen;
            EngineStatus status;
            QObject context;
            connect(worker, &EngineWorker::alertsChanged, &context,
                    [&](const QList<Alert> &changed) { seen += changed; });
            connect(worker, &EngineWorker::statusChanged, &context,
                    [&](const EngineStatus &s) { status = s; });
            const quint16 port = startAndListen(worker);
            QVERIFY(port != 0);
            auto heartbeat = [&] {
                for (const SourceHealth &s : std::as_const(status.sources))
                    if (s.id == h.id)
                        return s;
                return SourceHealth{};
            };
            QTRY_COMPARE_WITH_TIMEOUT(heartbeat().status, QStringLiteral("Waiting"), 5000);

            const QByteArray path = "/heartbeat/nightly-export";
            const QByteArray auth = "Authorization: Bearer hb-token\r\n";
            Reply r = rawRequest(port, "POST " + path + " HTTP/1.1\r\nHost: x\r\n" + auth);
            QCOMPARE(r.status, 200);
            QCOMPARE(r.body.value(QStringLiteral("heartbeat")).toString(), h.id);
            QCOMPARE(QDateTime::fromString(r.body.value(QStringLiteral("next_due_by")).toString(),
                                           Qt::ISODate),
                     toDateTime(start + 10 * 60 * nanosPerSecond));
            QTRY_COMPARE_WITH_TIMEOUT(heartbeat().status, QStringLiteral("OK"), 5000);
            QCOMPARE(heartbeat().lastSuccess, start);

            // Refused: unknown id, no or a wrong token, GET, a body past 4 KiB.
            r = rawRequest(port, "POST /heartbeat/nope HTTP/1.1\r\nHost: x\r\n" + auth);
            QCOMPARE(r.status, 404);
            QCOMPARE(r.body.value(QStringLiteral("message")).toString(),
                     QStringLiteral("the workspace has no heartbeat 'nope'"));
            r = rawRequest(port, "POST " + path + " HTTP/1.1\r\nHost: x\r\n");
            QCOMPARE(r.status, 401);
            r = rawRequest(port,
                           "POST " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer no\r\n");
            QCOMPARE(r.status, 401);
            r = rawRequest(port, "GET " + path + " HTTP/1.1\r\nHost: x\r\n" + auth);
            QCOMPARE(r.status, 405);
            const QByteArray big(5000, 'x');
            r = rawRequest(port,
                           "POST " + path + " HTTP/1.1\r\nHost: x\r\n" + auth +
                               "Content-Length: 5000\r\n",
                           big);
            QCOMPARE(r.status, 413);

            // Silent for the interval and the grace: the alert, on the heartbeat's pipeline.
            clock.advance((11 * 60 + 1) * nanosPerSecond);
            auto latest = [&] {
                Alert found;
                for (const Alert &a : std::as_const(seen))
                    if (a.ruleId == QLatin1String("heartbeat"))
                        found = a;
                return found;
            };
            QTRY_VERIFY_WITH_TIMEOUT(latest().isOpen() && !latest().ruleId.isEmpty(), 5000);
            QCOMPARE(latest().subject, h.id);
            QCOMPARE(latest().pipelineId, h.pipeline);
            QCOMPARE(latest().severity, Severity::Critical);
            QTRY_COMPARE_WITH_TIMEOUT(heartbeat().status, QStringLiteral("Missing"), 5000);
            QVERIFY(heartbeat().alarming);
            QVERIFY(!heartbeat().failing());

            // The next check-in, with a message, resolves it.
            const QByteArray message = R"({"message": "exported 41 files"})";
            r = rawRequest(port,
                           "POST " + path + " HTTP/1.1\r\nHost: x\r\n" + auth +
                               "Content-Type: application/json\r\nContent-Length: " +
                               QByteArray::number(message.size()) + "\r\n",
                           message);
            QCOMPARE(r.status, 200);
            QTRY_VERIFY_WITH_TIMEOUT(latest().state == AlertState::Resolved, 5000);
            QVERIFY2(latest().timeline.last().detail.contains(QStringLiteral("exported 41 files")),
                     qPrintable(latest().timeline.last().detail));
            QTRY_COMPARE_WITH_TIMEOUT(heartbeat().status, QStringLiteral("OK"), 5000);
            QVERIFY2(heartbeat().note.contains(QStringLiteral("exported 41 files")),
                     qPrintable(heartbeat().note));
            QCOMPARE(heartbeat().delivered, 2);
        }
        const auto db = Database::open(store, nullptr);
        QVERIFY(db);
        QSqlQuery q(db->connection());
        QVERIFY(q.exec(QStringLiteral("SELECT state, pipeline_id FROM alerts WHERE rule_id = "
                                      "'heartbeat'")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("resolved"));
        QCOMPARE(q.value(1).toString(), h.pipeline);
        QVERIFY(!q.next());
    }

    // Debian's real Alertmanager, configured here to notify the console's receiver.
    void alertmanagerDeliversFiringThenResolved()
    {
        const QString binary =
            QStandardPaths::findExecutable(QStringLiteral("prometheus-alertmanager"));
        QVERIFY2(!binary.isEmpty(), "prometheus-alertmanager is not installed (tools/deps.sh "
                                    "installs it)");
        QTemporaryDir dir;
        const Workspace ws = withReceiver("WK_TEST_RECEIVER_TOKEN", "am-token-42");
        // Stopped and joined however the test ends.
        test::RunningWorker running(ws, dir.filePath(QStringLiteral("s.sqlite")), nullptr);
        EngineWorker *worker = running.worker;
        QList<Alert> seen;
        connect(worker, &EngineWorker::alertsChanged, this,
                [&](const QList<Alert> &changed) { seen += changed; });
        const quint16 receiverPort = startAndListen(worker);
        QVERIFY(receiverPort != 0);

        const quint16 amPort = freePort();
        QFile config(dir.filePath(QStringLiteral("alertmanager.yml")));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write(QStringLiteral("route:\n"
                                    "  receiver: watchkeeper\n"
                                    "  group_by: [alertname]\n"
                                    "  group_wait: 1s\n"
                                    "  group_interval: 1s\n"
                                    "  repeat_interval: 1h\n"
                                    "receivers:\n"
                                    "  - name: watchkeeper\n"
                                    "    webhook_configs:\n"
                                    "      - url: http://127.0.0.1:%1/alertmanager\n"
                                    "        send_resolved: true\n"
                                    "        http_config:\n"
                                    "          authorization:\n"
                                    "            credentials: am-token-42\n")
                         .arg(receiverPort)
                         .toUtf8());
        config.close();
        QProcess am;
        am.setProcessChannelMode(QProcess::MergedChannels);
        am.start(binary, {QStringLiteral("--config.file=") + config.fileName(),
                          QStringLiteral("--storage.path=") + dir.filePath(QStringLiteral("am")),
                          QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(amPort),
                          QStringLiteral("--cluster.listen-address=")});
        QVERIFY2(am.waitForStarted(10000), qPrintable(am.errorString()));
        auto stopAm = qScopeGuard([&] {
            am.terminate();
            if (!am.waitForFinished(5000))
                am.kill();
        });

        QNetworkAccessManager net;
        const QUrl amApi(QStringLiteral("http://127.0.0.1:%1/api/v2/alerts").arg(amPort));
        QVERIFY2(waitFor([&] { return send(net, QStringLiteral("GET"), amApi, {}).status == 200; },
                         15000),
                 am.readAll().constData());

        const QDateTime now = QDateTime::currentDateTimeUtc();
        QJsonObject alert{
            {QStringLiteral("labels"),
             QJsonObject{{QStringLiteral("alertname"), QStringLiteral("ProfitUnitStale")},
                         {QStringLiteral("pipeline"), QStringLiteral("profit-unit")},
                         {QStringLiteral("severity"), QStringLiteral("critical")}}},
            {QStringLiteral("annotations"),
             QJsonObject{{QStringLiteral("summary"), QStringLiteral("profit_unit is 3h old")}}},
            {QStringLiteral("startsAt"), now.toString(Qt::ISODateWithMs)}};
        Reply posted =
            send(net, QStringLiteral("POST"), amApi, QJsonDocument(QJsonArray{alert}).toJson());
        QCOMPARE(posted.status, 200);
        auto external = [&](AlertState state) {
            for (const Alert &a : seen) {
                if (a.ruleKind == QLatin1String("external") && a.state == state)
                    return true;
            }
            return false;
        };
        QVERIFY2(waitFor([&] { return external(AlertState::Triggered); }, 20000),
                 am.readAll().constData());
        Alert fired;
        for (const Alert &a : seen) {
            if (a.ruleKind == QLatin1String("external"))
                fired = a;
        }
        QCOMPARE(fired.pipelineId, QStringLiteral("profit-unit"));
        QCOMPARE(fired.severity, Severity::Critical);
        QCOMPARE(fired.title, QStringLiteral("profit_unit is 3h old"));
        QVERIFY(fired.dedupKey.startsWith(QStringLiteral("alertmanager/")));

        // Ending the alert makes Alertmanager send it again as resolved.
        alert[QStringLiteral("endsAt")] =
            QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
        posted =
            send(net, QStringLiteral("POST"), amApi, QJsonDocument(QJsonArray{alert}).toJson());
        QCOMPARE(posted.status, 200);
        QVERIFY2(waitFor([&] { return external(AlertState::Resolved); }, 30000),
                 am.readAll().constData());
        for (const Alert &a : seen) {
            if (a.ruleKind == QLatin1String("external") && a.state == AlertState::Resolved)
                QCOMPARE(a.dedupKey, fired.dedupKey);
        }
    }
};

QTEST_GUILESS_MAIN(tst_Receiver)
#include "tst_receiver.moc"
