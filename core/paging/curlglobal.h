#pragma once

#include <curl/curl.h>

#include <atomic>
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
