// Insights aggregation over one million stored alerts: the time from a range change to the
// figures the charts plot (volume by day and severity, MTTA/MTTR by week, SLA per pipeline,
// error budgets per pipeline and top customer, load, customer impact), against SQLite
// answering the same questions (all but the budgets, which need interval merging) with
// GROUP BY queries over an indexed in-memory table of the same rows, in the same run.

#include "report/insights.h"
#include "schedule/oncallschedule.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>
#include <cstdio>
#include <sys/resource.h>

using namespace wk;

namespace {

constexpr int alertCount = 1'000'000;
constexpr int historyDays = 365;
constexpr int customerCount = 2000;
const QDate lastDay(2026, 11, 22);

double peakMb()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss / 1024.0;
}

Workspace workspace()
{
    Workspace ws;
    for (int i = 0; i < 8; ++i)
        ws.people.append({QStringLiteral("p%1").arg(i),
                          QStringLiteral("Person %1").arg(i),
                          {},
                          QStringLiteral("UTC")});
    for (int i = 0; i < 6; ++i) {
        Pipeline p;
        p.id = QStringLiteral("pipe%1").arg(i);
        p.name = p.id;
        p.primaryOwner = ws.people[i].id;
        ws.pipelines.append(p);
    }
    // Two rotations answer for five of the pipelines (the sixth has only its owners): one
    // weekly with a secondary seat and working hours in London, one daily in UTC; people
    // in six zones, some away, some covered.
    const QStringList zones{QStringLiteral("Europe/London"), QStringLiteral("America/New_York"),
                            QStringLiteral("Asia/Kolkata"),  QStringLiteral("Australia/Sydney"),
                            QStringLiteral("Europe/Berlin"), QStringLiteral("UTC")};
    for (int i = 0; i < ws.people.size(); ++i)
        ws.people[i].timeZone = zones.at(i % zones.size());
    Rotation weekly;
    weekly.id = QStringLiteral("weekly");
    weekly.name = weekly.id;
    weekly.pipelines = {QStringLiteral("pipe0"), QStringLiteral("pipe1"), QStringLiteral("pipe2")};
    weekly.participants = {QStringLiteral("p0"), QStringLiteral("p1"), QStringLiteral("p2"),
                           QStringLiteral("p3")};
    weekly.timeZone = QStringLiteral("Europe/London");
    weekly.start = lastDay.addDays(-historyDays - 7);
    weekly.workingHours = WorkingHours{{1, 2, 3, 4, 5}, QTime(9, 0), QTime(18, 0)};
    Rotation daily;
    daily.id = QStringLiteral("daily");
    daily.name = daily.id;
    daily.pipelines = {QStringLiteral("pipe3"), QStringLiteral("pipe4")};
    daily.participants = {QStringLiteral("p4"), QStringLiteral("p5"), QStringLiteral("p6"),
                          QStringLiteral("p7")};
    daily.shiftSeconds = 86400;
    daily.start = weekly.start;
    ws.rotations = {weekly, daily};
    for (int k = 0; k < 24; ++k) {
        const QDateTime from(lastDay.addDays(-15 * k), QTime(8, 0), QTimeZone::utc());
        ws.timeOff.append({QStringLiteral("p%1").arg(k % 8), from, from.addDays(3), {}, {}});
        ScheduleOverride o;
        o.id = QStringLiteral("o%1").arg(k);
        o.rotation = k % 2 ? weekly.id : daily.id;
        o.person = QStringLiteral("p%1").arg(k % 2 ? 3 - k % 4 : 4 + k % 4);
        o.start = from.addDays(5);
        o.end = o.start.addSecs(6 * 3600);
        o.createdAt = from;
        ws.overrides.append(o);
    }
    for (int i = 0; i < customerCount; ++i)
        ws.customers.append({QStringLiteral("c%1").arg(i),
                             QStringLiteral("Customer %1").arg(i),
                             {},
                             double(50 + (i * 7919) % 5000),
                             false});
    return ws;
}

