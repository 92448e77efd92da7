#include "alertfilterproxymodel.h"
#include "alertlistpage.h"
#include "alerttablemodel.h"
#include "insightspage.h"

#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QHorizontalBarSeries>
#include <QImage>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QSignalSpy>
#include <QStackedBarSeries>
#include <QTemporaryDir>
#include <QToolButton>
#include <QValueAxis>
#include <QtTest>

#include <cmath>

using namespace wk;

namespace {

TimestampNs at(const QDate &d, int hour)
{
    return toTimestamp(QDateTime(d, QTime(hour, 0), QTimeZone::utc()));
}

Workspace workspace()
{
    Workspace ws;
    ws.people = {{QStringLiteral("a"), QStringLiteral("Ann"), {}, QStringLiteral("UTC")}};
    for (const char *id : {"p1", "p2"}) {
        Pipeline p;
        p.id = QString::fromLatin1(id);
        p.name = p.id.toUpper();
        p.primaryOwner = QStringLiteral("a");
        ws.pipelines.append(p);
    }
    ws.customers = {{QStringLiteral("c1"), QStringLiteral("Big"), {}, 1000, false}};
    return ws;
}

// One alert a day for the 60 days up to 16 November: critical on p1 every third day,
// the rest medium on p2; every one acknowledged after 20 minutes.
QList<Alert> history()
{
    QList<Alert> out;
    const QDate last(2026, 11, 16);
    for (int i = 0; i < 60; ++i) {
        Alert a;
        a.id = i + 1;
        const bool critical = i % 3 == 0;
        a.pipelineId = critical ? QStringLiteral("p1") : QStringLiteral("p2");
        a.severity = critical ? Severity::Critical : Severity::Medium;
        a.customerId = QStringLiteral("c1");
        a.triggeredAt = at(last.addDays(-i), 9);
        a.ackBy = a.triggeredAt + 30 * 60 * nanosPerSecond;
        a.resolveBy = a.triggeredAt + 4 * 3600 * nanosPerSecond;
        a.acknowledgedAt = a.triggeredAt + 20 * 60 * nanosPerSecond;
        a.state = AlertState::Acknowledged;
        a.timeline.append(
            {*a.acknowledgedAt, QStringLiteral("a"), QStringLiteral("acknowledged"), {}});
        out.append(a);
    }
    return out;
}

QStackedBarSeries *volumeSeries(InsightsPage &page)
{
    const auto series = page.chart(QStringLiteral("volume"))->series();
    return series.isEmpty() ? nullptr : qobject_cast<QStackedBarSeries *>(series.first());
}

int total(QStackedBarSeries *series)
{
    double sum = 0;
    for (const QBarSet *set : series->barSets())
        sum += set->sum();
    return static_cast<int>(sum);
}

// The page over a model of these alerts on 16 November 2026, shown and computed once.
struct Shown
{
    AlertTableModel model;
    InsightsPage page;
    QSignalSpy updated{&page, &InsightsPage::updated};

    Shown(const Workspace &ws, const QList<Alert> &alerts)
    {
        model.setWorkspace(ws);
        model.setAlerts(alerts);
        page.setWorkspace(ws);
        page.setAlertModel(&model);
        page.setNow(at(QDate(2026, 11, 16), 12));
        page.resize(1200, 700);
        page.show();
    }
    bool ready() { return QTest::qWaitForWindowExposed(&page) && updated.wait(5000); }
};

} // namespace

class tst_InsightsPage : public QObject
{
    Q_OBJECT

private slots:
    void rangeFiltersAndExports();
    void defaultRangeEndsTodayInTheTeamsZone();
    void axesReadInUnitsAndLegendsKeepBothEnds();
    void noisiestRulesOpenTheTuning();
};

void tst_InsightsPage::noisiestRulesOpenTheTuning()
{
    // Every fourth alert of rule "chatty" was marked noise; "steady" was always acted on.
    QList<Alert> alerts = history();
    AlertOutcome noise;
    noise.kind = AlertOutcome::Kind::Noise;
    noise.by = QStringLiteral("a");
    for (Alert &a : alerts) {
        a.ruleId = a.id % 2 ? QStringLiteral("chatty") : QStringLiteral("steady");
        if (a.id % 4 == 1)
            a.outcome = noise;
    }
    Shown shown(workspace(), alerts);
    QVERIFY(shown.ready());
    const auto series = shown.page.chart(QStringLiteral("rules"))->series();
    QCOMPARE(series.size(), 1);
    auto *bars = qobject_cast<QHorizontalBarSeries *>(series.first());
    QVERIFY(bars);
    // The noisiest at the top, which is the last category of a horizontal bar chart.
    const QList<QBarSet *> sets = bars->barSets();
    QCOMPARE(sets.first()->label(), QStringLiteral("False alarms"));
    QCOMPARE(sets.first()->count(), 2);
    QCOMPARE(sets.first()->at(1), 8.0); // chatty: ids 1, 5, ..., 29 in the last 30 days
    QCOMPARE(sets.first()->at(0), 0.0); // steady
    QSignalSpy tune(&shown.page, &InsightsPage::tuneRequested);
    emit bars->clicked(1, sets.first());
    QCOMPARE(tune.size(), 1);
    QCOMPARE(tune.first().first().toString(), QStringLiteral("chatty"));
}

