// The live path: events delivered in batches to the engine worker on its own thread, through
// every rule of the demo workspace, into alert state stored in SQLite. Prints the sustained
// events per second, how many alerts that raised, and peak memory.

#include "engine/clock.h"
#include "engine/engineworker.h"
#include "workspace/workspacereader.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QThread>

#include <cstdio>
#include <random>
#include <sys/resource.h>

using namespace wk;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const qsizetype i = args.indexOf(QStringLiteral("--events"));
    const qint64 total = i >= 0 && i + 1 < args.size() ? args.at(i + 1).toLongLong() : 2'000'000;
    const int batch = 10'000;
    const int users = 200'000;

    auto loaded =
        WorkspaceReader::readFile(QStringLiteral(WK_SOURCE_DIR "/resources/demo/workspace.yaml"));
    if (!loaded.ok())
        return 1;
    Workspace ws = *loaded.workspace;
    // Every user counts: the owner files of the demo are not part of this run.
    for (Rule &r : ws.rules) {
        r.users.clear();
        r.teams.clear();
    }

    EngineWorker::registerTypes();
    QTemporaryDir dir;
    ManualClock clock(1767225600LL * nanosPerSecond);
    QThread thread;
    auto *worker =
        new EngineWorker(ws, dir.path(), dir.filePath(QStringLiteral("store.sqlite")), &clock);
    worker->moveToThread(&thread);
    QObject::connect(&thread, &QThread::finished, worker, &QObject::deleteLater);
    thread.start();
    qint64 alertsChanged = 0, processed = 0;
    QObject::connect(worker, &EngineWorker::alertsChanged, &app,
                     [&](const QList<Alert> &changed) { alertsChanged += changed.size(); });
    QObject::connect(worker, &EngineWorker::statusChanged, &app,
                     [&](const EngineStatus &s) { processed = s.eventsTotal; });
    QMetaObject::invokeMethod(worker, &EngineWorker::start, Qt::BlockingQueuedConnection);

    // One hour of traffic at the rate this many events make, with bursts of errors.
    std::mt19937_64 rng(3);
    const qint64 spacing = 3600LL * nanosPerSecond / total;
    TimestampNs t = clock.now();
    QElapsedTimer timer;
    timer.start();
    for (qint64 sent = 0; sent < total; sent += batch) {
        QList<Event> events;
        events.reserve(batch);
        for (int k = 0; k < batch; ++k) {
            t += spacing;
            const int user = static_cast<int>(rng() % users);
            const bool error = rng() % 8 == 0;
            events.append({QStringLiteral("app-errors"), t, QStringLiteral("u%1").arg(user),
                           error ? QStringLiteral("time out") : QStringLiteral("page view"),
                           QString::number(sent + k)});
            if (rng() % 500 == 0) // a burst: six errors for one user within seconds
                for (int b = 0; b < 6; ++b)
                    events.append({QStringLiteral("app-errors"), t + b,
                                   QStringLiteral("u%1").arg(user), QStringLiteral("time out"),
                                   QStringLiteral("b%1-%2").arg(sent + k).arg(b)});
        }
        clock.set(t);
        QMetaObject::invokeMethod(worker, "ingest", Qt::QueuedConnection,
                                  Q_ARG(QList<wk::Event>, events));
        // Keep the queue short, as a real feed would be paced by its source.
        while (processed + 5 * batch < sent)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    }
    QMetaObject::invokeMethod(worker, &EngineWorker::evaluateNow, Qt::BlockingQueuedConnection);
    QCoreApplication::processEvents();
    const double seconds = timer.nsecsElapsed() / 1e9;
    QMetaObject::invokeMethod(worker, &EngineWorker::stop, Qt::BlockingQueuedConnection);
    QCoreApplication::processEvents();
    thread.quit();
    thread.wait();
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf("live path: %lld events (+bursts) in batches of %d through %lld rules into "
                "SQLite-backed alert state\n",
                static_cast<long long>(total), batch, static_cast<long long>(ws.rules.size()));
    std::printf(
        "  %lld events processed in %.2f s: %.0f events/s sustained; %lld alert changes stored and "
        "announced; peak RSS %.1f MB\n",
        static_cast<long long>(processed), seconds, processed / seconds,
        static_cast<long long>(alertsChanged), usage.ru_maxrss / 1024.0);
    return processed >= total ? 0 : 1;
}
