#include "clock.h"

#include <chrono>

namespace wk {

TimestampNs SystemClock::now() const
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

ScaledClock::ScaledClock(double factor) : m_start(m_system.now()), m_factor(factor) {}

TimestampNs ScaledClock::now() const
{
    const TimestampNs real = m_system.now();
    return m_start + static_cast<TimestampNs>(static_cast<double>(real - m_start) * m_factor);
}

} // namespace wk
