#include "domain/timestamp.h"
#include "fuzztarget.h"

#include <cstdlib>
#include <string_view>

// parseTimestamp reads every event time of every source. What it accepts must print and
// read back as the same instant.
extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    const auto t = wk::parseTimestamp(text);
    if (!t)
        return 0;
    const std::string printed = wk::formatTimestamp(*t);
    const auto again = wk::parseTimestamp(printed);
    if (!again || *again != *t)
        std::abort();
    return 0;
}
