#include "fuzztarget.h"
#include "sources/alertmanagerwebhook.h"

#include <cstdlib>

// An Alertmanager webhook body as the receiver gets it from the network.
extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    QString error;
    const auto events = wk::AlertmanagerWebhook::parse(body, &error);
    if (events.has_value() == !error.isEmpty())
        std::abort(); // an answer, or a reason for the 4xx, never both or neither
    return 0;
}