QList<Alert> alerts(const Workspace &ws)
{
    QRandomGenerator rng(42);
    QList<Alert> out;
    out.reserve(alertCount);
    const TimestampNs end =
        toTimestamp(QDateTime(lastDay.addDays(1), QTime(0, 0), QTimeZone::utc()));
    const TimestampNs span = TimestampNs(historyDays) * 86400 * nanosPerSecond;
    const QString engine = QStringLiteral("engine"), ack = QStringLiteral("acknowledged"),
                  res = QStringLiteral("resolved");
    for (int i = 0; i < alertCount; ++i) {
        Alert a;
        a.id = i + 1;
        a.pipelineId = ws.pipelines[int(rng.bounded(6))].id;
        a.customerId = ws.customers[int(rng.bounded(customerCount))].id;
        a.severity = static_cast<Severity>(rng.bounded(3));
        a.triggeredAt = end - TimestampNs(rng.bounded(span / nanosPerSecond)) * nanosPerSecond;
        a.ackBy = a.triggeredAt + 30 * 60 * nanosPerSecond;
        a.resolveBy = a.triggeredAt + 4 * 3600 * nanosPerSecond;
        const QString &who = ws.people[int(rng.bounded(8))].id;
        if (rng.bounded(10) < 9) {
            a.acknowledgedAt = a.triggeredAt + TimestampNs(rng.bounded(3600)) * nanosPerSecond;
            a.timeline.append({*a.acknowledgedAt, who, ack, {}});
            if (rng.bounded(10) < 8) {
                a.resolvedAt =
                    *a.acknowledgedAt + TimestampNs(rng.bounded(8 * 3600)) * nanosPerSecond;
                a.state = AlertState::Resolved;
                a.timeline.append({*a.resolvedAt, who, res, {}});
            }
        }
        out.append(a);
    }
    return out;
}

