#include "pgtestdatabase.h"
#include "storage/database.h"
#include "storage/runbooksearch.h"
#include "storage/workspacestore.h"
#include "workspace/workspacereader.h"

#include <QSqlQuery>
#include <QtTest>

#include <memory>

using namespace wk;

// The same searches on both backends: FTS5 in embedded mode, PostgreSQL text search in team mode.
class tst_RunbookSearch : public QObject
{
    Q_OBJECT
private:
    Workspace m_demo;
    std::unique_ptr<test::PgTestDatabase> m_pg;
    std::unique_ptr<Database> m_db;

    std::unique_ptr<RunbookSearch> make()
    {
        QFETCH_GLOBAL(QString, backend);
        QString error;
        if (backend == QLatin1String("sqlite")) {
            auto s = RunbookSearch::embedded(m_demo, &error);
            if (!s)
                qWarning() << error;
            return s;
        }
        m_pg = std::make_unique<test::PgTestDatabase>();
        if (!m_pg->isValid()) {
            qWarning() << m_pg->error();
            return nullptr;
        }
        m_db = Database::open(m_pg->url(), &error);
        if (!m_db || !WorkspaceStore(*m_db).importWorkspace(m_demo, &error)) {
            qWarning() << error;
            return nullptr;
        }
        return RunbookSearch::postgres(*m_db, &error);
    }

    static QStringList ids(const QList<RunbookHit> &hits)
    {
        QStringList out;
        for (const RunbookHit &h : hits)
            out << h.pipelineId;
        return out;
    }

private slots:
    void initTestCase_data()
    {
        QTest::addColumn<QString>("backend");
        QTest::newRow("sqlite") << QStringLiteral("sqlite");
        QTest::newRow("postgres") << QStringLiteral("postgres");
    }

    void initTestCase()
    {
        m_demo = *WorkspaceReader::readFile(
                      QStringLiteral(WK_SOURCE_DIR "/resources/demo/workspace.yaml"))
                      .workspace;
    }

    void cleanup()
    {
        m_db.reset();
        m_pg.reset();
    }

    void findsAndHighlights()
    {
        auto search = make();
        QVERIFY(search);
        // Only the profit-unit runbook talks about the processor's fee export.
        QList<RunbookHit> hits = search->search(QStringLiteral("fee export"));
        QCOMPARE(ids(hits), QStringList{QStringLiteral("profit-unit")});
        if (m_db) {
            // The server ends the session (a restart, a network drop): the next search
            // opens a new one instead of finding nothing from then on.
            QSqlQuery who(m_db->connection());
            QVERIFY(who.exec(QStringLiteral("SELECT pg_backend_pid()")) && who.next());
            const qint64 pid = who.value(0).toLongLong();
            QString error;
            auto admin = Database::open(m_pg->url(), &error);
            QVERIFY2(admin, qPrintable(error));
            QSqlQuery kill(admin->connection());
            QVERIFY(kill.exec(QStringLiteral("SELECT pg_terminate_backend(%1, 5000)").arg(pid)));
            QCOMPARE(ids(search->search(QStringLiteral("fee export"))),
                     QStringList{QStringLiteral("profit-unit")});
        }
        QVERIFY2(hits.first().snippetHtml.contains(QStringLiteral("<b>")),
                 qPrintable(hits.first().snippetHtml));
        QCOMPARE(hits.first().title, QStringLiteral("Profit, unit level"));

        // Results as you type: "stal" already finds "stale".
        hits = search->search(QStringLiteral("stal"));
        QVERIFY(ids(hits).contains(QStringLiteral("engagement-aggregate")));

        // Every word must match.
        QVERIFY(search->search(QStringLiteral("fee stitching")).isEmpty());
        QVERIFY(ids(search->search(QStringLiteral("duplicate")))
                    .contains(QStringLiteral("profit-unit")));
    }

    void userTextIsNeverSyntax()
    {
        auto search = make();
        QVERIFY(search);
        for (const QString &text :
             {QStringLiteral("\""), QStringLiteral("NOT"), QStringLiteral("a OR"),
              QStringLiteral("(*)"), QStringLiteral("'; DROP TABLE runbooks; --"),
              QStringLiteral("   "), QStringLiteral("title:x")})
            search->search(text);                                      // no error, no crash
        QVERIFY(!search->search(QStringLiteral("restart")).isEmpty()); // still there
        // Markup in a runbook is shown, not interpreted.
        QCOMPARE(RunbookSearch::markup(QStringLiteral("<i>x</i> \u0001y\u0002")),
                 QStringLiteral("&lt;i&gt;x&lt;/i&gt; <b>y</b>"));
        // Markdown marks are not shown raw in a snippet.
        QCOMPARE(RunbookSearch::markup(QStringLiteral("## Key actions\n- **Restart** the "
                                                      "\u0001loader\u0002 with `make load`")),
                 QStringLiteral("Key actions\nRestart the <b>loader</b> with make load"));
    }
};

QTEST_GUILESS_MAIN(tst_RunbookSearch)
#include "tst_runbooksearch.moc"
