#pragma once

#include "domain/timestamp.h"

#include <atomic>

namespace wk {

// Where the engine reads the time. Every deadline, window and escalation goes through a
// Clock, so that tests can move time forward instead of sleeping.
class Clock
{
public:
    virtual ~Clock() = default;
    virtual TimestampNs now() const = 0;
};

// The real time.
class SystemClock : public Clock
{
public:
    TimestampNs now() const override;
};

// The system clock sped up from the moment it is made: the demo uses it so that SLA
// deadlines of half an hour pass, and escalations happen, while someone watches.
class ScaledClock : public Clock
{
public:
    explicit ScaledClock(double factor);
    TimestampNs now() const override;
    double factor() const { return m_factor; }

private:
    SystemClock m_system;
    TimestampNs m_start;
    double m_factor;
};

// Time that only moves when told to. Safe to move from one thread while another reads it.
class ManualClock : public Clock
{
public:
    explicit ManualClock(TimestampNs start = 0) : m_now(start) {}
    TimestampNs now() const override { return m_now.load(); }
    void set(TimestampNs t) { m_now.store(t); }
    void advance(qint64 nanos) { m_now.fetch_add(nanos); }

private:
    std::atomic<TimestampNs> m_now;
};

} // namespace wk
