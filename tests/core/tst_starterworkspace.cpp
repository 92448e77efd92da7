#include "workspace/starterworkspace.h"
#include "workspace/workspacereader.h"
#include "workspace/workspacewriter.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace wk;

namespace {

StarterWorkspace answers()
{
    StarterWorkspace s;
    s.name = QStringLiteral("Acme data");
    s.teamName = QStringLiteral("Data Platform");
    s.people = QStringLiteral("  Amara Okafor <amara@example.org>\n\n"
                              "Chen Wei<chen@example.org>\n"
                              "Chen Wei <chen.w@example.org>\n");
    s.timeZone = QStringLiteral("Europe/London");
    s.pipelineName = QStringLiteral("Orders — daily, for finance");
    return s;
}

} // namespace

class tst_StarterWorkspace : public QObject
{
    Q_OBJECT
private slots:
    void buildsAWorkspaceThatReadsBack()
    {
        QStringList problems;
        const auto ws = answers().build(&problems);
        QVERIFY2(ws, qPrintable(problems.join(QLatin1Char('\n'))));
        QCOMPARE(ws->people.size(), 3);
        QCOMPARE(ws->people.at(0).id, QStringLiteral("amara-okafor"));
        QCOMPARE(ws->people.at(2).id, QStringLiteral("chen-wei-2")); // names may repeat
        QCOMPARE(ws->pipelines.first().id, QStringLiteral("orders-daily-for-finance"));
        QCOMPARE(ws->pipelines.first().primaryOwner, QStringLiteral("amara-okafor"));
        QCOMPARE(ws->pipelines.first().secondaryOwner, QStringLiteral("chen-wei"));
        QCOMPARE(ws->rotations.first().participants.size(), 3);
        QCOMPARE(ws->rotations.first().start.dayOfWeek(), 1);
        QVERIFY(ws->runbook(ws->pipelines.first().id));

        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("workspace.yaml"));
        QString error;
        QVERIFY2(WorkspaceWriter::writeFile(*ws, path, &error), qPrintable(error));
        const WorkspaceLoadResult read = WorkspaceReader::readFile(path);
        QVERIFY2(read.ok(), qPrintable(formatDiagnostics(read.diagnostics)));
        QCOMPARE(*read.workspace, *ws);
        const auto target = read.workspace->slaPolicies.first().target(Severity::Critical);
        QCOMPARE(target->responseSeconds, 30 * 60);
        QCOMPARE(target->resolutionSeconds, 4 * 3600);

        // One person alone has nobody to escalate to.
        StarterWorkspace alone = answers();
        alone.people = QStringLiteral("Amara Okafor <amara@example.org>");
        QVERIFY(!alone.build(&problems));
        QVERIFY(problems.first().contains(QStringLiteral("at least two people")));
    }

    void namesWhatItCannotUse()
    {
        StarterWorkspace bad = answers();
        bad.people = QStringLiteral("Amara Okafor <amara@example.org>\nBruno, bruno at example");
        bad.timeZone = QStringLiteral("Mars/Olympus");
        bad.pipelineName = QStringLiteral("  ");
        QStringList problems;
        QVERIFY(!bad.build(&problems));
        QCOMPARE(problems.size(), 3);
        QVERIFY(problems.join(QLatin1Char('|')).contains(QStringLiteral("People, line 2")));
        QVERIFY(problems.join(QLatin1Char('|')).contains(QStringLiteral("Mars/Olympus")));
        QVERIFY(problems.join(QLatin1Char('|')).startsWith(QStringLiteral("Pipeline:")));
        StarterWorkspace nobody = answers();
        nobody.people.clear();
        QVERIFY(!nobody.build(&problems));
        QVERIFY(problems.first().startsWith(QStringLiteral("People:")));
    }
};

QTEST_GUILESS_MAIN(tst_StarterWorkspace)
#include "tst_starterworkspace.moc"
