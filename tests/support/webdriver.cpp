#include "webdriver.h"

#include "listenport.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

namespace wk::test {

WebDriver::WebDriver()
{
    m_port = unusedListenPort();
    m_driver.setProcessChannelMode(QProcess::MergedChannels);
    m_driver.start(QStringLiteral("chromedriver"), {QStringLiteral("--port=%1").arg(m_port)});
    if (!m_driver.waitForStarted(10000)) {
        m_error = QStringLiteral("chromedriver did not start: %1").arg(m_driver.errorString());
        return;
    }
    // Ready once it listens.
    QElapsedTimer timer;
    timer.start();
    bool listening = false;
    while (!listening && timer.elapsed() < 15000) {
        QTcpSocket probe;
        probe.connectToHost(QHostAddress::LocalHost, m_port);
        listening = probe.waitForConnected(200);
        if (!listening)
            QTest::qWait(100);
    }
    if (!listening) {
        m_error = QStringLiteral("chromedriver is not listening: %1")
                      .arg(QString::fromLocal8Bit(m_driver.readAll()));
        return;
    }
    const QJsonObject options{
        {QStringLiteral("binary"), QStringLiteral("/usr/bin/chromium")},
        {QStringLiteral("args"),
         QJsonArray{QStringLiteral("--headless=new"), QStringLiteral("--no-sandbox"),
                    QStringLiteral("--disable-gpu"), QStringLiteral("--disable-dev-shm-usage"),
                    QStringLiteral("--no-first-run")}}};
    const QJsonObject capabilities{
        {QStringLiteral("alwaysMatch"),
         QJsonObject{{QStringLiteral("browserName"), QStringLiteral("chrome")},
                     {QStringLiteral("goog:chromeOptions"), options}}}};
    const QJsonValue created = command("POST", QStringLiteral("/session"),
                                       {{QStringLiteral("capabilities"), capabilities}});
    m_session = created.toObject().value(QStringLiteral("sessionId")).toString();
    if (m_session.isEmpty() && m_error.isEmpty())
        m_error = QStringLiteral("chromedriver made no session");
}

WebDriver::~WebDriver()
{
    if (!m_session.isEmpty())
        command("DELETE", QStringLiteral("/session/%1").arg(m_session));
    m_driver.terminate();
    if (!m_driver.waitForFinished(5000))
        m_driver.kill();
}

QJsonValue WebDriver::command(const QByteArray &method, const QString &path,
                              const QJsonObject &body)
{
    QNetworkAccessManager net;
    QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(path)));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    QNetworkReply *reply = net.sendCustomRequest(
        request, method,
        method == "GET" || method == "DELETE" ? QByteArray()
                                              : QJsonDocument(body).toJson(QJsonDocument::Compact));
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(60000, &loop, &QEventLoop::quit);
    loop.exec();
    const QByteArray answer = reply->isFinished() ? reply->readAll() : QByteArray();
    const bool finished = reply->isFinished();
    reply->deleteLater();
    if (!finished) {
        m_error = QStringLiteral("%1 %2: no answer from chromedriver")
                      .arg(QString::fromLatin1(method), path);
        return QJsonValue::Undefined;
    }
    QJsonValue value = QJsonDocument::fromJson(answer).object().value(QStringLiteral("value"));
    if (value.isObject() && value.toObject().contains(QStringLiteral("error"))) {
        m_error =
            QStringLiteral("%1 %2: %3: %4")
                .arg(QString::fromLatin1(method), path, value[QStringLiteral("error")].toString(),
                     value[QStringLiteral("message")].toString().left(300));
        return QJsonValue::Undefined;
    }
    return value;
}

bool WebDriver::open(const QString &url)
{
    return !command("POST", QStringLiteral("/session/%1/url").arg(m_session),
                    {{QStringLiteral("url"), url}})
                .isUndefined();
}

QString WebDriver::element(const QString &css)
{
    // A page a click is still loading has no such element yet: look again for a while.
    QElapsedTimer timer;
    timer.start();
    do {
        const QJsonValue found =
            command("POST", QStringLiteral("/session/%1/element").arg(m_session),
                    {{QStringLiteral("using"), QStringLiteral("css selector")},
                     {QStringLiteral("value"), css}});
        // An element reference is an object with one key, WebDriver's element identifier.
        const QJsonObject reference = found.toObject();
        if (reference.size() == 1)
            return reference.begin()->toString();
        QTest::qWait(100);
    } while (timer.elapsed() < 5000);
    return {};
}

bool WebDriver::click(const QString &css)
{
    const QString id = element(css);
    return !id.isEmpty() &&
           !command("POST", QStringLiteral("/session/%1/element/%2/click").arg(m_session, id), {})
                .isUndefined();
}

QString WebDriver::text(const QString &css)
{
    const QString id = element(css);
    if (id.isEmpty())
        return {};
    return command("GET", QStringLiteral("/session/%1/element/%2/text").arg(m_session, id))
        .toString();
}

QString WebDriver::title()
{
    return command("GET", QStringLiteral("/session/%1/title").arg(m_session)).toString();
}

} // namespace wk::test
