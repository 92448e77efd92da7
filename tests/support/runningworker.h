#pragma once

#include "demoworkspace.h"
#include "engine/engineworker.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

namespace wk::test {

// QSignalSpy records from the worker's thread as the signal is emitted, so a signal may
// already be in the spy before wait() is called; this waits only when it is not.
inline bool arrived(QSignalSpy &spy, int count, int timeoutMs = 5000)
{
    QElapsedTimer timer;
    timer.start();
    while (spy.count() < count && timer.elapsed() < timeoutMs)
        QTest::qWait(10);
    return spy.count() >= count;
}

// An engine worker on its own thread, as the console runs it, with quiet demo sources in
// a folder of its own. Stopped and joined on destruction.
struct RunningWorker
{
    QTemporaryDir base; // where the workspace's event file is
    QThread thread;
    EngineWorker *worker;

    RunningWorker(const Workspace &workspace, const QString &store, const Clock *clock)
        : worker(new EngineWorker(workspace, base.path(), store, clock))
    {
        writeQuietDemoSources(base.path());
        worker->moveToThread(&thread);
        QObject::connect(&thread, &QThread::finished, worker, &QObject::deleteLater);
        thread.start();
    }
    ~RunningWorker()
    {
        QMetaObject::invokeMethod(worker, &EngineWorker::stop, Qt::BlockingQueuedConnection);
        thread.quit();
        thread.wait();
    }
    RunningWorker(const RunningWorker &) = delete;
    RunningWorker &operator=(const RunningWorker &) = delete;
};

} // namespace wk::test
