#include "alertfilterproxymodel.h"
#include "alerttablemodel.h"
#include "demoworkspace.h"
#include "severitystyle.h"
#include "workspace/workspacereader.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

using namespace wk;

namespace {

const TimestampNs t0 = 1767225600LL * nanosPerSecond;

Workspace demo()
{
    return test::demoWorkspace();
}

Alert alert(qint64 id, Severity s, const QString &pipeline, const QString &customer, double revenue,
            const QString &title)
{
    Alert a;
    a.id = id;
    a.severity = s;
    a.pipelineId = pipeline;
    a.customerId = customer;
    a.revenue = revenue;
    a.title = title;
    a.triggeredAt = t0;
    a.ackBy = t0 + 30 * 60 * nanosPerSecond;
    a.resolveBy = t0 + 4 * 3600 * nanosPerSecond;
    a.assignee = QStringLiteral("bruno");
    return a;
}

Alert acknowledged(Alert a, qint64 afterSeconds)
{
    a.state = AlertState::Acknowledged;
    a.acknowledgedAt = t0 + afterSeconds * nanosPerSecond;
    return a;
}

Alert resolved(Alert a, qint64 afterSeconds)
{
    a.state = AlertState::Resolved;
    a.resolvedAt = t0 + afterSeconds * nanosPerSecond;
    return a;
}

// Every cell as shown and as sorted, row by row.
QStringList cells(const AlertTableModel &model)
{
    QStringList out;
    for (int r = 0; r < model.rowCount(); ++r) {
        for (int c = 0; c < model.columnCount(); ++c) {
            const QModelIndex i = model.index(r, c);
            out << QStringLiteral("%1|%2").arg(i.data().toString(),
                                               i.data(AlertTableModel::SortRole).toString());
        }
    }
    return out;
}

} // namespace

