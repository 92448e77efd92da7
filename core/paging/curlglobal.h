#pragma once

#include <curl/curl.h>

#include <atomic>
#include <memory>
#include <mutex>

namespace wk {

// libcurl's global state, set up once before the first transfer of any thread.
inline void initCurlOnce()
{
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct CurlDeleter
{
    void operator()(CURL *c) const { curl_easy_cleanup(c); }
    void operator()(curl_slist *l) const { curl_slist_free_all(l); }
    void operator()(curl_mime *m) const { curl_mime_free(m); }
};

// The calling thread's own transfer handle, fresh for each transfer but keeping its open
// connections: the next message to the same server skips the TCP and TLS handshakes (the
// pool's threads send page after page to the same few services). Reset again when the
// transfer ends, so that nothing it points to (buffers, callbacks' data on the caller's
// stack) outlives the transfer; a connection closed later then calls back into nothing.
class ReusedCurl
{
public:
    ReusedCurl() : m_curl(handle())
    {
        if (m_curl)
            curl_easy_reset(m_curl);
    }
    ~ReusedCurl()
    {
        if (!m_curl)
            return;
        curl_easy_reset(m_curl);
        // Closing a kept connection says goodbye (an SMTP QUIT) when the thread ends: a
        // server that stopped answering meanwhile must not hold that up for long.
        curl_easy_setopt(m_curl, CURLOPT_SERVER_RESPONSE_TIMEOUT, 3L);
    }
    ReusedCurl(const ReusedCurl &) = delete;
    ReusedCurl &operator=(const ReusedCurl &) = delete;
    CURL *get() const { return m_curl; }

private:
    static CURL *handle()
    {
        initCurlOnce();
        thread_local std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
        return curl.get();
    }
    CURL *m_curl;
};

// Lets a transfer be abandoned from another thread (a console that quits while a mail server
// hangs): libcurl asks between reads and stops when the flag is set.
inline void allowCancel(CURL *curl, const std::atomic_bool *cancel)
{
    if (!cancel)
        return;
    curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(curl, CURLOPT_XFERINFODATA, cancel);
    curl_easy_setopt(
        curl, CURLOPT_XFERINFOFUNCTION,
        +[](void *flag, curl_off_t, curl_off_t, curl_off_t, curl_off_t) -> int {
            return static_cast<const std::atomic_bool *>(flag)->load() ? 1 : 0;
        });
}

} // namespace wk
