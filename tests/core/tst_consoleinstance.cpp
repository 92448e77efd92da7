#include "cli.h"
#include "consoleinstance.h"

#include <QSignalSpy>
#include <QTemporaryFile>
#include <QtTest>

using namespace wk;

class tst_ConsoleInstance : public QObject
{
    Q_OBJECT

private slots:
    void readsAlertLinks()
    {
        QCOMPARE(ConsoleInstance::alertIdFromUrl(QStringLiteral("watchkeeper://alert/42")),
                 std::optional<qint64>(42));
        QCOMPARE(ConsoleInstance::alertIdFromUrl(QStringLiteral("watchkeeper://alert/7/")),
                 std::optional<qint64>(7));
        for (const char *bad :
             {"watchkeeper://alert/", "watchkeeper://alert/x1", "watchkeeper://rota/3",
              "https://alert/3", "/tmp/w.yaml", "watchkeeper://alert/1/2", ""})
            QVERIFY2(!ConsoleInstance::alertIdFromUrl(QLatin1String(bad)), bad);
    }

    // A link or a file as the first argument starts the window; a word is a command.
    void linksAndFilesAreForTheWindow()
    {
        const QString program = QStringLiteral("watchkeeper");
        QVERIFY(!cli::isHeadless({program, QStringLiteral("watchkeeper://alert/3")}));
        QTemporaryFile file;
        QVERIFY(file.open());
        QVERIFY(!cli::isHeadless({program, file.fileName()}));
        QVERIFY(!cli::isHeadless({program, QStringLiteral("--workspace"), file.fileName()}));
        QVERIFY(cli::isHeadless({program, QStringLiteral("validate")}));
        QVERIFY(cli::isHeadless({program, QStringLiteral("frobnicate")}));
        QVERIFY(cli::isHeadless(
            {program, QStringLiteral("watchkeeper://alert/3"), QStringLiteral("--help")}));
    }

    // A second start hands its link to the running console, which opens the alert; with no
    // console running (or only a crashed one's socket left), the link starts one.
    void secondStartHandsTheLinkOver()
    {
        const QString name =
            QStringLiteral("wk-test-links-%1").arg(QCoreApplication::applicationPid());
        QVERIFY(!ConsoleInstance::handOver(QStringLiteral("watchkeeper://alert/1"), name));
        {
            ConsoleInstance running(name);
            QVERIFY(running.listen());
            QSignalSpy requested(&running, &ConsoleInstance::alertRequested);
            ConsoleInstance second(name);
            QVERIFY(!second.listen()); // one console takes links
            QVERIFY(ConsoleInstance::handOver(QStringLiteral("watchkeeper://alert/42"), name));
            QVERIFY(ConsoleInstance::handOver(QStringLiteral("watchkeeper://nonsense"), name));
            QVERIFY(requested.wait(3000) || requested.size() == 1);
            QTest::qWait(200);
            QCOMPARE(requested.size(), 1);
            QCOMPARE(requested.first().first().toLongLong(), 42);
        }
        QVERIFY(!ConsoleInstance::handOver(QStringLiteral("watchkeeper://alert/1"), name));
        ConsoleInstance next(name);
        QVERIFY(next.listen());
    }
};

QTEST_GUILESS_MAIN(tst_ConsoleInstance)
#include "tst_consoleinstance.moc"
