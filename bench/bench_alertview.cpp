// The alert list at scale: 100,000 alerts in the model, sorted by revenue rank through the
// filter proxy, related alerts folded into groups, shown in the real tree view (offscreen).
// Prints how long the view takes to be up to date after engine batches of 1,000 changes, a
// filter change, a sort change and a jump to the end of the list, and what one regrouping
// costs against listing the same rows ungrouped.

#include "alertfilterproxymodel.h"
#include "alertgroupmodel.h"
#include "alertlistpage.h"
#include "alerttablemodel.h"
#include "workspace/workspacereader.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QTreeView>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <random>

using namespace wk;

namespace {
double ms(QElapsedTimer &t)
{
    return t.nsecsElapsed() / 1e6;
}

double threadCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

// Counts the view's paints, so the bench can say how many a batch caused, and notes when
// the last one began on the batch's clock.
class PaintCounter : public QObject
{
public:
    int count = 0;
    QElapsedTimer *clock = nullptr;
    double lastBegan = 0;
    bool eventFilter(QObject *, QEvent *event) override
    {
        if (event->type() == QEvent::Paint) {
            ++count;
            if (clock)
                lastBegan = ms(*clock);
        }
        return false;
    }
};

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}
} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const int total = 100'000;
    auto loaded =
        WorkspaceReader::readFile(QStringLiteral(WK_SOURCE_DIR "/resources/demo/workspace.yaml"));
    const Workspace ws = *loaded.workspace;
    std::mt19937_64 rng(5);
    const TimestampNs t0 = 1767225600LL * nanosPerSecond;
    auto make = [&](qint64 id) {
        Alert a;
        a.id = id;
        const Pipeline &p = ws.pipelines.at(static_cast<qsizetype>(rng() % ws.pipelines.size()));
        const Customer &c = ws.customers.at(static_cast<qsizetype>(rng() % ws.customers.size()));
        a.pipelineId = p.id;
        a.customerId = c.id;
        a.revenue = c.monthlyRevenue;
        a.severity = static_cast<Severity>(rng() % 3);
        a.state = rng() % 4 ? AlertState::Triggered : AlertState::Resolved;
        a.title = QStringLiteral("%1 \"time out\" for u%2 within 7.2m")
                      .arg(5 + rng() % 5)
                      .arg(rng() % 200000);
        a.subject = QStringLiteral("u%1").arg(id);
        a.eventCount = 5 + static_cast<int>(rng() % 10);
        a.triggeredAt = t0 + static_cast<qint64>(rng() % 86400) * nanosPerSecond;
        a.ackBy = a.triggeredAt + 30 * 60 * nanosPerSecond;
        a.resolveBy = a.triggeredAt + 4 * 3600 * nanosPerSecond;
        a.assignee = p.primaryOwner;
        return a;
    };
    QList<Alert> alerts;
    for (qint64 id = 1; id <= total; ++id)
        alerts.append(make(id));

    AlertTableModel model;
    model.setWorkspace(ws);
    model.setNow(t0 + 86400LL * nanosPerSecond);
    AlertListPage page(&model);
    page.setWorkspace(ws);
    page.resize(1200, 800);
    page.show();
    QElapsedTimer t;
    t.start();
    model.setAlerts(alerts);
    // The console keeps no other copy of the list: one here would make the model's first
    // change copy every alert to stop sharing them.
    alerts.clear();
    QCoreApplication::processEvents();
    page.groups()->refresh();
    page.view()->viewport()->repaint();
    const double load = ms(t);

    // Engine batches of 1,000 changes: 500 alerts change state, 500 are new. Each comes
    // after a quiet tenth of a second, as batches reach a console, and is timed until the
    // event loop has applied it, regrouped the list (the coalescing timer) and repainted.
    PaintCounter paints;
    page.view()->viewport()->installEventFilter(&paints);
    // --batches N: more batches, e.g. to profile them.
    const QStringList args = QCoreApplication::arguments();
    const qsizetype batchesAt = args.indexOf(QStringLiteral("--batches"));
    const int batches = batchesAt > 0 ? std::max(1, args.value(batchesAt + 1).toInt()) : 9;
    qint64 nextId = total + 1;
    std::vector<double> applied, current, cpu, regrouping, painting;
    paints.clock = &t;
    double regroupBegan = 0, regroupEnded = 0;
    QObject::connect(page.groups(), &QAbstractItemModel::layoutAboutToBeChanged, &app,
                     [&] { regroupBegan = ms(t); });
    QObject::connect(page.groups(), &QAbstractItemModel::layoutChanged, &app,
                     [&] { regroupEnded = ms(t); });
    int paintsPerBatch = 0;
    for (int b = 0; b < batches; ++b) {
        QList<Alert> batch;
        for (int i = 0; i < 500; ++i) {
            Alert a = model.alerts().at(static_cast<qsizetype>(rng() % total));
            a.state =
                a.state == AlertState::Triggered ? AlertState::Acknowledged : AlertState::Triggered;
            a.eventCount += 1;
            batch.append(a);
        }
        for (int i = 0; i < 500; ++i)
            batch.append(make(nextId++));
        QElapsedTimer quiet;
        quiet.start();
        while (quiet.elapsed() < 100)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
        const int paintsBefore = paints.count;
        const double cpuBefore = threadCpuMs();
        t.restart();
        model.applyChanges(batch);
        applied.push_back(ms(t));
        // Until regrouped and painted since (the view lays out and paints on later passes).
        int paintsRegrouped = -1;
        while (t.elapsed() < 2000) {
            QCoreApplication::processEvents();
            if (paintsRegrouped < 0 && !page.groups()->regroupPending())
                paintsRegrouped = paints.count;
            if (paintsRegrouped >= 0 && paints.count > paintsRegrouped)
                break;
        }
        current.push_back(ms(t));
        cpu.push_back(threadCpuMs() - cpuBefore);
        regrouping.push_back(regroupEnded - regroupBegan);
        painting.push_back(current.back() - paints.lastBegan);
        paintsPerBatch = std::max(paintsPerBatch, paints.count - paintsBefore);
    }
    std::sort(current.begin(), current.end());

    t.restart();
    page.proxy()->setText(QStringLiteral("globex time"));
    page.groups()->refresh();
    page.view()->viewport()->repaint();
    const double filter = ms(t);
    const int matched = page.proxy()->rowCount();
    page.proxy()->setText(QString());
    page.groups()->refresh();

    t.restart();
    page.view()->sortByColumn(AlertTableModel::AgeColumn, Qt::AscendingOrder);
    page.view()->viewport()->repaint();
    const double sort = ms(t);

    t.restart();
    page.view()->scrollToBottom();
    page.view()->viewport()->repaint();
    const double scroll = ms(t);

    t.restart();
    // The once-a-second countdown refresh, as the console does it: new time, repaint.
    model.setNow(t0 + 86401LL * nanosPerSecond, false);
    page.view()->viewport()->update();
    QCoreApplication::processEvents();
    page.view()->viewport()->repaint();
    const double tick = ms(t);

    // One regrouping of every open alert, and the same rows listed one per alert.
    const int groups = page.groups()->groupCount();
    const int rows = page.groups()->rowCount();
    t.restart();
    page.groups()->refresh();
    const double regroup = ms(t);
    page.groups()->setGroupingEnabled(false);
    t.restart();
    page.groups()->refresh();
    const double flat = ms(t);

    std::printf(
        "alert list with %d alerts (%d open shown), offscreen view, sorted by revenue rank\n",
        model.rowCount(), page.proxy()->rowCount());
    std::printf("  initial load              %8.1f ms\n", load);
    std::printf("  batch of 1,000 changes    %8.1f ms  (500 updated, 500 new: applied, re-sorted, "
                "regrouped, repainted; median of %d, slowest %.1f ms)\n",
                current[current.size() / 2], batches, current.back());
    std::printf("    applied to the table and filter models %.1f ms, regrouped %.1f ms, "
                "repainted %.1f ms (medians; at most %d repaint%s a batch)\n",
                median(applied), median(regrouping), median(painting), paintsPerBatch,
                paintsPerBatch == 1 ? "" : "s");
    std::printf("    the GUI thread's CPU time %.1f ms a batch (median; the wall time above also "
                "holds what neighbours on the machine take)\n",
                median(cpu));
    std::printf("  filter change             %8.1f ms  (%d rows match \"globex time\")\n", filter,
                matched);
    std::printf("  sort by age               %8.1f ms\n", sort);
    std::printf("  jump to the end           %8.1f ms\n", scroll);
    std::printf("  countdown refresh (1 s)   %8.1f ms\n", tick);
    std::printf("  regroup every open alert  %8.1f ms  (%d rows, %d of them groups)\n", regroup,
                rows, groups);
    std::printf("  the same rows ungrouped   %8.1f ms  (grouping costs %.1fx listing)\n", flat,
                regroup / flat);
    return 0;
}
