#include "demoworkspace.h"
#include "pgtestdatabase.h"
#include "runbookhitmodel.h"
#include "runbooksearcher.h"
#include "storage/database.h"
#include "storage/runbooksearch.h"
#include "storage/workspacestore.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QThread>
#include <QtTest>

using namespace wk;

namespace {

QStringList ids(const QList<RunbookHit> &hits)
{
    QStringList out;
    for (const RunbookHit &h : hits)
        out << h.pipelineId;
    return out;
}

// The hits found() gave for a token, once they arrive.
QList<RunbookHit> answerTo(QSignalSpy &spy, quint64 token)
{
    for (int waited = 0; waited < 100; ++waited) {
        for (const QList<QVariant> &call : std::as_const(spy))
            if (call.at(0).toULongLong() == token)
                return call.at(1).value<QList<RunbookHit>>();
        spy.wait(100);
    }
    return {{QStringLiteral("no answer"), {}, {}}};
}

} // namespace

class tst_RunbookSearcher : public QObject
{
    Q_OBJECT
private slots:
    // The searcher finds what the search itself finds, and not on the GUI thread.
    void answersOffTheGuiThread()
    {
        const Workspace demo = test::demoWorkspace();
        auto searcher = RunbookSearcher::embedded(demo);
        QThread *answeredOn = nullptr;
        connect(
            searcher.get(), &RunbookSearcher::found, this,
            [&](quint64, const QList<RunbookHit> &) { answeredOn = QThread::currentThread(); },
            Qt::DirectConnection);
        QSignalSpy found(searcher.get(), &RunbookSearcher::found);
        const quint64 token = searcher->search(QStringLiteral("fee exp"));
        const QList<RunbookHit> hits = answerTo(found, token);
        QString error;
        const auto direct = RunbookSearch::embedded(demo, &error);
        QVERIFY2(direct, qPrintable(error));
        QCOMPARE(hits, direct->search(QStringLiteral("fee exp")));
        QCOMPARE(ids(hits), QStringList{QStringLiteral("profit-unit")});
        QVERIFY(answeredOn != nullptr);
        QVERIFY(answeredOn != QThread::currentThread());
    }

    // Requests overtaken before they ran are not run; the newest is always answered, and
    // answers come in the order asked.
    void theNewestRequestIsAnswered()
    {
        auto searcher = RunbookSearcher::embedded(test::demoWorkspace());
        QSignalSpy found(searcher.get(), &RunbookSearcher::found);
        quint64 last = 0;
        const QStringList typing = {QStringLiteral("f"),      QStringLiteral("fe"),
                                    QStringLiteral("fee"),    QStringLiteral("fee "),
                                    QStringLiteral("fee e"),  QStringLiteral("fee ex"),
                                    QStringLiteral("fee exp")};
        for (const QString &text : typing)
            last = searcher->search(text);
        QCOMPARE(ids(answerTo(found, last)), QStringList{QStringLiteral("profit-unit")});
        quint64 previous = 0;
        for (const QList<QVariant> &call : std::as_const(found)) {
            QVERIFY(call.at(0).toULongLong() > previous);
            previous = call.at(0).toULongLong();
        }
        QVERIFY(found.size() <= typing.size());
    }

    // Team mode: the shared database, on a connection the search thread opened itself.
    void searchesTheTeamDatabase()
    {
        test::PgTestDatabase pg;
        QVERIFY2(pg.isValid(), qPrintable(pg.error()));
        QString error;
        {
            auto db = Database::open(pg.url(), &error);
            QVERIFY2(db && WorkspaceStore(*db).importWorkspace(test::demoWorkspace(), &error),
                     qPrintable(error));
        }
        auto searcher = RunbookSearcher::team(pg.url());
        QSignalSpy found(searcher.get(), &RunbookSearcher::found);
        QSignalSpy unavailable(searcher.get(), &RunbookSearcher::unavailable);
        QCOMPARE(ids(answerTo(found, searcher->search(QStringLiteral("fee exp")))),
                 QStringList{QStringLiteral("profit-unit")});
        QCOMPARE(unavailable.size(), 0);
        searcher.reset(); // closes its connection on its own thread, before the database goes

        auto nowhere = RunbookSearcher::team(QStringLiteral("postgresql://nobody@127.0.0.1:1/x"));
        QSignalSpy refused(nowhere.get(), &RunbookSearcher::unavailable);
        QSignalSpy empty(nowhere.get(), &RunbookSearcher::found);
        QVERIFY(answerTo(empty, nowhere->search(QStringLiteral("fee"))).isEmpty());
        QCOMPARE(refused.size(), 1);
    }

    void hitModelServesTitlesSnippetsAndPipelines()
    {
        RunbookHitModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setHits({{QStringLiteral("a"), QStringLiteral("Fees late"),
                        QStringLiteral("the <b>fee</b> table")},
                       {QStringLiteral("b"), QStringLiteral("Lag"), QString()}});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0).data().toString(), QStringLiteral("Fees late"));
        QCOMPARE(model.index(0).data(RunbookHitModel::PipelineRole).toString(),
                 QStringLiteral("a"));
        QCOMPARE(model.index(0).data(RunbookHitModel::SnippetHtmlRole).toString(),
                 QStringLiteral("the <b>fee</b> table"));
        model.setHits({});
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_MAIN(tst_RunbookSearcher)
#include "tst_runbooksearcher.moc"
