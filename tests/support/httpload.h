#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <functional>

namespace wk::test {

// Posts many requests to an HTTP server on 127.0.0.1, a fixed number at a time, each on a
// connection of its own (as the receiver serves one request per connection), and records
// every answer's status and how long it took. For the receiver's load benchmark and the
// test that every acknowledged request was stored once.
class HttpLoad
{
public:
    struct Answer
    {
        int status = 0;    // 0: no answer (connection refused, reset or timed out)
        qint64 micros = 0; // from connecting to the full answer
    };

    HttpLoad(quint16 port, QString path, QByteArray token);
    // Sends requests [first, first + count) with bodies from body(i), `concurrency` at a
    // time; returns when every one has its answer, indexed from 0 for `first`.
    QList<Answer> run(int first, int count, int concurrency,
                      const std::function<QByteArray(int index)> &body, int timeoutMs = 30000);

    // The qth quantile (0..1) of the answers' times, in microseconds.
    static qint64 quantile(QList<Answer> answers, double q);

private:
    quint16 m_port;
    QString m_path;
    QByteArray m_token;
};

} // namespace wk::test
