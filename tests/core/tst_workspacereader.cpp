#include "domain/duration.h"
#include "domain/timestamp.h"
#include "selfsignedcertificate.h"
#include "workspace/workspacereader.h"
#include "workspace/workspacewriter.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace wk;

namespace {

// A small valid workspace; the broken cases below each change one thing in it.
const char *const validYaml = R"(version: 1
name: Tiny
people:
  - {id: ann, name: Ann, email: ann@example.com, timezone: Europe/Berlin}
  - {id: bob, name: Bob, email: bob@example.com, timezone: UTC}
sla_policies:
  - id: std
    freshness: 48h
    availability: 99.5
    response: {critical: 30m, high: 2h, medium: 6h}
    resolution: {critical: 4h, high: 12h, medium: 24h}
pipelines:
  - id: raw
    name: Raw
    criticality: high
    owners: {primary: ann, secondary: bob}
  - id: agg
    name: Aggregate
    criticality: critical
    upstream: [raw]
    owners: {primary: bob, secondary: ann}
    sla: std
runbooks:
  - pipeline: agg
    title: Aggregate
    body: |
      ## Key actions
      Restart it.
sources:
  - {id: ev, kind: csv, path: events.csv, time_column: ts, id_column: event_id}
rules:
  - {id: errs, kind: burst, pipeline: agg, severity: high, source: ev, threshold: 3, window: 2m}
  - {id: fresh, kind: freshness, pipeline: agg, severity: critical, source: ev, warn_after: 1h, error_after: 2h}
  - {id: flow, kind: sequence, pipeline: raw, severity: medium, source: ev, steps: [a, b, c]}
  - {id: nulls, kind: sql, pipeline: raw, severity: medium, connection: "sqlite:x.sqlite", query: SELECT 1}
)";

QByteArray replaced(const char *from, const char *to)
{
    QByteArray text(validYaml);
    Q_ASSERT(text.contains(from));
    return text.replace(from, to);
}

} // namespace

class tst_WorkspaceReader : public QObject
{
    Q_OBJECT
private slots:
    // An sql source's lookback: read, written back, and refused where no rule runs in a
    // warehouse.
    void lookbackOfSqlSources()
    {
        const QByteArray text =
            replaced("  - {id: ev, kind: csv, path: events.csv, time_column: ts, id_column: "
                     "event_id}\n",
                     "  - {id: ev, kind: sql, connection: \"postgresql://dwh/analytics\", table: "
                     "app.events, time_column: ts, lookback: 2h}\n");
        const auto read = WorkspaceReader::readText(text, QStringLiteral("w.yaml"));
        QVERIFY2(read.ok(), qPrintable(formatDiagnostics(read.diagnostics)));
        QCOMPARE(read.workspace->sources.first().lookbackSeconds, 7200);
        QVERIFY(read.workspace->runsInWarehouse(read.workspace->rules.first())); // burst
        QVERIFY(!read.workspace->runsInWarehouse(read.workspace->rules.at(1)));  // freshness
        const QByteArray written = WorkspaceWriter::toYaml(*read.workspace);
        QVERIFY2(written.contains("lookback: 2h"), written.constData());
        QCOMPARE(WorkspaceReader::readText(written, QStringLiteral("w.yaml")).workspace,
                 read.workspace);

        const auto refused = WorkspaceReader::readText(
            replaced("id_column: event_id}", "id_column: event_id, lookback: 1h}"),
            QStringLiteral("w.yaml"));
        QVERIFY(!refused.ok());
        QCOMPARE(refused.diagnostics.first().line, 30);
        QVERIFY2(refused.diagnostics.first().message.contains(
                     QStringLiteral("'lookback' of source 'ev' is for sql sources")),
                 qPrintable(formatDiagnostics(refused.diagnostics)));
    }

    void validWorkspace()
    {
        const auto result = WorkspaceReader::readText(validYaml, QStringLiteral("tiny.yaml"));
        QVERIFY2(result.ok(), qPrintable(formatDiagnostics(result.diagnostics)));
        const Workspace &ws = *result.workspace;
        QCOMPARE(ws.name, QStringLiteral("Tiny"));
        QCOMPARE(ws.people.size(), 2);
        QCOMPARE(ws.pipelines.at(1).upstream, QStringList{QStringLiteral("raw")});
        QCOMPARE(ws.pipelines.at(1).criticality, Severity::Critical);
        const SlaPolicy *std = ws.slaPolicy(QStringLiteral("std"));
        QVERIFY(std);
        QCOMPARE(*std->freshnessMaxAgeSeconds, 48 * 3600);
        QCOMPARE(std->target(Severity::Critical)->responseSeconds, 30 * 60);
        QCOMPARE(std->target(Severity::Medium)->resolutionSeconds, 24 * 3600);
        // 99.5 % availability leaves 0.5 % of a day: 7.2 minutes.
        QCOMPARE(*std->dailyDowntimeBudgetSeconds(), 432.0);
        QCOMPARE(ws.runbook(QStringLiteral("agg"))->markdown,
                 QStringLiteral("## Key actions\nRestart it.\n"));
        QCOMPARE(ws.rules.size(), 4);
        QCOMPARE(ws.rules[0].kind, Rule::Kind::Burst);
        QCOMPARE(ws.rules[0].threshold, 3);
        QCOMPARE(ws.rules[0].windowSeconds, 120);
        QCOMPARE(ws.rules[0].events, (QStringList{"time out", "page not found"})); // the default
        QCOMPARE(*ws.rules[1].errorAfterSeconds, 7200);
        QCOMPARE(ws.rules[2].steps, (QStringList{"a", "b", "c"}));
        QCOMPARE(ws.rules[3].query, QStringLiteral("SELECT 1"));
        QCOMPARE(ws.sources[0].idColumn, QStringLiteral("event_id"));
        QCOMPARE(ws.sources[0].subjectColumn, QStringLiteral("user_id"));
    }

