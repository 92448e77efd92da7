#include "pipelinetablemodel.h"
#include "workspace/workspacereader.h"

#include <QAbstractItemModelTester>
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
    }
};

QTEST_GUILESS_MAIN(tst_PipelineTableModel)
#include "tst_pipelinetablemodel.moc"
