#include "demoworkspace.h"
#include "domain/alertoutcome.h"
#include "domain/clock.h"
#include "engine/alertbook.h"
#include "report/ruleoutcomes.h"
#include "workspace/workspacereader.h"
#include "workspace/workspacewriter.h"

#include <QtTest>

using namespace wk;

namespace {

const TimestampNs start = 1767225600LL * nanosPerSecond;
const qint64 minute = 60 * nanosPerSecond;

AlertCondition burst(const QString &subject, const QString &rule = QStringLiteral("burst-a"))
{
    AlertCondition c;
    c.ruleId = rule;
    c.ruleKind = QStringLiteral("burst");
    c.pipelineId = QStringLiteral("engagement-aggregate");
    c.subject = subject;
    c.title = QStringLiteral("burst for ") + subject;
    c.severity = Severity::High;
    c.count = 5;
    return c;
}

AlertOutcome noise(AlertOutcome::Reason reason, const QString &note = {})
{
    AlertOutcome o;
    o.kind = AlertOutcome::Kind::Noise;
    o.reason = reason;
    o.note = note;
    return o;
}

} // namespace

class tst_AlertOutcome : public QObject
{
    Q_OBJECT
private slots:
    void storedTextRoundTrips()
    {
        AlertOutcome o = noise(AlertOutcome::Reason::Duplicate, QStringLiteral("#12 «same» 😀"));
        o.by = QStringLiteral("chen");
        o.at = start + 7;
        const std::optional<AlertOutcome> back = AlertOutcome::fromStored(o.toStored());
        QVERIFY(back);
        QCOMPARE(*back, o);
        // An unmarked outcome stores nothing and reads back unmarked.
        QCOMPARE(AlertOutcome().toStored(), QString());
        QVERIFY(!AlertOutcome::fromStored(QString())->isMarked());
        for (AlertOutcome::Kind k : {AlertOutcome::Kind::Actionable, AlertOutcome::Kind::WontFix,
                                     AlertOutcome::Kind::ResolvedByItself}) {
            AlertOutcome m;
            m.kind = k;
            m.by = QStringLiteral("amara");
            m.at = 1;
            QCOMPARE(AlertOutcome::fromStored(m.toStored())->kind, k);
            QCOMPARE(outcomeKindFromName(outcomeKindName(k)), k);
        }
    }

