#include "alertfilterproxymodel.h"
#include "alertgroupmodel.h"
#include "alerttablemodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

using namespace wk;

namespace {

const TimestampNs t0 = 1767225600LL * nanosPerSecond;
constexpr TimestampNs minute = 60 * nanosPerSecond;

// A source read by a model; billing stands apart.
Workspace workspace()
{
    Workspace ws;
    const auto pipeline = [](const QString &id, const QStringList &upstream) {
        Pipeline p;
        p.id = id;
        p.name = id.toUpper();
        p.upstream = upstream;
        return p;
    };
    ws.pipelines = {pipeline(QStringLiteral("source"), {}),
                    pipeline(QStringLiteral("model"), {QStringLiteral("source")}),
                    pipeline(QStringLiteral("billing"), {})};
    const auto customer = [](const QString &id, double revenue) {
        Customer c;
        c.id = id;
        c.name = id;
        c.monthlyRevenue = revenue;
        return c;
    };
    ws.customers = {customer(QStringLiteral("acme"), 20000), customer(QStringLiteral("mid"), 5000),
                    customer(QStringLiteral("small"), 500)};
    return ws;
}

Alert alert(qint64 id, Severity s, const QString &pipeline, const QString &customer, double revenue,
            TimestampNs at, const QString &assignee = QStringLiteral("ana"))
{
    Alert a;
    a.id = id;
    a.severity = s;
    a.pipelineId = pipeline;
    a.customerId = customer;
    a.revenue = revenue;
    a.title = QStringLiteral("alert %1").arg(id);
    a.subject = QStringLiteral("s%1").arg(id);
    a.eventCount = static_cast<int>(id);
    a.triggeredAt = at;
    a.updatedAt = at;
    a.ackBy = at + 30 * minute;
    a.resolveBy = at + 240 * minute;
    a.assignee = assignee;
    return a;
}

// 1 and 2 are one incident (the model and its source, two minutes apart); 3 is alone.
QList<Alert> incident()
{
    return {alert(1, Severity::High, QStringLiteral("model"), QStringLiteral("mid"), 5000, t0),
            alert(2, Severity::Medium, QStringLiteral("source"), QStringLiteral("acme"), 20000,
                  t0 + 2 * minute, QStringLiteral("bo")),
            alert(3, Severity::Critical, QStringLiteral("billing"), QStringLiteral("small"), 500,
                  t0 + 3 * minute)};
}

struct Models
{
    AlertTableModel table;
    AlertFilterProxyModel proxy;
    AlertGroupModel *groups = nullptr;

    Models()
    {
        table.setWorkspace(workspace());
        table.setNow(t0 + 10 * minute);
        proxy.setSourceModel(&table);
        groups = new AlertGroupModel(&proxy, &proxy);
        groups->setWorkspace(workspace());
    }
    QString text(int row, int column, const QModelIndex &parent = {}) const
    {
        return groups->index(row, column, parent).data().toString();
    }
    qint64 id(int row, const QModelIndex &parent = {}) const
    {
        return groups->index(row, 0, parent).data(AlertTableModel::AlertIdRole).toLongLong();
    }
};

} // namespace

