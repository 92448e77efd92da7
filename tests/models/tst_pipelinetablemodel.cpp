#include "pipelinetablemodel.h"
#include "workspace/workspacereader.h"

#include <QAbstractItemModelTester>
#include <QBrush>
#include <QSignalSpy>
#include <QtTest>

using namespace wk;

class tst_PipelineTableModel : public QObject
{
    Q_OBJECT
private slots:
    void showsTheCatalog()
    {
        const auto result = WorkspaceReader::readFile(
            QStringLiteral(WK_SOURCE_DIR "/resources/demo/workspace.yaml"));
        QVERIFY(result.ok());
        PipelineTableModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);

        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.setWorkspace(*result.workspace);
        QCOMPARE(reset.count(), 1);
        QCOMPARE(model.rowCount(), result.workspace->pipelines.size());

        // profit-aggregate: owned by Bruno, backed up by Amara, reads profit-unit.
        int row = -1;
        for (int r = 0; r < model.rowCount(); ++r) {
            if (model.index(r, 0).data(PipelineTableModel::PipelineIdRole) == "profit-aggregate")
                row = r;
        }
        QVERIFY(row >= 0);
        QCOMPARE(model.index(row, PipelineTableModel::PrimaryOwner).data().toString(),
                 QStringLiteral("Bruno Lehmann"));
        QCOMPARE(model.index(row, PipelineTableModel::SecondaryOwner).data().toString(),
                 QStringLiteral("Amara Okafor"));
        QCOMPARE(model.index(row, PipelineTableModel::Criticality).data().toString(),
                 QStringLiteral("critical"));
        QCOMPARE(model.index(row, PipelineTableModel::Upstream).data().toString(),
                 QStringLiteral("profit-unit"));
        QCOMPARE(model.headerData(PipelineTableModel::Sla, Qt::Horizontal).toString(),
                 QStringLiteral("SLA"));
        QCOMPARE(model.index(row, PipelineTableModel::Downstream).data().toString(),
                 QStringLiteral("executive-summary"));

        // dbt's manifest adds its model and owner to the workspace's own description.
        const QString own =
            model.index(row, PipelineTableModel::Name).data(Qt::ToolTipRole).toString();
        dbt::Node node;
        node.uniqueId = QStringLiteral("model.shop.profit_aggregate");
        node.owner = QStringLiteral("finance-data@example.com");
        node.description = own;
        QSignalSpy tooltips(&model, &QAbstractItemModel::dataChanged);
        model.setDbtModels({{QStringLiteral("profit-aggregate"), node}});
        QCOMPARE(tooltips.count(), 1);
        model.setDbtModels({{QStringLiteral("profit-aggregate"), node}});
        QCOMPARE(tooltips.count(), 1); // the same manifest again changes nothing
        QCOMPARE(model.index(row, PipelineTableModel::Name).data(Qt::ToolTipRole).toString(),
                 own + QStringLiteral("\ndbt model model.shop.profit_aggregate\n"
                                      "dbt owner: finance-data@example.com"));

