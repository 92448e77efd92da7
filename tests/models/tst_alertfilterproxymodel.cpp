#include "alertfilterproxymodel.h"
#include "alerttablemodel.h"
#include "demoworkspace.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

#include <random>

using namespace wk;

namespace {

const TimestampNs t0 = 1767225600LL * nanosPerSecond;
constexpr TimestampNs minute = 60 * nanosPerSecond;

// Alerts with everything the list sorts and filters by drawn at random, with many ties: few
// severities, states and counts, times on whole minutes, subjects that are integers or not.
class AlertMaker
{
public:
    explicit AlertMaker(const Workspace &ws) : m_ws(ws) {}

    Alert make(qint64 id)
    {
        Alert a;
        a.id = id;
        const Pipeline &p = m_ws.pipelines.at(pick(m_ws.pipelines.size()));
        a.pipelineId = p.id;
        if (pick(5) > 0) {
            const Customer &c = m_ws.customers.at(pick(m_ws.customers.size()));
            a.customerId = c.id;
            a.revenue = c.monthlyRevenue;
        }
        a.severity = static_cast<Severity>(pick(3));
        a.title = QStringLiteral("%1 time outs for %2").arg(5 + pick(3)).arg(pick(40));
        a.subject = pick(3) ? QString::number(pick(60)) : QStringLiteral("user-%1").arg(pick(9));
        a.eventCount = 5 + static_cast<int>(pick(4));
        a.triggeredAt = t0 + static_cast<qint64>(pick(120)) * minute;
        a.updatedAt = a.triggeredAt;
        a.ackBy = a.triggeredAt + 30 * minute;
        a.resolveBy = a.triggeredAt + 240 * minute;
        a.assignee = m_ws.people.at(pick(m_ws.people.size())).id;
        change(a);
        return a;
    }
    // A new state, count or severity, as engine batches bring.
    void change(Alert &a)
    {
        switch (pick(4)) {
        case 0:
            a.state = AlertState::Acknowledged;
            a.acknowledgedAt = a.triggeredAt + minute;
            break;
        case 1:
            a.state = AlertState::Resolved;
            a.resolvedAt = a.triggeredAt + 9 * minute;
            break;
        default:
            a.state = AlertState::Triggered;
            a.acknowledgedAt.reset();
            a.resolvedAt.reset();
            break;
        }
        a.eventCount += static_cast<int>(pick(3));
        if (pick(4) == 0)
            a.severity = static_cast<Severity>(pick(3));
    }
    size_t pick(qsizetype n) { return static_cast<size_t>(m_rng() % static_cast<quint64>(n)); }
    // Alerts 1 to count, all still waiting for someone.
    QList<Alert> open(qint64 count)
    {
        QList<Alert> alerts;
        for (qint64 id = 1; id <= count; ++id) {
            Alert a = make(id);
            a.state = AlertState::Triggered;
            alerts << a;
        }
        return alerts;
    }

private:
    const Workspace &m_ws;
    std::mt19937_64 m_rng{7};
};

QList<qint64> ids(const QAbstractItemModel &model)
{
    QList<qint64> out;
    for (int r = 0; r < model.rowCount(); ++r)
        out << model.index(r, 0).data(AlertTableModel::AlertIdRole).toLongLong();
    return out;
}

// Every pair of neighbours in the order the table's own comparison gives, equal ones in
// table order, as a stable sort of the table would leave them.
bool inTableOrder(const AlertTableModel &table, const AlertFilterProxyModel &proxy)
{
    const int column = proxy.sortColumn();
    const bool ascending = proxy.sortOrder() == Qt::AscendingOrder;
    for (int r = 1; r < proxy.rowCount(); ++r) {
        const int a = proxy.sourceRow(r - 1);
        const int b = proxy.sourceRow(r);
        const bool aFirst = ascending ? table.lessThan(a, b, column) : table.lessThan(b, a, column);
        const bool bFirst = ascending ? table.lessThan(b, a, column) : table.lessThan(a, b, column);
        if (bFirst || (!aFirst && b < a)) {
            qWarning() << "rows" << r - 1 << r << "(table rows" << a << b << ") out of order";
            return false;
        }
    }
    return true;
}

} // namespace

