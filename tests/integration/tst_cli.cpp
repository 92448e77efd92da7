#include "pgtestdatabase.h"
#include "workspace/workspacereader.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace wk;

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run watchkeeper(const QStringList &arguments, const QString &home = {})
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    if (!home.isEmpty()) {
        env.insert(QStringLiteral("HOME"), home);
        env.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/.local/share"));
    }
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(WK_BINARY), arguments);
    if (!p.waitForFinished(120000))
        return {};
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
            QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

const QString demoPath = QStringLiteral(WK_SOURCE_DIR "/resources/demo/workspace.yaml");

} // namespace

class tst_Cli : public QObject
{
    Q_OBJECT
private slots:
    void versionAndHelp()
    {
        Run r = watchkeeper({QStringLiteral("--version")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.startsWith(QStringLiteral("watchkeeper ")));
        r = watchkeeper({QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(QStringLiteral("validate")));
        r = watchkeeper({QStringLiteral("frobnicate")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains(QStringLiteral("unknown command 'frobnicate'")));
    }

    void validateNamesEachErrorsLine()
    {
        QTemporaryDir dir;
        QFile in(demoPath);
        QVERIFY(in.open(QIODevice::ReadOnly));
        QByteArray yaml = in.readAll();
        const qsizetype typo = yaml.indexOf("    criticality: critical");
        const int typoLine = yaml.left(typo).count('\n') + 1;
        yaml.replace(typo, 25, "    criticality: urgent");
        yaml.replace("owners: {primary: dana, secondary: chen}",
                     "owners: {primary: dana, secondary: eve}");
        const QString path = dir.filePath(QStringLiteral("broken.yaml"));
        QFile out(path);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(yaml);
        out.close();

        Run r = watchkeeper({QStringLiteral("validate"), path});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("%1:%2:18: error: 'criticality' of pipeline "
                                               "'profit-aggregate' must be critical, high or "
                                               "medium, not 'urgent'")
                                    .arg(path)
                                    .arg(typoLine)),
                 qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("unknown person 'eve'")), qPrintable(r.err));
        QVERIFY(r.err.contains(QStringLiteral("2 problem(s) found")));

        r = watchkeeper({QStringLiteral("validate"), demoPath});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(QStringLiteral("ok")));
    }

    void importExportSqlite()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("store.sqlite"));
        Run r = watchkeeper({QStringLiteral("import"), demoPath, QStringLiteral("--database"), db});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QString exported = dir.filePath(QStringLiteral("exported.yaml"));
        r = watchkeeper({QStringLiteral("export"), QStringLiteral("--database"), db,
                         QStringLiteral("-o"), exported});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(*WorkspaceReader::readFile(exported).workspace,
                 *WorkspaceReader::readFile(demoPath).workspace);

        // A broken file is refused and the stored workspace stays as it was.
        const QString broken = dir.filePath(QStringLiteral("broken.yaml"));
        QFile f(broken);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("version: 1\nname: Broken\npipelines:\n  - id: x\n");
        f.close();
        r = watchkeeper({QStringLiteral("import"), broken, QStringLiteral("--database"), db});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains(QStringLiteral("nothing was changed")));
        r = watchkeeper({QStringLiteral("export"), QStringLiteral("--database"), db});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(QStringLiteral("Lumen Analytics")));
    }

    void defaultStoreIsInTheUserDataDirectory()
    {
        QTemporaryDir home;
        Run r = watchkeeper({QStringLiteral("import"), demoPath}, home.path());
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(QFile::exists(home.filePath(
                     QStringLiteral(".local/share/Watchkeeper/watchkeeper/watchkeeper.sqlite"))),
                 qPrintable(r.out));
    }

    void importExportPostgres()
    {
        test::PgTestDatabase pg;
        QVERIFY2(pg.isValid(), qPrintable(pg.error()));
        Run r = watchkeeper({QStringLiteral("import"), demoPath, QStringLiteral("-d"), pg.url()});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        r = watchkeeper({QStringLiteral("export"), QStringLiteral("-d"), pg.url()});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const auto reread = WorkspaceReader::readText(r.out.toUtf8(), QStringLiteral("stdout"));
        QVERIFY(reread.ok());
        QCOMPARE(*reread.workspace, *WorkspaceReader::readFile(demoPath).workspace);
    }

    void unreachableStore()
    {
        Run r = watchkeeper({QStringLiteral("export"), QStringLiteral("-d"),
                             QStringLiteral("postgresql://x@127.0.0.1:1/none")});
        QCOMPARE(r.exitCode, 3);
        QVERIFY(r.err.contains(QStringLiteral("cannot connect")));
    }
};

QTEST_GUILESS_MAIN(tst_Cli)
#include "tst_cli.moc"
