#pragma once

#include <QByteArray>
#include <QString>

#include <atomic>

namespace wk {

// Posts a page's JSON body to a webhook with libcurl. With a key, the body is signed so the
// receiver can tell it came from this workspace and is fresh:
//   X-Watchkeeper-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">
// Blocking: call it off the GUI and engine threads.
class WebhookPoster
{
public:
    struct Result
    {
        bool accepted = false; // a 2xx answer
        QString answer;        // "HTTP 200 from hooks.example.org", or why it failed
    };

    WebhookPoster(QByteArray key, int timeoutSeconds);

    Result post(const QString &url, const QByteArray &body, const QString &alertKey,
                qint64 unixSeconds) const;

    static QByteArray signature(const QByteArray &key, qint64 unixSeconds, const QByteArray &body);

    // While set, a transfer in flight stops and fails ("cancelled").
    void setCancel(const std::atomic_bool *flag) { m_cancel = flag; }

private:
    const std::atomic_bool *m_cancel = nullptr;
    QByteArray m_key;
    int m_timeoutSeconds;
};

} // namespace wk