class tst_AlertFilterProxyModel : public QObject
{
    Q_OBJECT
private slots:
    // Batches take the changed rows out and merge them back: the list must be exactly what
    // filtering and sorting the whole table again gives, in every column's order.
    void batchesLeaveTheListAsAFreshSortWould_data()
    {
        QTest::addColumn<int>("column");
        QTest::addColumn<int>("order");
        QTest::addColumn<QString>("text");
        const QList<std::pair<const char *, int>> columns = {
            {"severity", AlertTableModel::SeverityColumn},
            {"state", AlertTableModel::StateColumn},
            {"rank", AlertTableModel::RankColumn},
            {"events", AlertTableModel::CountColumn},
            {"age", AlertTableModel::AgeColumn},
            {"ack by", AlertTableModel::AckByColumn},
            {"resolve by", AlertTableModel::ResolveByColumn},
            {"title", AlertTableModel::TitleColumn},
            {"pipeline", AlertTableModel::PipelineColumn},
            {"customer", AlertTableModel::CustomerColumn},
            {"assignee", AlertTableModel::AssigneeColumn},
            {"actionable", AlertTableModel::ActionableColumn},
            {"impact", AlertTableModel::ImpactColumn},
        };
        for (const auto &[name, column] : columns) {
            QTest::addRow("%s ascending", name) << column << int(Qt::AscendingOrder) << QString();
            QTest::addRow("%s descending", name) << column << int(Qt::DescendingOrder) << QString();
            QTest::addRow("%s filtered", name)
                << column << int(Qt::AscendingOrder) << QStringLiteral("time 1");
        }
    }
    void batchesLeaveTheListAsAFreshSortWould()
    {
        QFETCH(int, column);
        QFETCH(int, order);
        QFETCH(QString, text);
        const Workspace ws = test::demoWorkspace();
        AlertMaker maker(ws);
        AlertTableModel table;
        table.setWorkspace(ws);
        table.setNow(t0 + 180 * minute);
        QList<Alert> alerts;
        qint64 next = 1;
        for (; next <= 300; ++next)
            alerts << maker.make(next);
        table.setAlerts(alerts);
        QHash<qint64, AlertScore> scores;
        for (const Alert &a : std::as_const(alerts)) {
            if (maker.pick(4))
                scores[a.id].score = float(maker.pick(5) * 20);
        }
        table.setScores(scores, {});

        AlertFilterProxyModel proxy;
        QAbstractItemModelTester tester(&proxy,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.setSourceModel(&table);
        proxy.setStateFilter(AlertFilterProxyModel::StateFilter::Open);
        proxy.setText(text);
        proxy.sort(column, Qt::SortOrder(order));
        QVERIFY(proxy.rowCount() > 0);
        for (int batch = 0; batch < 8; ++batch) {
            QList<Alert> changes;
            for (int i = 0; i < 40; ++i) {
                Alert a = *table.alertAt(static_cast<int>(maker.pick(table.rowCount())));
                maker.change(a);
                changes << a;
            }
            for (int i = 0; i < 15; ++i)
                changes << maker.make(next++);
            table.applyChanges(changes);
            if (batch == 4) {
                // New scores move rows only when the list is sorted by them.
                for (auto it = scores.begin(); it != scores.end(); ++it)
                    it->score = float(maker.pick(5) * 20);
                table.setScores(scores, {});
            }

            AlertFilterProxyModel fresh;
            fresh.setSourceModel(&table);
            fresh.setStateFilter(AlertFilterProxyModel::StateFilter::Open);
            fresh.setText(text);
            fresh.sort(column, Qt::SortOrder(order));
            QCOMPARE(ids(proxy), ids(fresh));
            QVERIFY(inTableOrder(table, proxy));
            for (int r = 0; r < proxy.rowCount(); ++r)
                QCOMPARE(proxy.mapFromSource(proxy.mapToSource(proxy.index(r, column))),
                         proxy.index(r, column));
        }
        // Every open alert that matches is listed once.
        int matching = 0;
        for (int r = 0; r < table.rowCount(); ++r) {
            const QStringList words = text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
            matching += table.alertAt(r)->isOpen() &&
                        std::all_of(words.cbegin(), words.cend(), [&](const QString &w) {
                            return table.searchText(r).contains(w);
                        });
        }
        QCOMPARE(proxy.rowCount(), matching);
        const QList<qint64> listed = ids(proxy);
        QCOMPARE(QSet<qint64>(listed.cbegin(), listed.cend()).size(), matching);
    }

    // Selections and the current row are persistent indexes: they stay on their alert as
    // batches move it, and let go of it when it leaves the list.
    void persistentIndexesStayOnTheirAlerts()
    {
        const Workspace ws = test::demoWorkspace();
        AlertMaker maker(ws);
        AlertTableModel table;
        table.setWorkspace(ws);
        QList<Alert> alerts = maker.open(50);
        for (Alert &a : alerts)
            a.eventCount = static_cast<int>(a.id);
        table.setAlerts(alerts);
        AlertFilterProxyModel proxy;
        proxy.setSourceModel(&table);
        proxy.sort(AlertTableModel::CountColumn, Qt::AscendingOrder);
        QCOMPARE(proxy.index(0, 0).data(AlertTableModel::AlertIdRole).toLongLong(), 1);
        const QPersistentModelIndex first(proxy.index(0, AlertTableModel::TitleColumn));
        const QPersistentModelIndex tenth(proxy.index(9, 0));
        const QPersistentModelIndex goes(proxy.index(20, 0));
        QSignalSpy layout(&proxy, &QAbstractItemModel::layoutChanged);

        Alert most = alerts.at(0);
        most.eventCount = 1000; // to the end of the list
        Alert closed = alerts.at(20);
        closed.state = AlertState::Resolved;
        closed.resolvedAt = closed.triggeredAt + minute;
        table.applyChanges({most, closed});
        QCOMPARE(layout.count(), 1);
        QCOMPARE(proxy.rowCount(), 49);
        QVERIFY(first.isValid());
        QCOMPARE(first.row(), 48);
        QCOMPARE(first.column(), int(AlertTableModel::TitleColumn));
        QCOMPARE(first.data(AlertTableModel::AlertIdRole).toLongLong(), 1);
        QCOMPARE(tenth.row(), 8);
        QCOMPARE(tenth.data(AlertTableModel::AlertIdRole).toLongLong(), 10);
        QVERIFY(!goes.isValid());
    }

    // An acknowledgement that leaves its row in place repaints the row and moves nothing: a
    // layout change would make every view and the groups above work through the whole list.
    void aChangeThatMovesNothingIsNoLayoutChange()
    {
        const Workspace ws = test::demoWorkspace();
        AlertMaker maker(ws);
        AlertTableModel table;
        table.setWorkspace(ws);
        const QList<Alert> alerts = maker.open(30);
        table.setAlerts(alerts);
        AlertFilterProxyModel proxy;
        QAbstractItemModelTester tester(&proxy,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.setSourceModel(&table);
        proxy.sort(AlertTableModel::RankColumn, Qt::AscendingOrder);
        const QList<qint64> before = ids(proxy);
        QSignalSpy layout(&proxy, &QAbstractItemModel::layoutChanged);
        QSignalSpy changed(&proxy, &QAbstractItemModel::dataChanged);

        Alert acked = alerts.at(7);
        acked.state = AlertState::Acknowledged;
        acked.acknowledgedAt = acked.triggeredAt + minute;
        table.applyChanges({acked});
        QCOMPARE(layout.count(), 0);
        QCOMPARE(ids(proxy), before);
        QCOMPARE(changed.count(), 1);
        const int row = static_cast<int>(before.indexOf(8));
        QCOMPARE(changed.first().at(0).value<QModelIndex>().row(), row);
        QCOMPARE(changed.first().at(1).value<QModelIndex>().row(), row);
        QCOMPARE(proxy.index(row, AlertTableModel::StateColumn).data().toString(),
                 QStringLiteral("acknowledged"));

        // The clock moves countdowns, not rows.
        changed.clear();
        table.setNow(t0 + 200 * minute);
        QCOMPARE(layout.count(), 0);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(ids(proxy), before);
    }

    // Sorting by a text column orders the texts as the locale does, and a text it has not
    // seen before still finds its place.
    void textColumnsSortByTheLocaleAndTakeNewTexts()
    {
        const Workspace ws = test::demoWorkspace();
        AlertTableModel table;
        table.setWorkspace(ws);
        const auto titled = [](qint64 id, const QString &title) {
            Alert a;
            a.id = id;
            a.title = title;
            a.triggeredAt = t0;
            return a;
        };
        table.setAlerts({titled(1, QStringLiteral("zeta")), titled(2, QStringLiteral("alphabet")),
                         titled(3, QStringLiteral("beta")), titled(4, QStringLiteral("alpha"))});
        AlertFilterProxyModel proxy;
        proxy.setSourceModel(&table);
        proxy.sort(AlertTableModel::TitleColumn, Qt::AscendingOrder);
        QVERIFY(inTableOrder(table, proxy));
        QCOMPARE(ids(proxy).last(), 1);
        table.applyChanges(
            {titled(5, QStringLiteral("gamma")), titled(6, QStringLiteral("aardvark"))});
        QVERIFY(inTableOrder(table, proxy));
        QCOMPARE(ids(proxy).first(), 6);
        QCOMPARE(proxy.rowCount(), 6);

        // New texts take places between the others; forty in a row before all the rest
        // use up the room there, and the places are worked out again.
        for (int k = 0; k < 40; ++k) {
            const QString before = QString(k + 2, QLatin1Char('a')) + QLatin1Char('b');
            table.applyChanges(
                {titled(100 + k, before), titled(200 + k, QStringLiteral("mid %1").arg(k))});
            QVERIFY(inTableOrder(table, proxy));
            QCOMPARE(ids(proxy).first(), 100 + k);
            AlertFilterProxyModel fresh;
            fresh.setSourceModel(&table);
            fresh.sort(AlertTableModel::TitleColumn, Qt::AscendingOrder);
            QCOMPARE(ids(proxy), ids(fresh));
        }
    }

    // The text free-text search looks in is kept per row and made again only when an
    // alert's words change: a new title is found by its words, the old one no longer.
    void aRetitledAlertIsFoundByItsNewWords()
    {
        const Workspace ws = test::demoWorkspace();
        AlertMaker maker(ws);
        AlertTableModel table;
        table.setWorkspace(ws);
        Alert a = maker.make(1);
        a.state = AlertState::Triggered;
        a.title = QStringLiteral("Freshness lapsed");
        table.setAlerts({a});
        AlertFilterProxyModel proxy;
        proxy.setSourceModel(&table);
        proxy.setText(QStringLiteral("lapsed"));
        QCOMPARE(proxy.rowCount(), 1);
        a.eventCount += 1; // a change that keeps the words
        table.applyChanges({a});
        QCOMPARE(proxy.rowCount(), 1);
        a.title = QStringLiteral("Volume Dropped");
        table.applyChanges({a});
        QCOMPARE(proxy.rowCount(), 0);
        proxy.setText(QStringLiteral("volume dropped"));
        QCOMPARE(proxy.rowCount(), 1);
    }
};

QTEST_GUILESS_MAIN(tst_AlertFilterProxyModel)
#include "tst_alertfilterproxymodel.moc"