void tst_InsightsPage::axesReadInUnitsAndLegendsKeepBothEnds()
{
    Workspace ws = workspace();
    ws.pipelines[0].name = QStringLiteral("Profit — aggregate, reported to investors each quarter");
    QList<Alert> alerts = history();
    for (Alert &a : alerts) {
        // Five hours to acknowledge: "300.0" minutes would be a poor label.
        a.acknowledgedAt = a.triggeredAt + 5 * 3600 * nanosPerSecond;
        a.timeline.first().at = *a.acknowledgedAt;
    }
    Shown shown(ws, alerts);
    InsightsPage &page = shown.page;
    QSignalSpy &updated = shown.updated;
    QVERIFY(shown.ready());

    // Every chart has a name a screen reader can say.
    for (QChartView *view : page.findChildren<QChartView *>())
        QVERIFY2(!view->accessibleName().isEmpty(), qPrintable(view->objectName()));
    const auto lines = page.chart(QStringLiteral("response"))->series();
    auto *mtta = qobject_cast<QLineSeries *>(lines.first());
    QCOMPARE(mtta->name(), QStringLiteral("MTTA (h)"));
    for (const QPointF &p : mtta->points())
        QCOMPARE(p.y(), 5.0);
    auto *y = qobject_cast<QValueAxis *>(
        page.chart(QStringLiteral("response"))->axes(Qt::Vertical).first());
    QVERIFY(y->labelFormat().endsWith(QLatin1String(" h")));
    // Steps of 1, 2 or 5 times a power of ten, from zero.
    const double step = y->tickInterval();
    const double power = std::pow(10.0, std::floor(std::log10(step)));
    QVERIFY(QList<double>({1, 2, 5}).contains(std::round(step / power)));
    QCOMPARE(y->min(), 0.0);
    QVERIFY(y->max() >= 5.0);

    // The long pipeline name keeps its start and end in the budget legend; the marker is
    // not cut at the end.
    QString label;
    for (QLegendMarker *m : page.chart(QStringLiteral("budget"))->legend()->markers()) {
        if (m->series()->name() == ws.pipelines[0].name)
            label = m->label();
    }
    QVERIFY2(label.startsWith(QLatin1String("Prof")) && label.endsWith(QLatin1String("quarter")) &&
                 label.contains(QChar(0x2026)),
             qPrintable(label));

    // A range with nothing in it says what would fill each chart.
    page.setNow(at(QDate(2027, 6, 1), 12));
    QVERIFY(updated.wait(5000));
    const QString title = page.chart(QStringLiteral("volume"))->title();
    QVERIFY2(title.startsWith(QLatin1String("Nothing in this range.")) && title.size() > 30,
             qPrintable(title));
}

