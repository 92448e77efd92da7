#include "report/errorbudget.h"

#include <QtTest>

using namespace wk;

namespace {
const TimestampNs day0 = 1767225600LL * nanosPerSecond;
const qint64 minute = 60 * nanosPerSecond;

Alert down(const QString &pipeline, Severity s, TimestampNs from, std::optional<TimestampNs> to,
           const QString &customer = {})
{
    Alert a;
    a.pipelineId = pipeline;
    a.severity = s;
    a.triggeredAt = from;
    a.resolvedAt = to;
    a.customerId = customer;
    return a;
}
} // namespace

class tst_ErrorBudget : public QObject
{
    Q_OBJECT
private slots:
    void oneDayAtNinetyNinePointFive()
    {
        // 99.5 % of a day leaves 432 s. Two overlapping alerts (10:00-10:03, 10:02-10:05) are
        // five minutes down, not six; a medium alert and another pipeline's do not count.
        const QList<Alert> alerts = {
            down("p", Severity::Critical, day0 + 600 * minute, day0 + 603 * minute),
            down("p", Severity::High, day0 + 602 * minute, day0 + 605 * minute),
            down("p", Severity::Medium, day0 + 700 * minute, day0 + 800 * minute),
            down("q", Severity::Critical, day0, day0 + 60 * minute),
        };
        const ErrorBudget b = ErrorBudget::forPipeline(alerts, "p", 99.5, day0,
                                                       day0 + 1440 * minute, day0 + 1440 * minute);
        QCOMPARE(b.budgetSeconds, 432.0);
        QCOMPARE(b.consumedSeconds, 300.0);
        QCOMPARE(b.remainingSeconds, 132.0);
        QCOMPARE(b.burnRate, 300.0 / 432.0);
    }

    void burnRateMidPeriodAndOpenAlerts()
    {
        // Half-way through the day, an alert open for the last 7.2 minutes: twice the pace.
        const TimestampNs noon = day0 + 720 * minute;
        const QList<Alert> alerts = {
            down("p", Severity::Critical, noon - 432 * nanosPerSecond, std::nullopt, "c1")};
        const ErrorBudget b =
            ErrorBudget::forCustomer(alerts, "c1", 99.5, day0, day0 + 1440 * minute, noon);
        QCOMPARE(b.consumedSeconds, 432.0);
        QCOMPARE(b.remainingSeconds, 0.0);
        QCOMPARE(b.burnRate, 2.0);
        // An alert that started before the period counts only from its start.
        const QList<Alert> early = {
            down("p", Severity::High, day0 - 60 * minute, day0 + 10 * minute)};
        QCOMPARE(ErrorBudget::forPipeline(early, "p", 99.5, day0, day0 + 1440 * minute, noon)
                     .consumedSeconds,
                 600.0);
    }
};

QTEST_GUILESS_MAIN(tst_ErrorBudget)
#include "tst_errorbudget.moc"