    void demoWorkspaceIsValid()
    {
        const auto result = WorkspaceReader::readFile(
            QStringLiteral(WK_SOURCE_DIR "/resources/demo/workspace.yaml"));
        QVERIFY2(result.ok(), qPrintable(formatDiagnostics(result.diagnostics)));
        const Workspace &ws = *result.workspace;
        QCOMPARE(ws.people.size(), 4);
        QVERIFY(ws.pipelines.size() >= 6);
        // Every pipeline of the demo has a runbook and two different owners.
        for (const Pipeline &p : ws.pipelines) {
            QVERIFY2(ws.runbook(p.id), qPrintable(p.id));
            QVERIFY(p.primaryOwner != p.secondaryOwner);
        }
        QCOMPARE(*ws.slaPolicy(QStringLiteral("engagement"))->freshnessMaxAgeSeconds, 48 * 3600);
    }

    void brokenWorkspace_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("message");

        QTest::newRow("yaml syntax")
            << replaced("  - id: raw\n", "  - id: [raw\n") << 14 << 0 << "not valid YAML";
        QTest::newRow("unknown key") << replaced("    name: Raw\n", "    nmae: Raw\n") << 14 << 5
                                     << "unknown key 'nmae' in pipeline #1";
        QTest::newRow("missing name") << replaced("    name: Raw\n", "") << 13 << 5
                                      << "pipeline 'raw' is missing the required key 'name'";
        QTest::newRow("unknown owner")
            << replaced("{primary: ann, secondary: bob}", "{primary: zed, secondary: bob}") << 16
            << 23 << "pipeline 'raw' refers to the unknown person 'zed'";
        QTest::newRow("unknown upstream") << replaced("upstream: [raw]", "upstream: [rwa]") << 20
                                          << 16 << "refers to the unknown pipeline 'rwa'";
        QTest::newRow("unknown sla") << replaced("    sla: std\n", "    sla: gold\n") << 22 << 10
                                     << "unknown SLA policy 'gold'";
        QTest::newRow("bad duration")
            << replaced("freshness: 48h", "freshness: 48 hours") << 8 << 16
            << "'freshness' of SLA policy 'std' must be a positive duration";
        QTest::newRow("bad availability") << replaced("availability: 99.5", "availability: 199")
                                          << 9 << 19 << "must be a percentage";
        QTest::newRow("bad severity") << replaced("criticality: high", "criticality: urgent") << 15
                                      << 18 << "must be critical, high or medium, not 'urgent'";
        QTest::newRow("bad timezone") << replaced("timezone: UTC}", "timezone: Mars/Olympus}") << 5
                                      << 60 << "unknown time zone 'Mars/Olympus'";
        QTest::newRow("bad email") << replaced("ann@example.com", "ann.example.com") << 4 << 33
                                   << "is not an email address";
        QTest::newRow("duplicate id") << replaced("  - id: agg\n", "  - id: raw\n") << 17 << 5
                                      << "pipeline 'raw' is defined more than once";
        QTest::newRow("same owners")
            << replaced("{primary: bob, secondary: ann}", "{primary: bob, secondary: bob}") << 21
            << 39 << "same primary and secondary owner";
        QTest::newRow("resolution shorter than response")
            << replaced("resolution: {critical: 4h", "resolution: {critical: 4m") << 11 << 28
            << "the critical resolution target (4m) is shorter than its response target (30m)";
        QTest::newRow("missing resolution")
            << replaced("    resolution: {critical: 4h, high: 12h, medium: 24h}\n", "") << 7 << 5
            << "must give both 'response' and 'resolution'";
        QTest::newRow("upstream cycle")
            << replaced("    criticality: high\n", "    criticality: high\n    upstream: [agg]\n")
            << 13 << 5 << "upstream cycle: raw -> agg -> raw";
        QTest::newRow("runbook of unknown pipeline")
            << replaced("  - pipeline: agg\n", "  - pipeline: nope\n") << 24 << 15
            << "refers to the unknown pipeline 'nope'";
        QTest::newRow("wrong version") << replaced("version: 1", "version: 7") << 1 << 10
                                       << "unsupported workspace version '7'";
        QTest::newRow("rule kind")
            << replaced("kind: sequence", "kind: sequnce") << 34 << 0
            << "must be burst, freshness, volume, duplicates, sequence or sql, not 'sequnce'";
        QTest::newRow("rule key of another kind")
            << replaced("source: ev, threshold: 3", "source: ev, steps: [a], threshold: 3") << 32
            << 0 << "unknown key 'steps' in rule 'errs'";
        QTest::newRow("rule source") << replaced("source: ev, threshold", "source: evx, threshold")
                                     << 32 << 0 << "rule 'errs' refers to the unknown source 'evx'";
        QTest::newRow("freshness order")
            << replaced("warn_after: 1h", "warn_after: 3h") << 33 << 0
            << "'warn_after' of rule 'fresh' must be shorter than 'error_after'";
        QTest::newRow("one step") << replaced("steps: [a, b, c]", "steps: [a]") << 34 << 0
                                  << "rule 'flow' needs at least two 'steps'";
        // yaml-cpp keeps the first of two equal keys silently; here that is an error.
        QTest::newRow("key given twice")
            << replaced("threshold: 3, window: 2m}", "threshold: 3, window: 2m, threshold: 500}")
            << 32 << 98 << "'threshold' is given twice (first at line 32)";
        QTest::newRow("section given twice")
            << replaced("sla_policies:\n", "people:\n  - {id: cat, name: Cat, email: "
                                           "cat@example.com, timezone: UTC}\nsla_policies:\n")
            << 6 << 1 << "'people' is given twice (first at line 3)";
        QTest::newRow("second document") << replaced("sources:\n", "---\nsources:\n") << 30 << 0
                                         << "a second YAML document starts here";
        // yaml-cpp 0.7's LoadAll() looped forever on this one (found by fuzz_workspace).
        QTest::newRow("lone comma")
            << QByteArray(",") << 0 << 0 << "not valid YAML: nothing in the file reads as a value";
        QTest::newRow("not a number") << replaced("availability: 99.5", "availability: nan") << 9
                                      << 19 << "must be a number, not 'nan'";
        QTest::newRow("list expected") << replaced("upstream: [raw]", "upstream: raw") << 20 << 15
                                       << "'upstream' of pipeline 'agg' must be a list";
    }

    void brokenWorkspace()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(int, line);
        QFETCH(int, column);
        QFETCH(QString, message);
        const auto result = WorkspaceReader::readText(yaml, QStringLiteral("broken.yaml"));
        QVERIFY(!result.ok());
        const QString all = formatDiagnostics(result.diagnostics);
        bool found = false;
        for (const Diagnostic &d : result.diagnostics) {
            if (d.message.contains(message)) {
                found = true;
                QCOMPARE(d.file, QStringLiteral("broken.yaml"));
                QCOMPARE(d.line, line);
                if (column > 0)
                    QCOMPARE(d.column, column);
            }
        }
        QVERIFY2(found, qPrintable(QStringLiteral("expected '%1' among:\n%2").arg(message, all)));
    }

    void everyErrorIsReported()
    {
        QByteArray yaml =
            replaced("{primary: ann, secondary: bob}", "{primary: zed, secondary: yan}");
        yaml.replace("criticality: critical", "criticality: severe");
        const auto result = WorkspaceReader::readText(yaml, QStringLiteral("w.yaml"));
        QCOMPARE(result.diagnostics.size(), 3);
        QVERIFY(result.diagnostics.at(0).toString().startsWith(QStringLiteral("w.yaml:")));
    }

    // A receiver open to the network speaks plain HTTP: valid, but said.
    void receiverBeyondLoopbackIsWarnedAbout()
    {
        QByteArray yaml(validYaml);
        yaml += "receiver: {enabled: true, address: 0.0.0.0}\n";
        const auto result = WorkspaceReader::readText(yaml, QStringLiteral("open.yaml"));
        QVERIFY2(result.ok(), qPrintable(formatDiagnostics(result.diagnostics)));
        QCOMPARE(result.warnings.size(), 1);
        QVERIFY(result.warnings.first().warning);
        QVERIFY(result.warnings.first().message.contains(QStringLiteral("plain HTTP")));
        QVERIFY(WorkspaceReader::readText(QByteArray(validYaml) +
                                              "receiver: {enabled: true, address: 127.0.0.1}\n",
                                          QStringLiteral("local.yaml"))
                    .warnings.isEmpty());
        // Not a file at all: refused before anything is read.
        const auto zero = WorkspaceReader::readFile(QStringLiteral("/dev/zero"));
        QVERIFY(!zero.ok());
        QVERIFY(zero.diagnostics.first().message.contains(QStringLiteral("not a regular file")));
    }

    // Heartbeats: read with their defaults, written back the same, and each mistake named
    // at its line; without the receiver on, a warning says they can never check in.
    void heartbeats()
    {
        const QByteArray good = QByteArray(validYaml) +
                                "receiver: {enabled: true}\n"
                                "heartbeats:\n"
                                "  - {id: nightly, pipeline: agg, interval: 1h, grace: 10m, "
                                "severity: critical}\n"
                                "  - {id: sync, pipeline: raw, interval: 15m}\n";
        const auto result = WorkspaceReader::readText(good, QStringLiteral("hb.yaml"));
        QVERIFY2(result.ok(), qPrintable(formatDiagnostics(result.diagnostics)));
        QVERIFY(result.warnings.isEmpty());
        const Workspace &ws = *result.workspace;
        QCOMPARE(ws.heartbeats.size(), 2);
        QCOMPARE(ws.heartbeats[0].intervalSeconds, 3600);
        QCOMPARE(ws.heartbeats[0].graceSeconds, 600);
        QCOMPARE(ws.heartbeats[0].severity, Severity::Critical);
        QCOMPARE(ws.heartbeats[1].graceSeconds, 0);
        QCOMPARE(ws.heartbeats[1].severity, Severity::High);
        QCOMPARE(ws.heartbeat(QStringLiteral("sync"))->pipeline, QStringLiteral("raw"));
        const auto again =
            WorkspaceReader::readText(WorkspaceWriter::toYaml(ws), QStringLiteral("w.yaml"));
        QVERIFY2(again.ok(), qPrintable(formatDiagnostics(again.diagnostics)));
        QCOMPARE(again.workspace->heartbeats, ws.heartbeats);

        const QByteArray off =
            QByteArray(validYaml) + "heartbeats:\n  - {id: sync, pipeline: raw, interval: 15m}\n";
        const auto warned = WorkspaceReader::readText(off, QStringLiteral("off.yaml"));
        QVERIFY(warned.ok());
        QCOMPARE(warned.warnings.size(), 1);
        QVERIFY(warned.warnings.first().message.contains(QStringLiteral("receiver, which is off")));

        const struct
        {
            const char *entry;
            const char *message;
        } broken[] = {
            {"{id: a, pipeline: nowhere, interval: 1h}", "unknown pipeline 'nowhere'"},
            {"{id: a, pipeline: raw, interval: 5s}", "'interval' of heartbeat 'a' must be at "
                                                     "least 10s"},
            {"{id: a, pipeline: raw}", "heartbeat 'a' is missing the required key 'interval'"},
            {"{id: ev, pipeline: raw, interval: 1h}", "heartbeat 'ev' has the id of a source"},
            {"{id: a, pipeline: raw, interval: 1h, severity: loud}",
             "'severity' of heartbeat 'a' must be critical, high or medium, not 'loud'"},
            {"{id: a, pipeline: raw, interval: 1h, every: 2h}", "unknown key 'every'"},
        };
        for (const auto &b : broken) {
            const QByteArray yaml = QByteArray(validYaml) +
                                    "receiver: {enabled: true}\nheartbeats:\n  - " + b.entry + "\n";
            const auto r = WorkspaceReader::readText(yaml, QStringLiteral("bad.yaml"));
            QVERIFY2(!r.ok(), b.entry);
            const QString all = formatDiagnostics(r.diagnostics);
            QVERIFY2(all.contains(QString::fromUtf8(b.message)), qPrintable(all));
            // The entry is the file's last line.
            QCOMPARE(r.diagnostics.first().line, yaml.count('\n'));
        }
    }

    // Each person says how long before a shift they are reminded, or "off"; written back
    // only when it is not the default hour.
    void shiftReminders()
    {
        QByteArray yaml = validYaml;
        yaml.replace("timezone: Europe/Berlin}", "timezone: Europe/Berlin, shift_reminder: 2h}");
        yaml.replace("timezone: UTC}", "timezone: UTC, shift_reminder: off}");
        const auto result = WorkspaceReader::readText(yaml, QStringLiteral("r.yaml"));
        QVERIFY2(result.ok(), qPrintable(formatDiagnostics(result.diagnostics)));
        QCOMPARE(result.workspace->person(QStringLiteral("ann"))->shiftReminderSeconds, 7200);
        QCOMPARE(result.workspace->person(QStringLiteral("bob"))->shiftReminderSeconds, 0);
        const QByteArray written = WorkspaceWriter::toYaml(*result.workspace);
        QVERIFY(written.contains("shift_reminder: 2h"));
        QVERIFY(written.contains("shift_reminder: off"));
        QCOMPARE(WorkspaceReader::readText(written, QStringLiteral("w.yaml")).workspace->people,
                 result.workspace->people);
        QVERIFY(!WorkspaceWriter::toYaml(
                     *WorkspaceReader::readText(validYaml, QStringLiteral("v")).workspace)
                     .contains("shift_reminder"));
        for (const char *bad : {"30s", "8d", "soon"}) {
            QByteArray wrong = validYaml;
            wrong.replace("timezone: UTC}",
                          QByteArray("timezone: UTC, shift_reminder: ") + bad + "}");
            const auto r = WorkspaceReader::readText(wrong, QStringLiteral("bad.yaml"));
            QVERIFY2(!r.ok(), bad);
            QCOMPARE(r.diagnostics.first().line, 5); // bob's
            QVERIFY2(r.diagnostics.first().message.contains(QStringLiteral("shift_reminder")),
                     qPrintable(r.diagnostics.first().message));
        }
    }

    // A rotation may name who approves the swaps asked in it: a person, written back out,
    // and an unknown one is an error at its line.
    void swapApprover()
    {
        auto withRotation = [](const char *approver) {
            return QByteArray(validYaml) +
                   "rotations:\n"
                   "  - id: r1\n"
                   "    name: R1\n"
                   "    participants: [ann, bob]\n"
                   "    start: 2027-01-04\n" +
                   QByteArray("    swap_approver: ") + approver + "\n";
        };
        // The channel for the handoff digest names a person entry too; a person may turn
        // the digest off.
        QByteArray digest = withRotation("bob") + "    handoff_channel: ann\n";
        digest.replace("timezone: UTC}", "timezone: UTC, handoff_digest: off, shift_changes: off}");
        const auto withDigest = WorkspaceReader::readText(digest, QStringLiteral("d.yaml"));
        QVERIFY2(withDigest.ok(), qPrintable(formatDiagnostics(withDigest.diagnostics)));
        QCOMPARE(withDigest.workspace->rotation(QStringLiteral("r1"))->handoffChannel,
                 QStringLiteral("ann"));
        QVERIFY(!withDigest.workspace->person(QStringLiteral("bob"))->handoffDigest);
        QVERIFY(!withDigest.workspace->person(QStringLiteral("bob"))->shiftChanges);
        QVERIFY(withDigest.workspace->person(QStringLiteral("ann"))->shiftChanges);
        QVERIFY(withDigest.workspace->person(QStringLiteral("ann"))->handoffDigest);
        const QByteArray digestWritten = WorkspaceWriter::toYaml(*withDigest.workspace);
        QVERIFY(digestWritten.contains("handoff_digest: off"));
        QVERIFY(digestWritten.contains("shift_changes: off"));
        QVERIFY(digestWritten.contains("handoff_channel: ann"));
        QCOMPARE(
            WorkspaceReader::readText(digestWritten, QStringLiteral("w.yaml")).workspace->people,
            withDigest.workspace->people);
        digest.replace("handoff_digest: off", "handoff_digest: weekly");
        const auto badDigest = WorkspaceReader::readText(digest, QStringLiteral("d.yaml"));
        QVERIFY(!badDigest.ok());
        QCOMPARE(badDigest.diagnostics.first().line, 5);
        QVERIFY(badDigest.diagnostics.first().message.contains(QStringLiteral("on or off")));

        const auto result =
            WorkspaceReader::readText(withRotation("bob"), QStringLiteral("r.yaml"));
        QVERIFY2(result.ok(), qPrintable(formatDiagnostics(result.diagnostics)));
        QCOMPARE(result.workspace->rotation(QStringLiteral("r1"))->swapApprover,
                 QStringLiteral("bob"));
        const QByteArray written = WorkspaceWriter::toYaml(*result.workspace);
        QVERIFY(written.contains("swap_approver: bob"));
        QCOMPARE(WorkspaceReader::readText(written, QStringLiteral("w.yaml")).workspace->rotations,
                 result.workspace->rotations);
        const QByteArray bad = withRotation("zed");
        const auto wrong = WorkspaceReader::readText(bad, QStringLiteral("bad.yaml"));
        QVERIFY(!wrong.ok());
        QCOMPARE(wrong.diagnostics.first().line, bad.count('\n'));
        QVERIFY2(wrong.diagnostics.first().message.contains(QStringLiteral("zed")),
                 qPrintable(wrong.diagnostics.first().message));
    }

    // An override that records whom it covers is read back with it; when the plan gives its
    // hours to someone else, reading warns that it needs review (at the key's line).
    void overrideCoveringNeedsReview()
    {
        auto withOverride = [](const char *covering) {
            return QByteArray(validYaml) +
                   "rotations:\n"
                   "  - {id: r1, name: R1, participants: [ann, bob], start: 2027-01-04, "
                   "seats: [primary]}\n"
                   "overrides:\n"
                   "  - rotation: r1\n"
                   "    person: bob\n"
                   "    from: 2027-01-05T10:00\n"
                   "    to: 2027-01-05T12:00\n"
                   "    by: ann\n"
                   "    reason: dentist\n" +
                   QByteArray("    covering: ") + covering + "\n";
        };
        const auto ok = WorkspaceReader::readText(withOverride("ann"), QStringLiteral("o.yaml"));
        QVERIFY2(ok.ok(), qPrintable(formatDiagnostics(ok.diagnostics)));
        QVERIFY2(ok.warnings.isEmpty(), qPrintable(formatDiagnostics(ok.warnings)));
        QCOMPARE(ok.workspace->overrides.first().covering, QStringLiteral("ann"));
        QVERIFY(WorkspaceWriter::toYaml(*ok.workspace).contains("covering: ann"));
        const QByteArray moved = withOverride("bob");
        const auto review = WorkspaceReader::readText(moved, QStringLiteral("o.yaml"));
        QVERIFY(review.ok());
        QCOMPARE(review.warnings.size(), 1);
        QCOMPARE(review.warnings.first().line, moved.count('\n'));
        QVERIFY2(review.warnings.first().message.contains(
                     QStringLiteral("needs review: it was made to cover Bob, but the plan now "
                                    "gives Tue 5 Jan 10:00 – Tue 5 Jan 12:00 to Ann")),
                 qPrintable(review.warnings.first().message));
    }

    // A receiver with its own certificate speaks TLS: no warning beyond loopback. The files
    // are checked when the workspace is read, with the problem at the key's line.
    void receiverWithTlsFiles()
    {
        QTemporaryDir dir;
        QVERIFY(test::writeSelfSignedCertificate(dir.path(), QStringLiteral("ec")));
        const QString file = dir.filePath(QStringLiteral("w.yaml"));
        auto read = [&](const char *receiver) {
            return WorkspaceReader::readText(QByteArray(validYaml) + receiver, file);
        };
        const auto tls = read("receiver: {enabled: true, address: 0.0.0.0, tls_certificate: "
                              "cert.pem, tls_key: key.pem}\n");
        QVERIFY2(tls.ok(), qPrintable(formatDiagnostics(tls.diagnostics)));
        QVERIFY(tls.warnings.isEmpty());
        QCOMPARE(tls.workspace->receiver.tlsCertificate, QStringLiteral("cert.pem"));

        const auto half = read("receiver: {enabled: true, tls_certificate: cert.pem}\n");
        QVERIFY(!half.ok());
        QVERIFY(half.diagnostics.first().message.contains(QStringLiteral("needs both")));

        // The key where the certificate should be: named, with the line of the setting.
        const auto swapped = read("receiver:\n  enabled: true\n  tls_certificate: key.pem\n"
                                  "  tls_key: key.pem\n");
        QVERIFY(!swapped.ok());
        const Diagnostic &d = swapped.diagnostics.first();
        QVERIFY2(d.message.contains(QStringLiteral("key.pem: no PEM certificate")),
                 qPrintable(d.message));
        QCOMPARE(d.line, 38);
    }

    // Paging: the mail server and contact methods read as written; secrets in the file are
    // errors at their line that say where the secret goes instead.
    void pagingSections()
    {
        const QByteArray paging =
            "smtp: {host: 127.0.0.1, port: 2525, security: none, from: \"Watchkeeper "
            "<oncall@example.org>\"}\n";
        QByteArray yaml = replaced(
            "  - {id: ann, name: Ann, email: ann@example.com, timezone: Europe/Berlin}\n",
            "  - id: ann\n    name: Ann\n    email: ann@example.com\n    timezone: Europe/Berlin\n"
            "    contacts:\n      - {kind: email, address: ann@example.org}\n"
            "      - {kind: webhook, url: \"https://hooks.example.org/wk\", credential: keychain}\n"
            "      - {kind: desktop, severities: [critical], after: 5m}\n"
            "    quiet_hours: {from: \"22:00\", to: \"08:00\", hold: [medium, high]}\n");
        const auto ok = WorkspaceReader::readText(yaml + paging, QStringLiteral("p.yaml"));
        QVERIFY2(ok.ok(), qPrintable(formatDiagnostics(ok.diagnostics)));
        QVERIFY(ok.warnings.isEmpty()); // plain SMTP on loopback is fine
        const Workspace &ws = *ok.workspace;
        QCOMPARE(ws.smtp.host, QStringLiteral("127.0.0.1"));
        QCOMPARE(ws.smtp.port, quint16(2525));
        QCOMPARE(ws.smtp.security, SmtpSettings::Security::None);
        QCOMPARE(ws.person(QStringLiteral("ann"))->contacts.size(), 3);
        QCOMPARE(ws.person(QStringLiteral("ann"))->contacts.at(1).kind,
                 ContactMethod::Kind::Webhook);
        QCOMPARE(ws.person(QStringLiteral("ann"))->contacts.at(1).credential,
                 QStringLiteral("keychain"));
        const ContactMethod &desktop = ws.person(QStringLiteral("ann"))->contacts.at(2);
        QCOMPARE(desktop.severities, QList<Severity>{Severity::Critical});
        QCOMPARE(desktop.afterSeconds, 300);
        QCOMPARE(ws.person(QStringLiteral("ann"))->quietHours,
                 (std::optional<QuietHours>(
                     QuietHours{QTime(22, 0), QTime(8, 0), {Severity::Medium, Severity::High}})));

        struct Case
        {
            QByteArray from, to;
            int line;
            const char *message;
        };
        const QList<Case> broken = {
            {"port: 2525", "port: 2525, password: hunter2", 44,
             "puts the mail password in the workspace file"},
            {"url: \"https://hooks.example.org/wk\"",
             "url: \"https://hooks.example.org/wk?token=abc\"", 10,
             "carries the query parameter 'token'"},
            {"credential: keychain}", "secret: abc}", 10,
             "puts a secret in the workspace file ('secret')"},
            {"{kind: desktop,", "{kind: pager,", 11,
             "must be one of email, webhook, desktop, slack, teams, mattermost, google_chat, "
             "ntfy, pagerduty, opsgenie, not 'pager'"},
            {"address: ann@example.org", "address: ann", 9, "is not an email address"},
            {"security: none", "security: ssl", 44, "must be starttls, tls or none"},
            {"from: \"Watchkeeper <oncall@example.org>\"", "from: oncall", 44,
             "'from' of the smtp section must be an address"},
        };
        for (const Case &c : broken) {
            QByteArray text = yaml + paging;
            QVERIFY2(text.contains(c.from), c.from.constData());
            text.replace(c.from, c.to);
            const auto r = WorkspaceReader::readText(text, QStringLiteral("p.yaml"));
            QVERIFY2(!r.ok(), c.to.constData());
            const Diagnostic &d = r.diagnostics.first();
            QVERIFY2(d.message.contains(QLatin1String(c.message)), qPrintable(d.message));
            QCOMPARE(d.line, c.line);
        }

        // Plain SMTP to another machine is allowed, and said.
        const auto remote = WorkspaceReader::readText(
            yaml + "smtp: {host: mail.example.org, security: none, from: oncall@example.org}\n",
            QStringLiteral("p.yaml"));
        QVERIFY2(remote.ok(), qPrintable(formatDiagnostics(remote.diagnostics)));
        QCOMPARE(remote.warnings.size(), 1);
        QVERIFY(remote.warnings.first().message.contains(QStringLiteral("unencrypted")));
        QCOMPARE(remote.workspace->smtp.port, quint16(587));
    }

    void chatPushAndForwardingContacts()
    {
        const QByteArray base = replaced(
            "  - {id: ann, name: Ann, email: ann@example.com, timezone: Europe/Berlin}\n",
            "  - id: ann\n    name: Ann\n    email: ann@example.com\n    timezone: Europe/Berlin\n"
            "    contacts:\n"
            "      - {kind: slack, credential: keychain}\n"
            "      - {kind: mattermost, url: \"http://127.0.0.1:8065/hooks/incoming\", "
            "actionable_below: 40}\n"
            "      - {kind: ntfy, url: \"https://ntfy.example.org/oncall-ann\", dry_run: true, "
            "actionable_at_least: 40}\n"
            "      - {kind: pagerduty, credential: keychain}\n"
            "      - {kind: opsgenie, credential: keychain, url: "
            "\"https://api.eu.opsgenie.com\"}\n");
        const auto ok = WorkspaceReader::readText(base, QStringLiteral("c.yaml"));
        QVERIFY2(ok.ok(), qPrintable(formatDiagnostics(ok.diagnostics)));
        const QList<ContactMethod> &c = ok.workspace->person(QStringLiteral("ann"))->contacts;
        QCOMPARE(c.size(), 5);
        QCOMPARE(c.at(0).kind, ContactMethod::Kind::Slack);
        QVERIFY(c.at(0).address.isEmpty());
        QVERIFY(c.at(0).inKeychain());
        QCOMPARE(c.at(1).kind, ContactMethod::Kind::Mattermost);
        QCOMPARE(c.at(2).address, QStringLiteral("https://ntfy.example.org/oncall-ann"));
        QVERIFY(c.at(2).dryRun);
        QVERIFY(!c.at(1).dryRun);
        QCOMPARE(c.at(1).actionableBelow, 40);
        QVERIFY(!c.at(1).actionableAtLeast);
        QCOMPARE(c.at(2).actionableAtLeast, 40);
        QVERIFY(!c.at(0).gatesOnScore());
        QVERIFY2(ok.warnings.isEmpty(), qPrintable(formatDiagnostics(ok.warnings)));
        // A band of scores that no method carries is said, not refused.
        QByteArray gap = base;
        gap.replace("actionable_below: 40", "actionable_below: 30, severities: [high, medium]");
        gap.replace("{kind: slack, credential: keychain}",
                    "{kind: slack, credential: keychain, severities: [critical]}");
        gap.replace("{kind: pagerduty, credential: keychain}",
                    "{kind: pagerduty, credential: keychain, severities: [critical]}");
        gap.replace("url: \"https://api.eu.opsgenie.com\"}",
                    "url: \"https://api.eu.opsgenie.com\", severities: [critical]}");
        const auto gapped = WorkspaceReader::readText(gap, QStringLiteral("c.yaml"));
        QVERIFY2(gapped.ok(), qPrintable(formatDiagnostics(gapped.diagnostics)));
        QCOMPARE(gapped.warnings.size(), 1);
        QCOMPARE(gapped.warnings.first().line, 9); // the list's first method
        QVERIFY2(gapped.warnings.first().message.contains(
                     QStringLiteral("no contact method of person 'ann' carries high alerts scored "
                                    "from 30 to 39")),
                 qPrintable(gapped.warnings.first().message));
        QVERIFY(c.at(3).isForwarding());
        QCOMPARE(c.at(3).defaultUrl(), QStringLiteral("https://events.pagerduty.com/v2/enqueue"));
        QCOMPARE(c.at(4).address, QStringLiteral("https://api.eu.opsgenie.com"));

        // The writer keeps them as they were read.
        const auto again = WorkspaceReader::readText(WorkspaceWriter::toYaml(*ok.workspace),
                                                     QStringLiteral("again.yaml"));
        QVERIFY2(again.ok(), qPrintable(formatDiagnostics(again.diagnostics)));
        QCOMPARE(again.workspace->person(QStringLiteral("ann"))->contacts, c);

        struct Case
        {
            QByteArray from, to;
            int line;
            const char *message;
        };
        const QList<Case> broken = {
            {"{kind: slack, credential: keychain}",
             "{kind: slack, url: \"https://hooks.slack.com/services/T0AB12CD3/B0AB12CD3/"
             "aB3dE5fG7hI9jK1lM3nO5pQ7\"}",
             9, "carries what looks like Slack's token in its path"},
            {"{kind: slack, credential: keychain}", "{kind: slack}", 9,
             "needs either 'url' or 'credential: keychain'"},
            {"{kind: slack, credential: keychain}",
             "{kind: slack, credential: keychain, url: \"https://chat.example.org/in\"}", 9,
             "not both"},
            {"{kind: pagerduty, credential: keychain}", "{kind: pagerduty}", 12,
             "needs 'credential: keychain': PagerDuty's routing key is stored with: watchkeeper "
             "credentials set --contact ann:4"},
            {"{kind: pagerduty, credential: keychain}",
             "{kind: pagerduty, routing_key: R0123456789}", 12,
             "puts a secret in the workspace file ('routing_key')"},
            {"oncall-ann\"", "\"", 11, "must name the server and one topic"},
            {"{kind: opsgenie, credential: keychain,", "{kind: opsgenie, credential: vault,", 13,
             "'credential' of contact #5 of person 'ann' can only be 'keychain'"},
            {"url: \"http://127.0.0.1:8065/hooks/incoming\"", "address: ann@example.org", 10,
             "is not an email method and has no 'address'"},
            {"dry_run: true", "dry_run: maybe", 11,
             "'dry_run' of contact #3 of person 'ann' must be true or false, not 'maybe'"},
            {"actionable_at_least: 40", "actionable_at_least: 101", 11,
             "'actionable_at_least' of contact #3 of person 'ann' must be a whole number from 0 "
             "to 100 (the actionable score), not '101'"},
            {"actionable_below: 40", "actionable_below: 37.5", 10,
             "must be a whole number from 0 to 100"},
            {"actionable_below: 40", "actionable_below: high", 10,
             "'actionable_below' of contact #2 of person 'ann' must be a number, not 'high'"},
            {"actionable_below: 40", "actionable_below: 40, actionable_at_least: 40", 10,
             "contact #2 of person 'ann' can carry no alert: 'actionable_at_least' (40) must be "
             "below 'actionable_below' (40)"},
            {"{kind: slack, credential: keychain}", "{kind: desktop, actionable_at_least: 40}", 9,
             "contact #1 of person 'ann' shows every new critical and high alert on the "
             "console's machine; it cannot be limited by the actionable score"},
        };
        for (const Case &k : broken) {
            QByteArray text = base;
            QVERIFY2(text.contains(k.from), k.from.constData());
            text.replace(k.from, k.to);
            const auto r = WorkspaceReader::readText(text, QStringLiteral("c.yaml"));
            QVERIFY2(!r.ok(), k.to.constData());
            const auto d = std::find_if(
                r.diagnostics.cbegin(), r.diagnostics.cend(),
                [&](const Diagnostic &x) { return x.message.contains(QLatin1String(k.message)); });
            QVERIFY2(d != r.diagnostics.cend(), qPrintable(formatDiagnostics(r.diagnostics)));
            QCOMPARE(d->line, k.line);
        }
    }

    void escalationPolicies()
    {
        const QByteArray policies = "escalation_policies:\n"
                                    "  - id: chain\n"
                                    "    repeat: 2\n"
                                    "    steps:\n"
                                    "      - {notify: primary}\n"
                                    "      - {notify: secondary, after: 50%}\n"
                                    "      - {notify: [ann, bob], after: 1h}\n"
                                    "      - {notify: team:core, after: 2h, working_hours: true}\n"
                                    "teams:\n  - {id: core, name: Core, members: [ann, bob]}\n";
        const QByteArray yaml =
            replaced("    sla: std\n", "    sla: std\n    escalation: chain\n") + policies;
        const auto ok = WorkspaceReader::readText(yaml, QStringLiteral("e.yaml"));
        QVERIFY2(ok.ok(), qPrintable(formatDiagnostics(ok.diagnostics)));
        const Workspace &ws = *ok.workspace;
        const EscalationPolicy *p = ws.escalationFor(QStringLiteral("agg"));
        QVERIFY(p);
        QCOMPARE(p->repeat, 2);
        QCOMPARE(p->steps.size(), 4);
        QCOMPARE(p->steps.at(1).target, EscalationStep::Target::Secondary);
        QCOMPARE(p->steps.at(1).afterShare, std::optional<double>(0.5));
        QCOMPARE(p->steps.at(2).people,
                 (QStringList{QStringLiteral("ann"), QStringLiteral("bob")}));
        QCOMPARE(p->steps.at(2).afterSeconds, 3600);
        QCOMPARE(p->steps.at(3).team, QStringLiteral("core"));
        QVERIFY(p->steps.at(3).workingHoursOnly);
        QVERIFY(!ws.escalationFor(QStringLiteral("raw"))); // the default

        struct Case
        {
            QByteArray from, to;
            const char *message;
        };
        const QList<Case> broken = {
            {"after: 1h}", "after: soon}", "'after' of step 3 of escalation policy 'chain'"},
            {"[ann, bob]", "[ann, zed]", "refers to the unknown person 'zed'"},
            {"team:core", "team:edge", "refers to the unknown team 'edge'"},
            {"escalation: chain", "escalation: chian", "unknown escalation policy 'chian'"},
            {"repeat: 2", "repeat: 11", "'repeat' of escalation policy 'chain' must be"},
        };
        for (const Case &c : broken) {
            QByteArray text = yaml;
            QVERIFY2(text.contains(c.from), c.from.constData());
            text.replace(c.from, c.to);
            const auto r = WorkspaceReader::readText(text, QStringLiteral("e.yaml"));
            QVERIFY2(!r.ok(), c.to.constData());
            QVERIFY2(r.diagnostics.first().message.contains(QLatin1String(c.message)),
                     qPrintable(r.diagnostics.first().message));
        }
    }

    void emptyAndMissingFiles()
    {
        auto result = WorkspaceReader::readText("", QStringLiteral("empty.yaml"));
        QVERIFY(!result.ok());
        QCOMPARE(result.diagnostics.first().message, QStringLiteral("the workspace file is empty"));

        result = WorkspaceReader::readFile(QStringLiteral("/nonexistent/ws.yaml"));
        QVERIFY(!result.ok());
        QVERIFY(result.diagnostics.first().message.startsWith(QStringLiteral("cannot open")));

        result = WorkspaceReader::readText("- a\n- b\n", QStringLiteral("list.yaml"));
        QVERIFY(!result.ok());
        QVERIFY(result.diagnostics.first().message.contains(QStringLiteral("mapping")));
    }

    void durations_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("seconds");
        QTest::newRow("seconds") << "432s" << qint64(432);
        QTest::newRow("bare") << "90" << qint64(90);
        QTest::newRow("decimal minutes") << "7.2m" << qint64(432);
        QTest::newRow("hours") << "48h" << qint64(172800);
        QTest::newRow("days") << "1.5d" << qint64(129600);
        QTest::newRow("weeks") << "2w" << qint64(1209600);
        QTest::newRow("fraction of a second") << "0.5s" << qint64(-1);
        QTest::newRow("word") << "soon" << qint64(-1);
        QTest::newRow("negative") << "-5m" << qint64(-1);
    }

    void durations()
    {
        QFETCH(QString, text);
        QFETCH(qint64, seconds);
        const auto parsed = parseDuration(text);
        if (seconds < 0) {
            QVERIFY(!parsed);
            return;
        }
        QCOMPARE(parsed.value_or(-1), seconds);
        QCOMPARE(parseDuration(formatDuration(seconds)).value_or(-1), seconds);
    }

    // Countdowns as lists and details show them: seconds near the end, coarser further off.
    void countdowns()
    {
        QCOMPARE(formatCountdown(0), QStringLiteral("0m 00s"));
        QCOMPARE(formatCountdown(247 * nanosPerSecond + 999'999'999), QStringLiteral("4m 07s"));
        QCOMPARE(formatCountdown((2 * 3600 + 5 * 60 + 59) * nanosPerSecond),
                 QStringLiteral("2h 05m"));
        QCOMPARE(formatCountdown((86400 + 3 * 3600 + 10) * nanosPerSecond),
                 QStringLiteral("1d 3h"));
        QCOMPARE(formatCountdown(-90 * nanosPerSecond), QStringLiteral("1m 30s overdue"));
    }
};

QTEST_GUILESS_MAIN(tst_WorkspaceReader)
#include "tst_workspacereader.moc"