template <typename F> double medianMs(int runs, F f)
{
    std::vector<double> t;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer timer;
        timer.start();
        f();
        t.push_back(timer.nsecsElapsed() / 1e6);
    }
    std::sort(t.begin(), t.end());
    return t[t.size() / 2];
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const Workspace ws = workspace();
    QElapsedTimer timer;
    timer.start();
    const QList<Alert> list = alerts(ws);
    std::printf("generated %d alerts in %.0f ms\n", alertCount, timer.nsecsElapsed() / 1e6);
    const OnCallSchedule schedule(ws);
    timer.restart();
    const AlertFacts facts = AlertFacts::build(list, ws, &schedule);
    const double built = timer.nsecsElapsed() / 1e6;
    std::printf("facts built in %.0f ms, with who was on call and whether it was their night "
                "(%.0f MB for the facts, peak RSS %.0f MB; target: at most 1,000 ms)\n",
                built, facts.rows.size() * sizeof(AlertFact) / 1048576.0, peakMb());
    // The peer: the schedule asked for every alert, as the facts did before they asked once
    // per span in which its answer holds. Both must find the same people.
    {
        QHash<QString, QTimeZone> zoneOf;
        for (const Person &p : ws.people)
            zoneOf.insert(p.id, QTimeZone(p.timeZone.toUtf8()));
        qint64 differ = 0;
        QHash<qint64, const AlertFact *> factOf;
        factOf.reserve(alertCount);
        for (const AlertFact &f : facts.rows)
            factOf.insert(f.id, &f);
        timer.restart();
        for (const Alert &a : list) {
            const QDateTime at = toDateTime(a.triggeredAt);
            const QString paged = schedule.answering(a.pipelineId, RotationLayer::Primary, at);
            const bool night =
                !paged.isEmpty() && isNightIn(at, zoneOf.value(paged, QTimeZone::utc()));
            const AlertFact &f = *factOf.value(a.id);
            if ((f.paged >= 0 ? facts.people.at(f.paged) : QString()) != paged || f.night != night)
                ++differ;
        }
        const double perAlert = timer.nsecsElapsed() / 1e6;
        std::printf("the same lookups asked for every alert: %.0f ms (%.1fx the whole build; "
                    "%lld of %d answers differ)\n",
                    perAlert, perAlert / built, static_cast<long long>(differ), alertCount);
    }

    // A live console changes a few alerts at a time: 1,000 of them, taken in place.
    {
        QList<Alert> changed = list.mid(alertCount / 2, 1000);
        for (Alert &a : changed)
            a.escalated = true;
        AlertFacts copy = facts;
        timer.restart();
        copy.update(changed, ws, &schedule);
        std::printf("1,000 changed alerts taken into the facts in %.0f ms\n",
                    timer.nsecsElapsed() / 1e6);
    }

    // The peer: the same rows in SQLite, indexed on the time they rose.
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("peer"));
    db.setDatabaseName(QStringLiteral(":memory:"));
    db.open();
    QSqlQuery q(db);
    q.exec(QStringLiteral("CREATE TABLE facts (triggered INTEGER, acknowledged INTEGER, resolved "
                          "INTEGER, ack_by INTEGER, resolve_by INTEGER, pipeline INTEGER, "
                          "customer INTEGER, severity INTEGER, handler INTEGER)"));
    db.transaction();
    q.prepare(QStringLiteral("INSERT INTO facts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    for (const AlertFact &f : facts.rows) {
        q.bindValue(0, f.triggered);
        q.bindValue(1, f.acknowledged ? QVariant(f.acknowledged) : QVariant());
        q.bindValue(2, f.resolved ? QVariant(f.resolved) : QVariant());
        q.bindValue(3, f.ackBy);
        q.bindValue(4, f.resolveBy);
        q.bindValue(5, f.pipeline);
        q.bindValue(6, f.customer);
        q.bindValue(7, static_cast<int>(f.severity));
        q.bindValue(8, f.handler);
        q.exec();
    }
    db.commit();
    q.exec(QStringLiteral("CREATE INDEX by_triggered ON facts (triggered)"));
    q.exec(QStringLiteral("CREATE INDEX by_ack ON facts (acknowledged)"));
    q.exec(QStringLiteral("CREATE INDEX by_resolved ON facts (resolved)"));

    const TimestampNs now =
        toTimestamp(QDateTime(lastDay.addDays(1), QTime(0, 0), QTimeZone::utc()));
    std::printf("\n%-8s %12s %12s %8s\n", "range", "watchkeeper", "sqlite", "ratio");
    for (int days : {7, 30, 90, 365}) {
        InsightsQuery query;
        query.to = lastDay.addDays(1);
        query.from = query.to.addDays(-days);
        int sink = 0;
        const double ours =
            medianMs(5, [&] { sink += Insights::compute(facts, ws, query, now, nullptr).alerts; });
        const qint64 from = toTimestamp(QDateTime(query.from, QTime(0, 0), QTimeZone::utc()));
        const qint64 to = now;
        const QString day = QStringLiteral("((%1 - %2) / 86400000000000)");
        const QStringList sql{
            QStringLiteral("SELECT %1 AS d, severity, COUNT(*) FROM facts WHERE triggered >= :f "
                           "AND triggered < :t GROUP BY d, severity")
                .arg(day.arg(QStringLiteral("triggered")).arg(from)),
            QStringLiteral("SELECT %1 / 7 AS w, COUNT(*), AVG(acknowledged - triggered) FROM facts "
                           "WHERE acknowledged >= :f AND acknowledged < :t GROUP BY w")
                .arg(day.arg(QStringLiteral("acknowledged")).arg(from)),
            QStringLiteral("SELECT %1 / 7 AS w, COUNT(*), AVG(resolved - triggered) FROM facts "
                           "WHERE resolved >= :f AND resolved < :t GROUP BY w")
                .arg(day.arg(QStringLiteral("resolved")).arg(from)),
            QStringLiteral("SELECT pipeline, COUNT(*), SUM(acknowledged IS NOT NULL AND "
                           "acknowledged <= ack_by), SUM(resolved IS NOT NULL AND resolved <= "
                           "resolve_by) FROM facts WHERE triggered >= :f AND triggered < :t "
                           "GROUP BY pipeline"),
            QStringLiteral("SELECT customer, COUNT(*) AS n FROM facts WHERE triggered >= :f AND "
                           "triggered < :t GROUP BY customer ORDER BY n DESC LIMIT 5"),
            QStringLiteral("SELECT handler, COUNT(*) FROM facts WHERE triggered >= :f AND "
                           "triggered < :t GROUP BY handler")};
        const double peer = medianMs(5, [&] {
            for (const QString &s : sql) {
                QSqlQuery p(db);
                p.prepare(s);
                p.bindValue(QStringLiteral(":f"), from);
                p.bindValue(QStringLiteral(":t"), to);
                if (!p.exec())
                    std::fprintf(stderr, "%s\n", qPrintable(p.lastError().text()));
                while (p.next())
                    ++sink;
            }
        });
        std::printf("%4d days %10.1f ms %10.1f ms %7.1fx%s\n", days, ours, peer, peer / ours,
                    sink < 0 ? "" : "");
    }
    std::printf("\npeak RSS %.0f MB (the alerts themselves, their facts and SQLite's copy)\n",
                peakMb());
    return 0;
}
