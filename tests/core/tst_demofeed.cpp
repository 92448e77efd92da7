#include "domain/clock.h"
#include "engine/engine.h"
#include "sources/demofeed.h"
#include "workspace/workspacereader.h"

#include <QSignalSpy>
#include <QtTest>

using namespace wk;

// The demo must come alive: over two hours of its (fast-forwarded) time the generated feed
// raises alerts through the demo's own rules, and some escalate and some resolve.
class tst_DemoFeed : public QObject
{
    Q_OBJECT
private slots:
    void raisesEscalatesAndResolves()
    {
        Workspace ws = *WorkspaceReader::readFile(
                            QStringLiteral(WK_SOURCE_DIR "/resources/demo/workspace.yaml"))
                            .workspace;
        for (Rule &r : ws.rules) { // the owner files live next to a prepared demo, not here
            r.users.clear();
            r.teams.clear();
        }
        ManualClock clock(1767225600LL * nanosPerSecond);
        Engine engine(ws, QString(), clock);
        QVERIFY(engine.prepare(nullptr));
        DemoFeed feed(clock, 240);
        connect(&feed, &DemoFeed::events, &feed,
                [&](const QList<Event> &events) { engine.ingest(events); });
        for (int step = 0; step < 600; ++step) {
            clock.advance(12 * nanosPerSecond); // one real second at the demo's default ×12
            feed.step();
            engine.evaluate();
        }
        int bursts = 0, escalated = 0, resolved = 0;
        for (const Alert &a : engine.book().alerts()) {
            bursts += a.ruleKind == QLatin1String("burst");
            escalated += a.escalated;
            resolved += a.state == AlertState::Resolved;
        }
        QVERIFY2(bursts >= 5, qPrintable(QString::number(bursts)));
        QVERIFY(escalated >= 1);
        QVERIFY(resolved >= 3);
        QVERIFY(engine.duplicatesDropped() > 0); // the feed repeats deliveries now and then
    }
};

QTEST_GUILESS_MAIN(tst_DemoFeed)
#include "tst_demofeed.moc"
