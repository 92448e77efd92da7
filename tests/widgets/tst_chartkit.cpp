#include "insights/chartkit.h"

#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QPointer>
#include <QTest>
#include <QValueAxis>

using namespace wk;

// The pieces the Insights charts share, each on its own.
class tst_ChartKit : public QObject
{
    Q_OBJECT

private slots:
    void niceStep_data()
    {
        QTest::addColumn<double>("span");
        QTest::addColumn<double>("least");
        QTest::addColumn<double>("step");
        QTest::newRow("ten units") << 10.0 << 1.0 << 2.0;
        QTest::newRow("a hundred") << 100.0 << 1.0 << 20.0;
        QTest::newRow("seven") << 7.0 << 1.0 << 2.0;
        QTest::newRow("a thousand and one") << 1001.0 << 1.0 << 500.0;
        QTest::newRow("small counts keep whole steps") << 3.0 << 1.0 << 1.0;
        QTest::newRow("half units allowed") << 2.0 << 0.5 << 0.5;
        QTest::newRow("nothing") << 0.0 << 1.0 << 1.0;
    }

    void niceStep()
    {
        QFETCH(double, span);
        QFETCH(double, least);
        QFETCH(double, step);
        QCOMPARE(chartkit::niceStep(span, 5, least), step);
    }

    void countAxisStartsAtZeroOnWholeSteps()
    {
        std::unique_ptr<QValueAxis> axis(chartkit::countAxis(37));
        QCOMPARE(axis->min(), 0.0);
        QCOMPARE(axis->max(), 40.0);
        QCOMPARE(axis->tickInterval(), 10.0);
        std::unique_ptr<QValueAxis> empty(chartkit::countAxis(0));
        QCOMPARE(empty->max(), 1.0);
    }

    void indexAxisLabelsAFewPoints()
    {
        QStringList days;
        for (int d = 1; d <= 30; ++d)
            days << QString::number(d);
        std::unique_ptr<QCategoryAxis> axis(chartkit::indexAxis(days, 6));
        QCOMPARE(axis->categoriesLabels(), (QStringList{"1", "6", "11", "16", "21", "26"}));
        std::unique_ptr<QCategoryAxis> few(chartkit::indexAxis({"a", "b"}, 6));
        QCOMPARE(few->count(), 2);
    }

    void durationsInAShortUnit()
    {
        QCOMPARE(chartkit::timeUnitFor(90).perMinute, 1.0);
        QCOMPARE(chartkit::timeUnitFor(300).perMinute, 1.0 / 60);
        QCOMPARE(chartkit::timeUnitFor(3 * 24 * 60).perMinute, 1.0 / (24 * 60));
        QCOMPARE(chartkit::minutesText(45), QStringLiteral("45.0 min"));
        QCOMPARE(chartkit::minutesText(150), QStringLiteral("2.5 h"));
    }

    void aFreshChartReplacesTheOld()
    {
        QChartView view;
        QPointer<QChart> first = chartkit::freshChart(&view);
        QChart *second = chartkit::freshChart(&view);
        QVERIFY(first.isNull());
        QCOMPARE(view.chart(), second);
        chartkit::sayWhenEmpty(second, true, QStringLiteral("Alerts fill it."));
        QVERIFY(second->title().contains(QStringLiteral("Alerts fill it.")));
        chartkit::sayWhenEmpty(second, false, QStringLiteral("Alerts fill it."));
        QVERIFY(second->title().isEmpty());
    }
};

QTEST_MAIN(tst_ChartKit)
#include "tst_chartkit.moc"
