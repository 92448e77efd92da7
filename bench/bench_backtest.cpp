// A backtest on 90 days of history: a generated events file (2,000,000 events, 20,000
// users), the rule replayed as it is and as changed (threshold 7, window 10 min), as the
// tuning dialog does at each edit. The peer, in the same run, is the burst check's
// columnar replay of the same rule over the same file (`watchkeeper check burst`), which
// finds each subject's peak but not when alerts rise and clear.

#include "domain/rulechange.h"
#include "engine/backtest.h"
#include "engine/burstcheck.h"
#include "engine/rulehistory.h"
#include "sources/syntheticevents.h"
#include "workspace/workspacereader.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>

#include <cstdio>
#include <sys/resource.h>

using namespace wk;

namespace {

double peakMb()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss / 1024.0;
}

double seconds(const QElapsedTimer &t)
{
    return double(t.nsecsElapsed()) / 1e9;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const qint64 events = argc > 1 ? QByteArray(argv[1]).toLongLong() : 2'000'000;
    QTemporaryDir dir;
    SyntheticEvents::Options o;
    o.events = events;
    o.users = 20'000;
    o.days = 90;
    QString error;
    if (!SyntheticEvents::write(o, dir.path(), &error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    auto loaded =
        WorkspaceReader::readFile(QStringLiteral(WK_SOURCE_DIR "/resources/demo/workspace.yaml"));
    if (!loaded.workspace)
        return 1;
    const Workspace &ws = *loaded.workspace;
    const Rule &rule = ws.rules.first(); // user-facing-errors: a burst rule on app-errors
    Rule changed = rule;
    RuleChange::apply(changed, QStringLiteral("threshold=7"), &error);
    RuleChange::apply(changed, QStringLiteral("window=10m"), &error);

    QElapsedTimer t;
    t.start();
    QList<Diagnostic> errors;
    const auto history =
        RuleHistory::load(ws, dir.path(), rule, nullptr, 0, QTimeZone::utc(), &errors);
    if (!history) {
        std::fprintf(stderr, "%s\n", qPrintable(formatDiagnostics(errors)));
        return 1;
    }
    const double read = seconds(t);
    const TimestampNs until = history->events.back().time + 3600 * nanosPerSecond;
    const RuleReplay replay(ws, dir.path());
    t.restart();
    const auto before = replay.run(rule, history->events, 0, until, &errors, history->deduplicated);
    const double asIs = seconds(t);
    t.restart();
    const auto after =
        replay.run(changed, history->events, 0, until, &errors, history->deduplicated);
    const double asChanged = seconds(t);
    t.restart();
    const BacktestResult r = Backtest(ws, dir.path()).compare(*before, *after, history->record);
    const double compare = seconds(t);

    BurstParameters p;
    p.threshold = 7;
    p.windowNs = 600 * nanosPerSecond;
    BurstCheck check(p);
    t.restart();
    check.load(
        {dir.filePath(QStringLiteral("events.csv")), dir.filePath(QStringLiteral("users.csv")),
         dir.filePath(QStringLiteral("teams.csv")), dir.filePath(QStringLiteral("customers.csv"))},
        &errors);
    const double peerLoad = seconds(t);
    t.restart();
    const auto rows = check.replay();
    const double peer = seconds(t);

    std::printf("history: %lld events over 90 days (%lld duplicates dropped once), read in "
                "%.2f s\n",
                static_cast<long long>(history->events.size()),
                static_cast<long long>(history->duplicatesDropped), read);
    std::printf("replay as it is:   %.3f s, %lld alerts\n", asIs,
                static_cast<long long>(before->size()));
    std::printf("replay as changed: %.3f s, %lld alerts\n", asChanged,
                static_cast<long long>(after->size()));
    std::printf("compare: %.4f s (gone %lld, added %lld, kept %d)\n", compare,
                static_cast<long long>(r.gone.size()), static_cast<long long>(r.added.size()),
                r.kept);
    std::printf("each edit in the tuning dialog (replay as changed + compare): %.3f s\n",
                asChanged + compare);
    std::printf("peer, burst check columnar replay: load %.2f s, replay %.3f s, %lld subjects; "
                "an edit's replay takes %.1fx the peer's load and replay\n",
                peerLoad, peer, static_cast<long long>(rows.size()), asChanged / (peerLoad + peer));
    std::printf("peak memory: %.0f MB\n", peakMb());
    return 0;
}
