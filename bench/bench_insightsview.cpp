// The Insights page at scale: one million alerts in the console's model, the demo workspace
// (two rotations, so every alert's page is looked up in the schedule). Prints how long the
// facts take to build, and the time from a range change to all six charts redrawn
// (aggregation on the pool thread plus plotting), offscreen.

#include "alerttablemodel.h"
#include "insightspage.h"
#include "workspace/workspacereader.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>

#include <cstdio>
#include <random>

using namespace wk;

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const int total = argc > 1 ? QByteArray(argv[1]).toInt() : 1'000'000;
    const Workspace ws =
        *WorkspaceReader::readFile(QStringLiteral(WK_SOURCE_DIR "/resources/demo/workspace.yaml"))
             .workspace;
    std::mt19937_64 rng(7);
    const QDateTime end(QDate(2026, 11, 23), QTime(0, 0), QTimeZone::utc());
    const TimestampNs endNs = toTimestamp(end);
    const qint64 spanSeconds = 365LL * 86400;
    QList<Alert> alerts;
    alerts.reserve(total);
    for (int i = 0; i < total; ++i) {
        Alert a;
        a.id = i + 1;
        a.pipelineId = ws.pipelines[int(rng() % ws.pipelines.size())].id;
        a.customerId = ws.customers[int(rng() % ws.customers.size())].id;
        a.severity = static_cast<Severity>(rng() % 3);
        a.triggeredAt = endNs - TimestampNs(rng() % spanSeconds) * nanosPerSecond;
        a.ackBy = a.triggeredAt + 1800 * nanosPerSecond;
        a.resolveBy = a.triggeredAt + 4 * 3600 * nanosPerSecond;
        a.acknowledgedAt = a.triggeredAt + TimestampNs(rng() % 3600) * nanosPerSecond;
        a.state = AlertState::Acknowledged;
        a.timeline.append({*a.acknowledgedAt,
                           ws.people[int(rng() % ws.people.size())].id,
                           QStringLiteral("acknowledged"),
                           {}});
        alerts.append(a);
    }
    AlertTableModel model;
    model.setWorkspace(ws);
    model.setAlerts(alerts);
    InsightsPage page;
    page.setWorkspace(ws);
    page.setNow(endNs);
    page.resize(1400, 850);
    // Waits for the next redraw; the page only redraws from its event loop.
    struct Waiter
    {
        InsightsPage *page;
        bool wait(int ms)
        {
            QEventLoop loop;
            bool done = false;
            QObject::connect(page, &InsightsPage::updated, &loop, [&] {
                done = true;
                loop.quit();
            });
            QTimer::singleShot(ms, &loop, &QEventLoop::quit);
            loop.exec();
            return done;
        }
    } updated{&page};
    QElapsedTimer t;
    t.start();
    page.setAlertModel(&model);
    page.show();
    if (!updated.wait(600'000)) {
        std::fprintf(stderr, "no charts after ten minutes\n");
        return 1;
    }
    std::printf("%d alerts: facts built and first charts drawn in %.0f ms\n", total,
                t.nsecsElapsed() / 1e6);
    std::printf("%-22s %10s\n", "range change", "to redrawn");
    auto measure = [&](const char *label, const std::function<void()> &prepare,
                       const std::function<void()> &change) {
        std::vector<double> runs;
        for (int r = 0; r < 5; ++r) {
            prepare();
            updated.wait(2000); // nothing to wait for when it changed nothing
            t.restart();
            change();
            if (!updated.wait(60'000))
                std::fprintf(stderr, "%s: no redraw\n", label);
            runs.push_back(t.nsecsElapsed() / 1e6);
        }
        std::sort(runs.begin(), runs.end());
        std::printf("%-22s %8.1f ms (median of 5)\n", label, runs[2]);
    };
    measure(
        "30 -> 90 days", [&] { page.setRange(30); }, [&] { page.setRange(90); });
    measure(
        "7 days -> custom 365", [&] { page.setRange(7); },
        [&] { page.setCustomRange(end.date().addDays(-365), end.date()); });
    measure(
        "pipeline filter", [&] { page.setPipelineFilter(QString()); },
        [&] { page.setPipelineFilter(ws.pipelines.first().id); });
    return 0;
}
