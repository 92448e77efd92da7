#include "fuzztarget.h"
#include "sources/pagerdutyevent.h"

#include <cstdlib>

// A PagerDuty Events API v2 body as the receiver gets it from the network.
extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    QString error;
    const auto event = wk::PagerDutyEvent::parse(body, &error);
    if (event.has_value() == !error.isEmpty())
        std::abort(); // an answer, or a reason for the 4xx, never both or neither
    return 0;
}