    void unreadableStoredTextSaysWhy_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("problem");
        QTest::newRow("not json") << "{kind"
                                  << "unreadable outcome";
        QTest::newRow("unknown kind") << R"({"kind":"meh","by":"a","at":"1"})"
                                      << "kind 'meh'";
        QTest::newRow("no one") << R"({"kind":"noise","reason":"flapping","at":"1"})"
                                << "nobody marked it";
        QTest::newRow("bad reason") << R"({"kind":"noise","reason":"bored","by":"a","at":"1"})"
                                    << "reason 'bored'";
        QTest::newRow("no time") << R"({"kind":"actionable","by":"a"})"
                                 << "no time";
    }

    void unreadableStoredTextSaysWhy()
    {
        QFETCH(QString, text);
        QFETCH(QString, problem);
        QString error;
        QVERIFY(!AlertOutcome::fromStored(text, &error));
        QVERIFY2(error.contains(problem), qPrintable(error));
    }

    // What an unmarked alert's history says, case by case.
    void historySaysHowItEnded()
    {
        Workspace ws = test::demoWorkspace();
        ws.outcomes.resolvedByItselfWithinSeconds = 30 * 60;
        ManualClock clock(start);
        AlertBook book(ws, clock);

        const qint64 open = book.fire(burst(QStringLiteral("open")));
        QCOMPARE(outcomeOf(*book.alert(open), ws).kind, AlertOutcome::Kind::Unknown);

        const qint64 acked = book.fire(burst(QStringLiteral("acked")));
        QVERIFY(book.acknowledge(acked, QStringLiteral("chen")));
        book.clear(burst(QStringLiteral("acked")).dedupKey());

        const qint64 byPerson = book.fire(burst(QStringLiteral("person")));
        QVERIFY(book.resolve(byPerson, QStringLiteral("chen")));

        const qint64 quick = book.fire(burst(QStringLiteral("quick")));
        const qint64 slow = book.fire(burst(QStringLiteral("slow")));
        const qint64 leftAlone = book.fire(burst(QStringLiteral("left")));
        QVERIFY(book.wontFix(leftAlone, QStringLiteral("chen")));
        clock.advance(30 * minute);
        book.clear(burst(QStringLiteral("quick")).dedupKey()); // just within the window
        // Another tool resolving its alert is the problem going away, not a person acting.
        const qint64 external = book.fire(burst(QStringLiteral("external")));
        book.clear(burst(QStringLiteral("external")).dedupKey(), QStringLiteral("alertmanager"),
                   QStringLiteral("resolved in alertmanager"));
        clock.advance(minute);
        book.clear(burst(QStringLiteral("slow")).dedupKey()); // 31 minutes: past it

        const AlertOutcome a = outcomeOf(*book.alert(acked), ws);
        QCOMPARE(a.kind, AlertOutcome::Kind::Actionable);
        QVERIFY2(a.why.contains(ws.personName(QStringLiteral("chen"))), qPrintable(a.why));
        QVERIFY(!a.isMarked());
        QCOMPARE(outcomeOf(*book.alert(byPerson), ws).kind, AlertOutcome::Kind::Actionable);
        QCOMPARE(outcomeOf(*book.alert(leftAlone), ws).kind, AlertOutcome::Kind::WontFix);
        const AlertOutcome q = outcomeOf(*book.alert(quick), ws);
        QCOMPARE(q.kind, AlertOutcome::Kind::ResolvedByItself);
        QVERIFY2(q.why.contains(QStringLiteral("30m")), qPrintable(q.why));
        QCOMPARE(outcomeOf(*book.alert(external), ws).kind, AlertOutcome::Kind::ResolvedByItself);
        const AlertOutcome s = outcomeOf(*book.alert(slow), ws);
        QCOMPARE(s.kind, AlertOutcome::Kind::Unknown);
        QVERIFY2(s.why.contains(QStringLiteral("mark how it ended")), qPrintable(s.why));

        // A wider window makes the slow one resolved by itself too.
        ws.outcomes.resolvedByItselfWithinSeconds = 3600;
        QCOMPARE(outcomeOf(*book.alert(slow), ws).kind, AlertOutcome::Kind::ResolvedByItself);
    }

    void markingAnOpenAlertEndsIt()
    {
        const Workspace ws = test::demoWorkspace();
        ManualClock clock(start);
        AlertBook book(ws, clock);
        const qint64 id = book.fire(burst(QStringLiteral("u1")));
        clock.advance(minute);
        QString error;
        AlertOutcome byItself;
        byItself.kind = AlertOutcome::Kind::ResolvedByItself;
        QVERIFY(!book.markOutcome(id, byItself, QStringLiteral("chen"), &error));
        QVERIFY2(error.contains(QStringLiteral("not resolved itself")), qPrintable(error));
        QVERIFY(!book.markOutcome(id, noise(AlertOutcome::Reason::Other), QStringLiteral("chen"),
                                  &error));
        QVERIFY2(error.contains(QStringLiteral("reason in words")), qPrintable(error));
        QVERIFY(!book.markOutcome(id, noise(AlertOutcome::Reason::Duplicate),
                                  QStringLiteral("chen"), &error));
        QVERIFY(!book.markOutcome(id, noise(AlertOutcome::Reason::Flapping), QString(), &error));
        QVERIFY(book.alert(id)->isOpen()); // nothing refused changed anything
        QCOMPARE(book.alert(id)->timeline.size(), 1);

        book.takeChanges();
        QVERIFY(book.markOutcome(id, noise(AlertOutcome::Reason::Flapping), QStringLiteral("chen"),
                                 &error));
        const Alert &a = *book.alert(id);
        QCOMPARE(a.state, AlertState::Resolved);
        QCOMPARE(a.resolvedAt.value(), start + minute);
        QCOMPARE(a.outcome.kind, AlertOutcome::Kind::Noise);
        QCOMPARE(a.outcome.by, QStringLiteral("chen"));
        QCOMPARE(a.outcome.at, start + minute);
        QCOMPARE(a.timeline.last().action, QStringLiteral("outcome"));
        QCOMPARE(a.timeline.last().detail, QStringLiteral("noise (flapping)"));
        QCOMPARE(book.openCount(), 0);
        QCOMPARE(book.takeChanges().size(), 1);

        // Marked wins over what the history says, and a correction says what it corrects.
        clock.advance(minute);
        AlertOutcome fixed;
        fixed.kind = AlertOutcome::Kind::Actionable;
        fixed.note = QStringLiteral("restarted the loader");
        QVERIFY(book.markOutcome(id, fixed, QStringLiteral("amara"), &error));
        QCOMPARE(outcomeOf(*book.alert(id), ws).kind, AlertOutcome::Kind::Actionable);
        QCOMPARE(book.alert(id)->timeline.last().action, QStringLiteral("outcome corrected"));
        QCOMPARE(book.alert(id)->timeline.last().detail,
                 QStringLiteral("actionable: restarted the loader (was noise (flapping))"));

        // Won't fix on an open alert closes it as won't fix.
        const qint64 w = book.fire(burst(QStringLiteral("u2")));
        AlertOutcome wont;
        wont.kind = AlertOutcome::Kind::WontFix;
        QVERIFY(book.markOutcome(w, wont, QStringLiteral("chen"), &error));
        QCOMPARE(book.alert(w)->state, AlertState::WontFix);
    }

    void workspaceSetsTheWindow()
    {
        const QByteArray yaml = "version: 1\nname: t\noutcomes:\n  resolved_by_itself_within: 20m\n"
                                "  keep_events_for: 30d\n";
        const auto r = WorkspaceReader::readText(yaml, QStringLiteral("w.yaml"));
        QVERIFY2(r.workspace,
                 qPrintable(r.diagnostics.isEmpty() ? QString() : r.diagnostics.first().message));
        QCOMPARE(r.workspace->outcomes.resolvedByItselfWithinSeconds, 20 * 60);
        QCOMPARE(r.workspace->outcomes.keepEventsSeconds, 30 * 86400);
        // Written and read back the same.
        const auto again = WorkspaceReader::readText(WorkspaceWriter::toYaml(*r.workspace),
                                                     QStringLiteral("w.yaml"));
        QVERIFY(again.workspace);
        QCOMPARE(again.workspace->outcomes, r.workspace->outcomes);

        const auto bad = WorkspaceReader::readText(
            "version: 1\nname: t\noutcomes:\n  resolved_by_itself_within: 9d\n  window: 2\n"
            "  keep_events_for: 2y\n",
            QStringLiteral("w.yaml"));
        QVERIFY(!bad.workspace);
        QCOMPARE(bad.diagnostics.size(), 3);
        QCOMPARE(bad.diagnostics.at(0).line, 4);
        QVERIFY2(bad.diagnostics.at(0).message.contains(QStringLiteral("from 1s to 7d")),
                 qPrintable(bad.diagnostics.at(0).message));
        QCOMPARE(bad.diagnostics.at(1).line, 5);
        QCOMPARE(bad.diagnostics.at(2).line, 6);
    }

    void rulesAreTalliedFalseAlarmsFirst()
    {
        const Workspace ws = test::demoWorkspace();
        ManualClock clock(start);
        AlertBook book(ws, clock);
        const qint64 n1 = book.fire(burst(QStringLiteral("a"), QStringLiteral("noisy")));
        const qint64 n2 = book.fire(burst(QStringLiteral("b"), QStringLiteral("noisy")));
        const qint64 ok = book.fire(burst(QStringLiteral("c"), QStringLiteral("good")));
        book.fire(burst(QStringLiteral("d"), QStringLiteral("good"))); // still open: not counted
        book.fire(burst(QStringLiteral("e"), QStringLiteral("noisy")));
        QVERIFY(
            book.markOutcome(n1, noise(AlertOutcome::Reason::Flapping), QStringLiteral("chen")));
        clock.advance(minute);
        book.clear(burst(QStringLiteral("b"), QStringLiteral("noisy")).dedupKey());
        QVERIFY(book.resolve(ok, QStringLiteral("chen")));
        Q_UNUSED(n2);

        const QList<RuleOutcomes> t = RuleOutcomes::tally(book.alerts(), ws, 0);
        QCOMPARE(t.size(), 2);
        QCOMPARE(t.at(0).ruleId, QStringLiteral("noisy"));
        QCOMPARE(t.at(0).ended, 2);
        QCOMPARE(t.at(0).noise, 1);
        QCOMPARE(t.at(0).byItself, 1);
        QCOMPARE(t.at(0).falseAlarmShare(), 1.0);
        QCOMPARE(t.at(1).ruleId, QStringLiteral("good"));
        QCOMPARE(t.at(1).actionable, 1);
        QCOMPARE(t.at(1).falseAlarmShare(), 0.0);
        // Raised before the span: left out.
        QVERIFY(RuleOutcomes::tally(book.alerts(), ws, start + 1).isEmpty());
    }
};

QTEST_GUILESS_MAIN(tst_AlertOutcome)
#include "tst_alertoutcome.moc"