class tst_AlertTableModel : public QObject
{
    Q_OBJECT
private slots:
    void batchesInsertAndChangeWithoutReset()
    {
        AlertTableModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setWorkspace(demo());
        model.setAlerts({alert(1, Severity::High, "profit-unit", "c-initech", 50, "one")});
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

        Alert acked = alert(1, Severity::High, "profit-unit", "c-initech", 50, "one");
        acked.state = AlertState::Acknowledged;
        acked.acknowledgedAt = t0 + 60 * nanosPerSecond;
        model.applyChanges(
            {acked, alert(2, Severity::Critical, "profit-aggregate", "c-globex", 500, "two"),
             alert(3, Severity::Medium, "growth-daily", QString(), 0, "three")});
        QCOMPARE(reset.count(), 0);
        QCOMPARE(inserted.count(), 1); // the two new alerts in one insertion
        QCOMPARE(inserted.first().at(1).toInt(), 1);
        QCOMPARE(inserted.first().at(2).toInt(), 2);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(0, AlertTableModel::StateColumn).data().toString(),
                 QStringLiteral("acknowledged"));
        QCOMPARE(model.index(0, AlertTableModel::AckByColumn).data().toString(),
                 QStringLiteral("acknowledged"));
        // Globex and Northwind pay $500 (rank 1), Initech $50 (rank 3, after the tie).
        QCOMPARE(model.index(1, AlertTableModel::RankColumn).data().toInt(), 1);
        QCOMPARE(model.index(0, AlertTableModel::RankColumn).data().toInt(), 3);
        QCOMPARE(model.index(1, AlertTableModel::CustomerColumn).data().toString(),
                 QStringLiteral("Globex ($500/mo)"));
        QCOMPARE(model.index(1, AlertTableModel::AssigneeColumn).data().toString(),
                 QStringLiteral("Bruno Lehmann"));
    }

    // The window hands over what the engine changed in batches: a batch may hold an alert's
    // first state and later ones. It is one row, in its latest state.
    void aBatchWithTwoStatesOfANewAlertAddsOneRow()
    {
        AlertTableModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setWorkspace(demo());
        Alert raised = alert(7, Severity::High, "profit-unit", "c-initech", 50, "seven");
        Alert acked = raised;
        acked.state = AlertState::Acknowledged;
        acked.acknowledgedAt = t0 + 60 * nanosPerSecond;
        model.applyChanges(
            {raised, alert(8, Severity::Medium, "growth-daily", {}, 0, "eight"), acked});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.alertAt(0)->id, 7);
        QCOMPARE(model.alertAt(0)->state, AlertState::Acknowledged);
        QCOMPARE(model.alertAt(1)->id, 8);
    }

    // The window applies what the engine changed in batches, and sometimes one alert at a
    // time: both paths, and a reset to the final alerts, must show the same rows.
    void batchAndOneAtATimeAgree_data()
    {
        QTest::addColumn<QList<Alert>>("initial");
        QTest::addColumn<QList<Alert>>("changes");
        const Alert a = alert(1, Severity::High, "profit-unit", "c-initech", 50, "one");
        const Alert b = alert(2, Severity::Critical, "profit-aggregate", "c-globex", 500, "two");
        const Alert c = alert(3, Severity::Medium, "growth-daily", QString(), 0, "three");
        const Alert d = alert(4, Severity::Critical, "growth-daily", "c-northwind", 500, "four");
        QTest::newRow("only new alerts") << QList<Alert>{} << QList<Alert>{a, b, c};
        QTest::newRow("changes to existing")
            << QList<Alert>{a, b, c} << QList<Alert>{acknowledged(b, 60), resolved(a, 600)};
        QTest::newRow("new and changed, mixed")
            << QList<Alert>{a, c} << QList<Alert>{d, acknowledged(a, 30), b, resolved(c, 90)};
        QTest::newRow("a new alert and its later states")
            << QList<Alert>{c}
            << QList<Alert>{b, acknowledged(b, 60), resolved(b, 300), a, acknowledged(c, 10)};
        QTest::newRow("the same alert changed twice")
            << QList<Alert>{a, b} << QList<Alert>{acknowledged(a, 20), resolved(a, 40)};
    }

    void batchAndOneAtATimeAgree()
    {
        QFETCH(QList<Alert>, initial);
        QFETCH(QList<Alert>, changes);
        AlertTableModel batched, single, reset;
        QAbstractItemModelTester testBatched(
            &batched, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester testSingle(&single,
                                            QAbstractItemModelTester::FailureReportingMode::QtTest);
        QList<Alert> latest = initial;
        for (const Alert &changed : std::as_const(changes)) {
            const auto it = std::find_if(latest.begin(), latest.end(),
                                         [&](const Alert &x) { return x.id == changed.id; });
            if (it == latest.end())
                latest << changed;
            else
                *it = changed;
        }
        for (AlertTableModel *m : {&batched, &single, &reset}) {
            m->setWorkspace(demo());
            m->setNow(t0 + 120 * nanosPerSecond, false);
        }
        batched.setAlerts(initial);
        single.setAlerts(initial);
        batched.applyChanges(changes);
        for (const Alert &changed : std::as_const(changes))
            single.applyChanges({changed});
        reset.setAlerts(latest);
        QCOMPARE(batched.rowCount(), int(latest.size()));
        QCOMPARE(cells(single), cells(batched));
        QCOMPARE(cells(reset), cells(batched));
        for (const Alert &expected : std::as_const(latest))
            QCOMPARE(batched.alert(expected.id)->state, expected.state);
    }

    void countdownsTurnAmberThenRed()
    {
        AlertTableModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setWorkspace(demo());
        model.setAlerts({alert(1, Severity::Critical, "profit-aggregate", "c-globex", 500, "x")});
        const QModelIndex ack = model.index(0, AlertTableModel::AckByColumn);
        model.setNow(t0 + 10 * 60 * nanosPerSecond);
        QCOMPARE(ack.data().toString(), QStringLiteral("20m 00s"));
        QVERIFY(!ack.data(Qt::ForegroundRole).isValid());
        model.setNow(t0 + 25 * 60 * nanosPerSecond); // five of thirty minutes left
        QCOMPARE(ack.data(Qt::ForegroundRole).value<QBrush>().color(),
                 SeverityStyle::colour(Severity::High));
        model.setNow(t0 + 31 * 60 * nanosPerSecond);
        QCOMPARE(ack.data().toString(), QStringLiteral("1m 00s overdue"));
        QCOMPARE(ack.data(Qt::ForegroundRole).value<QBrush>().color(),
                 SeverityStyle::colour(Severity::Critical));
    }

    // Within one rank, the list orders as `check burst` does: the most events first, then
    // user ids as SQL orders the seed's integer ids (520 before 1508, both before "ada").
    void equalRanksOrderByCountThenUserId()
    {
        AlertTableModel model;
        model.setWorkspace(demo());
        QList<Alert> alerts;
        const QList<std::pair<QString, int>> subjects = {
            {QStringLiteral("ada"), 5}, {QStringLiteral("1508"), 5}, {QStringLiteral("520"), 5},
            {QStringLiteral("77"), 9},  {QStringLiteral("-4"), 5},
        };
        for (const auto &[subject, count] : subjects) {
            Alert a = alert(alerts.size() + 1, Severity::High, "profit-unit", "c-globex", 500,
                            QStringLiteral("time outs for %1").arg(subject));
            a.subject = subject;
            a.eventCount = count;
            alerts << a;
        }
        alerts << alert(9, Severity::High, "profit-unit", "c-initech", 50, "a lower rank");
        model.setAlerts(alerts);
        AlertFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.sort(AlertTableModel::RankColumn, Qt::AscendingOrder);
        QStringList order;
        for (int r = 0; r < proxy.rowCount(); ++r)
            order << proxy.index(r, AlertTableModel::TitleColumn).data().toString();
        QCOMPARE(order, (QStringList{"time outs for 77", "time outs for -4", "time outs for 520",
                                     "time outs for 1508", "time outs for ada", "a lower rank"}));
    }

    void proxyFiltersAndSortsByRevenueRank()
    {
        AlertTableModel model;
        model.setWorkspace(demo());
        Alert closed = alert(4, Severity::Critical, "profit-unit", "c-globex", 500, "old");
        closed.state = AlertState::Resolved;
        model.setAlerts(
            {alert(1, Severity::High, "profit-unit", "c-initech", 50, "Initech time out"),
             alert(2, Severity::Critical, "profit-aggregate", "c-globex", 500, "Globex time out"),
             alert(3, Severity::Medium, "growth-daily", QString(), 0, "volume dropped"), closed});
        AlertFilterProxyModel proxy;
        QAbstractItemModelTester tester(&proxy,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.setSourceModel(&model);
        proxy.sort(AlertTableModel::RankColumn, Qt::AscendingOrder);
        auto ids = [&] {
            QList<qint64> out;
            for (int r = 0; r < proxy.rowCount(); ++r)
                out << proxy.index(r, 0).data(AlertTableModel::AlertIdRole).toLongLong();
            return out;
        };
        QCOMPARE(ids(), (QList<qint64>{2, 1, 3})); // open only; rank 1, rank 3, no customer last
        proxy.setText(QStringLiteral("TIME globex"));
        QCOMPARE(ids(), (QList<qint64>{2}));
        proxy.setText(QString());
        proxy.setSeverities({static_cast<int>(Severity::Medium)});
        QCOMPARE(ids(), (QList<qint64>{3}));
        proxy.setSeverities({});
        proxy.setStateFilter(AlertFilterProxyModel::StateFilter::Closed);
        QCOMPARE(ids(), (QList<qint64>{4}));
        proxy.setStateFilter(AlertFilterProxyModel::StateFilter::All);
        proxy.setPipeline(QStringLiteral("profit-unit"));
        QCOMPARE(ids().size(), 2);
        proxy.setAssignee(QStringLiteral("amara"));
        QVERIFY(ids().isEmpty());
    }
};

QTEST_GUILESS_MAIN(tst_AlertTableModel)
#include "tst_alerttablemodel.moc"
