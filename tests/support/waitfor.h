#pragma once

#include <QElapsedTimer>
#include <QTest>

#include <functional>

namespace wk::test {

// Runs the event loop until done() holds or timeoutMs pass; returns done().
inline bool waitFor(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (!done() && timer.elapsed() < timeoutMs)
        QTest::qWait(50);
    return done();
}

} // namespace wk::test
