#include "httpposter.h"

#include "curlglobal.h"

#include <QUrl>

#include <memory>

namespace wk {

namespace {

size_t collect(char *data, size_t size, size_t count, void *user)
{
    auto *body = static_cast<QByteArray *>(user);
    // The first few hundred bytes say enough about a refusal; the rest is dropped.
    if (body->size() < 512)
        body->append(data, static_cast<qsizetype>(qMin<size_t>(size * count, 512)));
    return size * count;
}

} // namespace

HttpPoster::HttpPoster(int timeoutSeconds) : m_timeoutSeconds(timeoutSeconds) {}

HttpPoster::Result HttpPoster::post(const QString &url, const QByteArray &body,
                                    const QList<QByteArray> &headerLines) const
{
    const ReusedCurl curl;
    if (!curl.get())
        return {false, QStringLiteral("libcurl could not start a transfer")};
    CURL *c = curl.get();
    const QByteArray target = url.toUtf8();
    curl_easy_setopt(c, CURLOPT_URL, target.constData());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.constData());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, long(body.size()));
    curl_easy_setopt(c, CURLOPT_TIMEOUT, long(m_timeoutSeconds));
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    allowCancel(c, m_cancel);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "Watchkeeper");

    QList<QByteArray> lines = {"Content-Type: application/json"};
    lines += headerLines;
    curl_slist *raw = nullptr;
    for (const QByteArray &h : lines)
        raw = curl_slist_append(raw, h.constData());
    std::unique_ptr<curl_slist, CurlDeleter> headers(raw);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());

    QByteArray answerBody;
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &answerBody);
    char errorBuffer[CURL_ERROR_SIZE] = {};
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errorBuffer);

    const QString host = QUrl(url).host();
    const CURLcode code = curl_easy_perform(c);
    if (code != CURLE_OK) {
        const QString why = errorBuffer[0] ? QString::fromUtf8(errorBuffer)
                                           : QString::fromUtf8(curl_easy_strerror(code));
        return {false, QStringLiteral("%1: %2").arg(host, why)};
    }
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    const bool ok = status >= 200 && status < 300;
    QString answer = QStringLiteral("HTTP %1 from %2").arg(status).arg(host);
    if (!ok && !answerBody.trimmed().isEmpty())
        answer += QStringLiteral(": %1").arg(QString::fromUtf8(answerBody.trimmed().left(200)));
    return {ok, answer};
}

} // namespace wk
