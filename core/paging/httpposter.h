#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <atomic>

namespace wk {

// Posts a page's body to a URL with libcurl and says whether the server took it.
// Blocking: call it off the GUI and engine threads.
class HttpPoster
{
public:
    struct Result
    {
        bool accepted = false; // a 2xx answer
        QString answer;        // "HTTP 200 from hooks.example.org", or why it failed
    };

    explicit HttpPoster(int timeoutSeconds);

    // headers: whole lines, "Name: value"; the body is sent as JSON.
    Result post(const QString &url, const QByteArray &body, const QList<QByteArray> &headers) const;

    // While set, a transfer in flight stops and fails ("cancelled").
    void setCancel(const std::atomic_bool *flag) { m_cancel = flag; }

private:
    const std::atomic_bool *m_cancel = nullptr;
    int m_timeoutSeconds;
};

} // namespace wk