void tst_InsightsPage::rangeFiltersAndExports()
{
    qRegisterMetaType<wk::AlertSelection>();
    const Workspace ws = workspace();
    Shown shown(ws, history());
    InsightsPage &page = shown.page;
    QSignalSpy &updated = shown.updated;
    AlertTableModel &model = shown.model;
    QVERIFY(shown.ready());

    // 30 days by default: one bar a day, ten of them critical.
    QStackedBarSeries *volume = volumeSeries(page);
    QVERIFY(volume);
    QCOMPARE(volume->barSets().size(), 3);
    QCOMPARE(volume->barSets()[0]->count(), 30);
    QCOMPARE(page.insights().alerts, 30);
    QCOMPARE(total(volume), 30);
    QCOMPARE(volume->barSets()[0]->sum(), 10.0);

    // 7 days: seven bars; 90 days: bucketed into weeks before plotting, nothing lost.
    page.setRange(7);
    QVERIFY(updated.wait(5000));
    volume = volumeSeries(page);
    QCOMPARE(volume->barSets()[0]->count(), 7);
    QCOMPARE(total(volume), 7);
    page.setRange(90);
    QVERIFY(updated.wait(5000));
    volume = volumeSeries(page);
    QCOMPARE(volume->barSets()[0]->count(), 13);
    QCOMPARE(total(volume), 60);
    QCOMPARE(page.insights().days.size(), 90);

    // The response chart has a point per week with acknowledgements, 20 minutes each.
    const auto lines = page.chart(QStringLiteral("response"))->series();
    auto *mtta = qobject_cast<QLineSeries *>(lines.first());
    QVERIFY(mtta && mtta->count() > 0);
    for (const QPointF &p : mtta->points())
        QCOMPARE(p.y(), 20.0);

    // A pipeline filter applies to every chart.
    page.setPipelineFilter(QStringLiteral("p1"));
    QVERIFY(updated.wait(5000));
    QCOMPARE(total(volumeSeries(page)), 20);
    QCOMPARE(page.insights().budgets.first().key, QStringLiteral("p1"));

    // Clicking a bar asks for its alerts: critical ones, p1, raised in that bucket.
    QSignalSpy requested(&page, &InsightsPage::alertsRequested);
    emit volumeSeries(page)->barSets()[0]->clicked(12);
    QCOMPARE(requested.size(), 1);
    const auto sel = requested.first().first().value<AlertSelection>();
    QCOMPARE(sel.severity, 0);
    QCOMPARE(sel.pipeline, QStringLiteral("p1"));
    // The 90 days start on 19 August; the thirteenth bar holds the last six, 11-16 November.
    QCOMPARE(sel.raisedFrom, at(QDate(2026, 11, 11), 0));
    QCOMPARE(sel.raisedTo, at(QDate(2026, 11, 17), 0));

    // The alert list shows exactly those: p1 is critical on the 16th and the 13th.
    AlertListPage list(&model);
    list.setWorkspace(ws);
    list.showSelection(sel);
    QCOMPARE(list.proxy()->rowCount(), 2);
    auto *chip = list.findChild<QToolButton *>(QStringLiteral("rangeFilter"));
    QVERIFY(chip && !chip->isHidden());
    chip->click();
    QVERIFY(chip->isHidden());
    QCOMPARE(list.proxy()->rowCount(), 20); // every p1 critical, any time, any state

    // New alerts reach the charts without a restart.
    Alert extra = history().first();
    extra.id = 1000;
    extra.triggeredAt = at(QDate(2026, 11, 16), 10);
    model.applyChanges({extra});
    QVERIFY(updated.wait(5000));
    QCOMPARE(total(volumeSeries(page)), 21);

    QTemporaryDir dir;
    QString error;
    const QString png = dir.filePath(QStringLiteral("volume.png"));
    QVERIFY2(page.exportChart(QStringLiteral("volume"), png, &error), qPrintable(error));
    QVERIFY(!QImage(png).isNull());
    const QString csv = dir.filePath(QStringLiteral("volume.csv"));
    QVERIFY(page.exportChart(QStringLiteral("volume"), csv, &error));
    QFile f(csv);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QStringList rows = QString::fromUtf8(f.readAll()).trimmed().split(u'\n');
    QCOMPARE(rows.size(), 1 + 90 * 3);
    QVERIFY(rows.filter(QStringLiteral("volume,")).size() == 90 * 3);
    QVERIFY(!page.exportChart(QStringLiteral("nope"), csv, &error));
}

void tst_InsightsPage::defaultRangeEndsTodayInTheTeamsZone()
{
    // 23:17 UTC on 1 December is already 2 December in Berlin, where the team works: an
    // alert raised at 00:30 Berlin time that day is inside the default range.
    Workspace ws = workspace();
    Rotation r;
    r.id = QStringLiteral("r");
    r.name = QStringLiteral("R");
    r.timeZone = QStringLiteral("Europe/Berlin");
    r.participants = {QStringLiteral("a")};
    r.secondary = false;
    r.start = QDate(2026, 11, 2);
    ws.rotations = {r};
    Alert a = history().constFirst();
    const QTimeZone berlin("Europe/Berlin");
    a.triggeredAt = toTimestamp(QDateTime(QDate(2026, 12, 2), QTime(0, 30), berlin));
    a.ackBy = a.triggeredAt + 30 * 60 * nanosPerSecond;
    a.resolveBy = a.triggeredAt + 4 * 3600 * nanosPerSecond;
    a.acknowledgedAt.reset();
    a.timeline.clear();
    a.state = AlertState::Triggered;
    AlertTableModel model;
    model.setWorkspace(ws);
    model.setAlerts({a});
    InsightsPage page;
    page.setWorkspace(ws);
    page.setAlertModel(&model);
    page.setNow(toTimestamp(QDateTime(QDate(2026, 12, 1), QTime(23, 17), QTimeZone::utc())));
    QSignalSpy updated(&page, &InsightsPage::updated);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QVERIFY(updated.wait(5000));
    QCOMPARE(page.insights().query.to, QDate(2026, 12, 3)); // exclusive: 2 Dec included
    QCOMPARE(page.insights().query.from, QDate(2026, 11, 3));
    QCOMPARE(page.insights().alerts, 1);
}

QTEST_MAIN(tst_InsightsPage)
#include "tst_insightspage.moc"