class tst_AlertGroupModel : public QObject
{
    Q_OBJECT
private slots:
    void foldsAnIncidentUnderItsWorstAndRichest()
    {
        Models m;
        QAbstractItemModelTester tester(m.groups,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.table.setAlerts(incident());
        m.groups->sort(AlertTableModel::SeverityColumn, Qt::AscendingOrder);

        QCOMPARE(m.groups->rowCount(), 2);
        QCOMPARE(m.groups->groupCount(), 1);
        // The critical billing alert alone, first.
        QCOMPARE(m.id(0), 3);
        QVERIFY(!m.groups->hasChildren(m.groups->index(0, 0)));
        QCOMPARE(m.groups->index(0, 0).data(AlertGroupModel::GroupSizeRole).toInt(), 1);

        const QModelIndex group = m.groups->index(1, 0);
        QVERIFY(m.groups->isGroup(group));
        QCOMPARE(m.id(1), 0); // a group is not one alert
        QCOMPARE(group.data(AlertGroupModel::GroupSizeRole).toInt(), 2);
        QCOMPARE(group.data(AlertGroupModel::MemberIdsRole).value<QList<qint64>>(),
                 (QList<qint64>{1, 2}));
        QCOMPARE(m.groups->rowCount(group), 2);
        QCOMPARE(m.id(0, group), 1);
        QCOMPARE(m.id(1, group), 2);
        QCOMPARE(m.groups->parent(m.groups->index(1, 3, group)), group);

        // The worst severity leads; the richest customer is the one at stake.
        QCOMPARE(m.text(1, AlertTableModel::SeverityColumn), QStringLiteral("high"));
        QCOMPARE(m.text(1, AlertTableModel::StateColumn), QStringLiteral("2 alerts"));
        QCOMPARE(m.text(1, AlertTableModel::TitleColumn),
                 QStringLiteral("alert 1 · and 1 related"));
        QCOMPARE(m.text(1, AlertTableModel::PipelineColumn), QStringLiteral("MODEL +1"));
        QVERIFY(m.text(1, AlertTableModel::CustomerColumn).startsWith(QStringLiteral("acme")));
        QCOMPARE(m.text(1, AlertTableModel::RankColumn), QStringLiteral("1"));
        QCOMPARE(m.text(1, AlertTableModel::CountColumn), QStringLiteral("3"));
        QCOMPARE(m.text(1, AlertTableModel::AssigneeColumn), QStringLiteral("2 people"));
        // The oldest member's age; the nearest deadline.
        QCOMPARE(m.text(1, AlertTableModel::AgeColumn),
                 m.text(0, AlertTableModel::AgeColumn, group));
        QCOMPARE(m.text(1, AlertTableModel::AckByColumn),
                 m.text(0, AlertTableModel::AckByColumn, group));
        QVERIFY(group.data(Qt::FontRole).value<QFont>().bold());
        QCOMPARE(m.groups->indexOf(2), m.groups->index(1, 0, group));
        QCOMPARE(m.groups->indexOf(3), m.groups->index(0, 0));
    }

    void groupingSwitchedOffListsEveryAlert()
    {
        Models m;
        QAbstractItemModelTester tester(m.groups,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.table.setAlerts(incident());
        QCoreApplication::processEvents();
        QCOMPARE(m.groups->rowCount(), 2);
        m.groups->setGroupingEnabled(false);
        QCOMPARE(m.groups->rowCount(), 3);
        QCOMPARE(m.groups->groupCount(), 0);
        for (int r = 0; r < 3; ++r) {
            QCOMPARE(m.id(r), r + 1);
            QVERIFY(!m.groups->hasChildren(m.groups->index(r, 0)));
        }
        m.groups->setGroupingEnabled(true);
        QCOMPARE(m.groups->rowCount(), 2);
    }

    // A filter that hides a member leaves the rest; a group of one is a plain row.
    void followsTheFilter()
    {
        Models m;
        QAbstractItemModelTester tester(m.groups,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.table.setAlerts(incident());
        m.proxy.setPipeline(QStringLiteral("model"));
        QTRY_COMPARE(m.groups->rowCount(), 1);
        QCOMPARE(m.id(0), 1);
        QCOMPARE(m.groups->groupCount(), 0);
        m.proxy.setPipeline(QString());
        QTRY_COMPARE(m.groups->groupCount(), 1);
    }

    // Selection, the current row and open groups are persistent indexes: they follow their
    // alert when new alerts move the rows, and a group keeps its row as it grows.
    void persistentIndexesFollowTheirAlerts()
    {
        Models m;
        QAbstractItemModelTester tester(m.groups,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.table.setAlerts(incident());
        m.groups->sort(AlertTableModel::SeverityColumn, Qt::AscendingOrder);
        QCoreApplication::processEvents();
        const QPersistentModelIndex group = m.groups->index(1, 0);
        const QPersistentModelIndex member = m.groups->index(1, 2, group);
        const QPersistentModelIndex alone = m.groups->index(0, 0);
        QCOMPARE(member.data(AlertTableModel::AlertIdRole).toLongLong(), 2);

        // A new critical alert sorts first; another source alert joins the group.
        QSignalSpy layouts(m.groups, &QAbstractItemModel::layoutChanged);
        m.table.applyChanges({alert(4, Severity::Critical, QStringLiteral("billing"),
                                    QStringLiteral("acme"), 20000, t0 + 60 * minute),
                              alert(5, Severity::Critical, QStringLiteral("source"),
                                    QStringLiteral("small"), 500, t0 + 5 * minute)});
        QTRY_COMPARE(layouts.size(), 1); // one regrouping for the batch
        QCOMPARE(m.groups->rowCount(), 3);
        QVERIFY(m.groups->indexOf(4).isValid());
        QVERIFY(!m.groups->indexOf(4).parent().isValid()); // billing, an hour later: alone
        QVERIFY(group.isValid());
        QVERIFY(m.groups->isGroup(group));
        QCOMPARE(group.data(AlertGroupModel::GroupSizeRole).toInt(), 3);
        QCOMPARE(member.data(AlertTableModel::AlertIdRole).toLongLong(), 2);
        QCOMPARE(member.column(), 2);
        QCOMPARE(member.parent(), QModelIndex(group));
        QCOMPARE(alone.data(AlertTableModel::AlertIdRole).toLongLong(), 3);
        // The new critical member now leads the group.
        QCOMPARE(m.text(group.row(), AlertTableModel::SeverityColumn), QStringLiteral("critical"));
    }

    // A group that comes apart: its first alert's row keeps that alert's persistent indexes,
    // the group's own row goes, and no two persistent indexes ever share an index.
    void aGroupComingApartKeepsItsAlertsRows()
    {
        Models m;
        QAbstractItemModelTester tester(m.groups,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.table.setAlerts(incident());
        QCoreApplication::processEvents();
        auto header = std::make_unique<QPersistentModelIndex>(m.groups->index(0, 0));
        auto first =
            std::make_unique<QPersistentModelIndex>(m.groups->index(0, 0, m.groups->index(0, 0)));
        auto second =
            std::make_unique<QPersistentModelIndex>(m.groups->index(1, 0, m.groups->index(0, 0)));
        m.groups->setGroupingEnabled(false);
        QVERIFY(!header->isValid());
        QCOMPARE(first->data(AlertTableModel::AlertIdRole).toLongLong(), 1);
        QCOMPARE(second->data(AlertTableModel::AlertIdRole).toLongLong(), 2);
        QVERIFY(!first->parent().isValid());
        QCOMPARE(*first, QPersistentModelIndex(m.groups->index(first->row(), 0)));
        // Dropping them one by one and regrouping again leaves the model's table whole.
        first.reset();
        m.groups->setGroupingEnabled(true);
        header.reset();
        second.reset();
        m.groups->setGroupingEnabled(false);
        QCOMPARE(m.groups->rowCount(), 3);
    }

    // A member's change repaints its row and its group's, whose figures are judged again.
    void aChangedMemberUpdatesItsGroup()
    {
        Models m;
        QAbstractItemModelTester tester(m.groups,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.table.setAlerts(incident());
        QCoreApplication::processEvents();
        const QModelIndex group = m.groups->index(0, 0);
        QVERIFY(m.groups->isGroup(group));
        const QString ackBy = m.text(0, AlertTableModel::AckByColumn);
        QSignalSpy changed(m.groups, &QAbstractItemModel::dataChanged);

        Alert acked = incident().at(0);
        acked.state = AlertState::Acknowledged;
        acked.acknowledgedAt = t0 + 5 * minute;
        m.table.applyChanges({acked});
        bool groupRow = false;
        bool memberRow = false;
        for (const QList<QVariant> &args : changed) {
            const auto top = args.at(0).value<QModelIndex>();
            groupRow |= top.row() == 0 && !top.parent().isValid();
            memberRow |= top.parent() == group && top.row() == 0;
        }
        QVERIFY(groupRow);
        QVERIFY(memberRow);
        // Only the source alert still waits for an acknowledgement: its deadline is shown.
        QVERIFY(m.text(0, AlertTableModel::AckByColumn) != ackBy);
        QCOMPARE(m.text(0, AlertTableModel::AckByColumn),
                 m.text(1, AlertTableModel::AckByColumn, group));
    }

    // Grouping reads numbers the table keeps for each alert's ids, and a group's figures
    // read records kept beside each row: a batch that gives an alert another subject or
    // pipeline regroups it by the new one, and the group's figures follow its members.
    void anAlertsNewSubjectOrPipelineRegroupsIt()
    {
        Models m;
        m.table.setAlerts(incident());
        m.groups->refresh();
        QCOMPARE(m.groups->rowCount(), 2);

        Alert three = incident().at(2);
        three.subject = QStringLiteral("s1"); // alert 1's subject, both open
        m.table.applyChanges({three});
        m.groups->refresh();
        QCOMPARE(m.groups->rowCount(), 1);
        const QModelIndex all = m.groups->index(0, 0);
        QCOMPARE(all.data(AlertGroupModel::GroupSizeRole).toInt(), 3);
        QCOMPARE(m.text(0, AlertTableModel::SeverityColumn), QStringLiteral("critical"));
        QCOMPARE(m.text(0, AlertTableModel::CountColumn), QStringLiteral("6"));

        three.subject = QStringLiteral("s3");
        three.pipelineId = QStringLiteral("model"); // alert 1's pipeline, a minute later
        three.eventCount = 10;
        m.table.applyChanges({three});
        m.groups->refresh();
        QCOMPARE(m.groups->rowCount(), 1);
        QCOMPARE(m.text(0, AlertTableModel::CountColumn), QStringLiteral("13"));
        QCOMPARE(m.text(0, AlertTableModel::PipelineColumn), QStringLiteral("MODEL +1"));

        three.pipelineId = QStringLiteral("billing");
        m.table.applyChanges({three});
        m.groups->refresh();
        QCOMPARE(m.groups->rowCount(), 2);
        QCOMPARE(m.groups->groupCount(), 1);
    }
};

QTEST_MAIN(tst_AlertGroupModel)
#include "tst_alertgroupmodel.moc"
