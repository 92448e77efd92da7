#include "httpload.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>
#include <memory>

namespace wk::test {

HttpLoad::HttpLoad(quint16 port, QString path, QByteArray token)
    : m_port(port), m_path(std::move(path)), m_token(std::move(token))
{}

QList<HttpLoad::Answer> HttpLoad::run(int first, int count, int concurrency,
                                      const std::function<QByteArray(int index)> &body,
                                      int timeoutMs)
{
    QList<Answer> answers(count);
    QEventLoop loop;
    int next = 0, done = 0;
    std::function<void()> start = [&] {
        if (next >= count)
            return;
        const int at = next++;
        auto *socket = new QTcpSocket(&loop);
        auto timer = std::make_shared<QElapsedTimer>();
        auto received = std::make_shared<QByteArray>();
        timer->start();
        auto finish = [&, socket, timer, received, at](bool timedOut) {
            if (socket->property("finished").toBool())
                return;
            socket->setProperty("finished", true);
            // "HTTP/1.1 202 Accepted": the status is the second word of the first line.
            const QList<QByteArray> words = received->left(received->indexOf('\n')).split(' ');
            answers[at].status = !timedOut && words.size() > 1 ? words.at(1).toInt() : 0;
            answers[at].micros = timer->nsecsElapsed() / 1000;
            socket->abort();
            socket->deleteLater();
            if (++done == count)
                loop.quit();
            else
                start();
        };
        QObject::connect(socket, &QTcpSocket::connected, socket, [=, this] {
            const QByteArray payload = body(first + at);
            QByteArray request =
                "POST " + m_path.toLatin1() +
                " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n";
            if (!m_token.isEmpty())
                request += "Authorization: Bearer " + m_token + "\r\n";
            request += "Content-Length: " + QByteArray::number(payload.size()) +
                       "\r\nConnection: close\r\n\r\n" + payload;
            socket->write(request);
        });
        QObject::connect(socket, &QTcpSocket::readyRead, socket,
                         [=] { *received += socket->readAll(); });
        QObject::connect(socket, &QTcpSocket::disconnected, socket, [=] { finish(false); });
        QObject::connect(socket, &QTcpSocket::errorOccurred, socket,
                         [=](QAbstractSocket::SocketError) {
                             *received += socket->readAll();
                             finish(false);
                         });
        QTimer::singleShot(timeoutMs, socket, [=] { finish(true); });
        socket->connectToHost(QHostAddress::LocalHost, m_port);
    };
    if (count == 0)
        return answers;
    for (int i = 0; i < std::min(concurrency, count); ++i)
        start();
    loop.exec();
    return answers;
}

qint64 HttpLoad::quantile(QList<Answer> answers, double q)
{
    if (answers.isEmpty())
        return 0;
    std::sort(answers.begin(), answers.end(),
              [](const Answer &a, const Answer &b) { return a.micros < b.micros; });
    const auto at = static_cast<qsizetype>(q * double(answers.size() - 1) + 0.5);
    return answers.at(std::clamp<qsizetype>(at, 0, answers.size() - 1)).micros;
}

} // namespace wk::test
