#include "clock.h"

#include <chrono>

namespace wk {

TimestampNs SystemClock::now() const
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

} // namespace wk
