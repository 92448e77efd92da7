#include "demoworkspace.h"
#include "engine/demohistory.h"
#include "report/alertfacts.h"
#include "report/handoffreport.h"
#include "report/insights.h"
#include "schedule/oncallschedule.h"
#include "storage/alertstore.h"
#include "storage/database.h"
#include "storage/runbookhistory.h"
#include "storage/schedulestore.h"

#include <QTemporaryDir>
#include <QTimeZone>
#include <QtTest>

using namespace wk;

namespace {

// A Wednesday afternoon, so that the current week is partly past.
const TimestampNs now = toTimestamp(QDateTime(QDate(2026, 12, 2), QTime(15, 0), QTimeZone::utc()));

} // namespace

class tst_DemoHistory : public QObject
{
    Q_OBJECT
private slots:
    void looksLikeATeamsQuarter()
    {
        const Workspace ws = test::demoWorkspace();
        const DemoHistory h = DemoHistory::generate(ws, now);
        // The same seed gives the same history; another seed another.
        QCOMPARE(DemoHistory::generate(ws, now).alerts, h.alerts);
        QVERIFY(DemoHistory::generate(ws, now, 90, 8).alerts != h.alerts);

        int bySeverity[3] = {}, acked = 0, ackedInTime = 0, escalated = 0, wontFix = 0, open = 0,
            night = 0, viaLink = 0;
        QSet<QString> pipelines, handlers;
        TimestampNs first = now;
        for (const Alert &a : h.alerts) {
            QVERIFY(a.triggeredAt < now);
            first = std::min(first, a.triggeredAt);
            ++bySeverity[static_cast<int>(a.severity)];
            pipelines.insert(a.pipelineId);
            if (a.acknowledgedAt) {
                ++acked;
                ackedInTime += *a.acknowledgedAt <= a.ackBy ? 1 : 0;
                QVERIFY(*a.acknowledgedAt >= a.triggeredAt);
            }
            escalated += a.escalated ? 1 : 0;
            wontFix += a.state == AlertState::WontFix ? 1 : 0;
            open += a.isOpen() ? 1 : 0;
            const int hour = toDateTime(a.triggeredAt).time().hour();
            night += hour >= 22 || hour < 7 ? 1 : 0;
            for (const TimelineEntry &e : a.timeline) {
                if (e.action == QLatin1String("acknowledged") ||
                    e.action == QLatin1String("resolved"))
                    handlers.insert(e.actor);
                viaLink += e.detail.contains(QLatin1String("via email link")) ? 1 : 0;
            }
        }
        const double weeks = (now - first) / (7.0 * 86400 * nanosPerSecond);
        qInfo("demo history: %lld alerts over %.1f weeks (%.1f a week): %d critical, %d high, "
              "%d medium; %d acknowledged, %.0f %% within the SLA; %d escalated, %d won't fix, "
              "%d at night, %d still open; %lld overrides, %lld notes",
              static_cast<long long>(h.alerts.size()), weeks, h.alerts.size() / weeks,
              bySeverity[0], bySeverity[1], bySeverity[2], acked,
              acked ? 100.0 * ackedInTime / acked : 0.0, escalated, wontFix, night, open,
              static_cast<long long>(h.overrides.size()), static_cast<long long>(h.notes.size()));
        QVERIFY(weeks > 12.5);
        QVERIFY2(h.alerts.size() > 150 && h.alerts.size() < 600, "a busy team's quarter");
        for (int n : bySeverity)
            QVERIFY(n > 5);
        QVERIFY(pipelines.size() >= 5); // the dbt-tested pipelines too
        // Mostly in time, with some breaches that escalated to the secondary.
        QVERIFY(double(ackedInTime) / acked > 0.75);
        QVERIFY(ackedInTime < acked);
        QVERIFY(escalated > 3);
        QVERIFY(wontFix > 0);
        QVERIFY(night > 10);
        QVERIFY(viaLink > 0);
        QVERIFY(handlers.size() >= 3); // the rotation shared the work
        // Two covers and both halves of a swap; a note for each past week.
        QCOMPARE(h.overrides.size(), 4);
        QCOMPARE(h.overrides.at(2).swapWith, h.overrides.at(3).id);
        QVERIFY(h.notes.size() >= 12);
        for (const HandoffNote &n : h.notes) {
            QCOMPARE(n.weekStart.dayOfWeek(), 1);
            QVERIFY(ws.person(n.author));
        }
        QCOMPARE(h.silences.size(), 1);
    }

    void fillsTheStoreAndEveryReport()
    {
        const Workspace ws = test::demoWorkspace();
        const DemoHistory h = DemoHistory::generate(ws, now);
        QTemporaryDir dir;
        QString error;
        auto db = Database::open(dir.filePath(QStringLiteral("store.sqlite")), &error);
        QVERIFY2(db, qPrintable(error));
        QVERIFY2(h.write(*db, &error), qPrintable(error));

        const auto alerts = AlertStore(*db).load(&error);
        QVERIFY2(alerts, qPrintable(error));
        QCOMPARE(alerts->size(), h.alerts.size());
        QCOMPARE(ScheduleStore(*db).loadOverrides(&error)->size(), h.overrides.size());

        // Every Insights chart has something to show over the last 90 days.
        OnCallSchedule schedule(ws);
        schedule.setStoredOverrides(h.overrides);
        const AlertFacts facts = AlertFacts::build(*alerts, ws, &schedule);
        InsightsQuery q;
        q.to = toDateTime(now).date().addDays(1);
        q.from = q.to.addDays(-92);
        const Insights in = Insights::compute(facts, ws, q, now, &schedule);
        QCOMPARE(in.alerts, alerts->size());
        int weeksWithMtta = 0;
        for (const Insights::Week &w : in.weeks)
            weeksWithMtta += w.mttaMinutes ? 1 : 0;
        QVERIFY(weeksWithMtta >= 12);
        QVERIFY(in.sla.size() >= 5);
        QVERIFY(!in.customers.isEmpty());
        int pages = 0;
        for (const Insights::Load &l : in.load)
            pages += l.pages;
        QVERIFY(in.load.size() >= 3);
        QVERIFY(pages > 100);
        bool consumed = false;
        for (const Insights::Budget &b : in.budgets)
            consumed = consumed || b.consumedMinutes > 0;
        QVERIFY(consumed);

        // Last week's handoff: acknowledgements, resolutions, its note, a runbook change
        // within the quarter.
        const QDate lastWeek =
            toDateTime(now).date().addDays(1 - toDateTime(now).date().dayOfWeek() - 7);
        HandoffNote note;
        for (const HandoffNote &n : h.notes)
            if (n.weekStart == lastWeek)
                note = n;
        QVERIFY(!note.body.isEmpty());
        const HandoffReport report =
            HandoffReport::build(ws, *alerts, schedule, lastWeek, QTimeZone::utc(), note);
        qInfo("last week's handoff: %d opened, %d acknowledged, %d resolved, %d escalations, "
              "%d response breaches",
              report.opened, report.acknowledged, report.resolved, report.escalations,
              report.responseBreaches);
        QVERIFY(report.opened > 0);
        QVERIFY(report.acknowledged > 0);
        QVERIFY(report.resolved > 0);
        QVERIFY(report.toMarkdown().contains(note.body.left(20)));
        const auto changes =
            RunbookHistory(*db).between(toDateTime(now).addDays(-91), toDateTime(now), &error);
        QVERIFY2(changes, qPrintable(error));
        QVERIFY(!changes->isEmpty());
    }
};

QTEST_GUILESS_MAIN(tst_DemoHistory)
#include "tst_demohistory.moc"