        // Engagement must be at most 48 h old; its source's newest event decides the colour.
        int engagement = -1;
        for (int r = 0; r < model.rowCount(); ++r) {
            if (model.index(r, 0).data(PipelineTableModel::PipelineIdRole) ==
                "engagement-aggregate")
                engagement = r;
        }
        const QModelIndex fresh = model.index(engagement, PipelineTableModel::Freshness);
        QCOMPARE(fresh.data().toString(), QStringLiteral("no data yet"));
        const TimestampNs now = 1767225600LL * nanosPerSecond;
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setFreshness({{QStringLiteral("app-errors"), now - 3 * 3600 * nanosPerSecond}}, now);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(fresh.data().toString(), QStringLiteral("newest data 3 h ago"));
        QCOMPARE(fresh.data(Qt::ForegroundRole).value<QBrush>().color(), QColor(0x2e, 0x9e, 0x5b));
        model.setFreshness({{QStringLiteral("app-errors"), now - 40 * 3600 * nanosPerSecond}}, now);
        QCOMPARE(fresh.data(Qt::ForegroundRole).value<QBrush>().color(), QColor(0xe0, 0x8a, 0x1e));
        model.setFreshness({{QStringLiteral("app-errors"), now - 50 * 3600 * nanosPerSecond}}, now);
        QCOMPARE(fresh.data(Qt::ForegroundRole).value<QBrush>().color(), QColor(0xd6, 0x3c, 0x3c));
        // profit-aggregate reads the dbt project, which has said nothing yet; once it has, its
        // newest load is the pipeline's freshness.
        QCOMPARE(model.index(row, PipelineTableModel::Freshness).data().toString(),
                 QStringLiteral("no data yet"));
        model.setFreshness({{QStringLiteral("warehouse-dbt"), now - 20 * 60 * nanosPerSecond}},
                           now);
        QCOMPARE(model.index(row, PipelineTableModel::Freshness).data().toString(),
                 QStringLiteral("newest data 20 min ago"));
        // A pipeline no source feeds says so.
        Workspace unfed = *result.workspace;
        for (Pipeline &p : unfed.pipelines)
            p.source.clear();
        PipelineTableModel bare;
        bare.setWorkspace(unfed);
        QCOMPARE(bare.index(row, PipelineTableModel::Freshness).data().toString(),
                 QStringLiteral("no source"));

        model.setOpenAlerts({{QStringLiteral("engagement-aggregate"), 3}});
        QCOMPARE(model.index(engagement, PipelineTableModel::OpenAlerts).data().toInt(), 3);
        QCOMPARE(model.index(row, PipelineTableModel::OpenAlerts).data().toInt(), 0);
    }

    // Each pipeline's escalation policy, with its steps in the tooltip; without one, the
    // single step every alert gets.
    void showsEachPipelinesEscalation()
    {
        const auto result = WorkspaceReader::readFile(
            QStringLiteral(WK_SOURCE_DIR "/resources/demo/workspace.yaml"));
        QVERIFY(result.ok());
        const Workspace &ws = *result.workspace;
        PipelineTableModel model;
        model.setWorkspace(ws);
        QCOMPARE(model.headerData(PipelineTableModel::Escalation, Qt::Horizontal).toString(),
                 QStringLiteral("Escalation"));
        int withPolicy = 0;
        int without = 0;
        for (int row = 0; row < model.rowCount(); ++row) {
            const QModelIndex cell = model.index(row, PipelineTableModel::Escalation);
            const EscalationPolicy *policy =
                ws.escalationFor(cell.data(PipelineTableModel::PipelineIdRole).toString());
            const QString tip = cell.data(Qt::ToolTipRole).toString();
            if (!policy) {
                ++without;
                QCOMPARE(cell.data().toString(),
                         QStringLiteral("secondary owner at the ack deadline"));
                QVERIFY(tip.contains(QStringLiteral("No escalation policy")));
                continue;
            }
            ++withPolicy;
            QCOMPARE(cell.data().toString(),
                     QStringLiteral("Investor numbers: 3 steps, repeated 1×"));
            const QStringList lines = tip.split(QLatin1Char('\n'));
            QCOMPARE(lines.size(), policy->steps.size());
            QCOMPARE(lines.at(0), QStringLiteral("1. the primary on call, at once"));
            QCOMPARE(lines.at(1),
                     QStringLiteral("2. the secondary on call, after 50 % of the response time"));
            QCOMPARE(lines.at(2), QStringLiteral("3. team data-eng, after 2h, in working hours"));
        }
        QVERIFY(withPolicy > 0);
        QVERIFY(without > 0);
    }
};

QTEST_GUILESS_MAIN(tst_PipelineTableModel)
#include "tst_pipelinetablemodel.moc"
