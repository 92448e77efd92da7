#include "demoworkspace.h"
#include "workspace/workspacereader.h"
#include "workspace/workspacewriter.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace wk;

namespace {
Workspace demo()
{
    return test::demoWorkspace();
}
} // namespace

class tst_WorkspaceWriter : public QObject
{
    Q_OBJECT
private slots:
    void demoRoundTrips()
    {
        const Workspace original = demo();
        const QByteArray yaml = WorkspaceWriter::toYaml(original);
        const auto reread = WorkspaceReader::readText(yaml, QStringLiteral("saved.yaml"));
        QVERIFY2(reread.ok(), qPrintable(formatDiagnostics(reread.diagnostics) + "\n" + yaml));
        QCOMPARE(*reread.workspace, original);
        // Saving what was read back gives the same bytes: saves do not drift.
        QCOMPARE(WorkspaceWriter::toYaml(*reread.workspace), yaml);
    }

    void awkwardValuesRoundTrip_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("no trailing newline") << "Restart the job";
        QTest::newRow("blank lines at end") << "Restart\n\n\n";
        QTest::newRow("leading spaces") << "   indented first line\nsecond\n";
        QTest::newRow("looks like a number") << "0123";
        QTest::newRow("looks like a bool") << "yes";
        QTest::newRow("yaml syntax") << "key: [value, {x: y}] # not a comment";
        QTest::newRow("quotes and backslashes") << "say \"hi\" \\ 'there'";
        QTest::newRow("unicode") << "Prüfung — 监控 ✓";
        QTest::newRow("carriage returns") << "line one\r\nline two\r\n";
        QTest::newRow("tab") << "a\tb\n";
        QTest::newRow("empty") << "";
    }

    void awkwardValuesRoundTrip()
    {
        QFETCH(QString, text);
        Workspace ws = demo();
        ws.runbooks[0].markdown = text;
        ws.pipelines[0].description = text;
        ws.customers[0].name = text.isEmpty() ? QStringLiteral("x") : text;
        ws.customers[0].monthlyRevenue = 49.99;
        const QByteArray yaml = WorkspaceWriter::toYaml(ws);
        const auto reread = WorkspaceReader::readText(yaml, QStringLiteral("saved.yaml"));
        // An empty runbook body is invalid on purpose; everything else must read back.
        if (text.isEmpty()) {
            QVERIFY(!reread.ok());
            return;
        }
        QVERIFY2(reread.ok(), qPrintable(formatDiagnostics(reread.diagnostics) + "\n" + yaml));
        QCOMPARE(reread.workspace->runbooks[0].markdown, text);
        QCOMPARE(reread.workspace->pipelines[0].description, text);
        QCOMPARE(*reread.workspace, ws);
    }

    void writeFileIsAtomic()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("ws.yaml"));
        QString error;
        QVERIFY2(WorkspaceWriter::writeFile(demo(), path, &error), qPrintable(error));
        QCOMPARE(*WorkspaceReader::readFile(path).workspace, demo());
        QVERIFY(!WorkspaceWriter::writeFile(
            demo(), dir.filePath(QStringLiteral("no/such/dir.yaml")), &error));
        QVERIFY(error.contains(QStringLiteral("cannot write")));
    }
};

QTEST_GUILESS_MAIN(tst_WorkspaceWriter)
#include "tst_workspacewriter.moc"
