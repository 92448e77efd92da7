// A rule's change written into the workspace file's text: only the changed values move,
// comments and layout stay, and what is written reads back as the changed rule.

#include "domain/rulechange.h"
#include "workspace/ruleedit.h"
#include "workspace/workspacereader.h"

#include <QFile>
#include <QtTest>

using namespace wk;

namespace {

// Read as if at the demo's place, where the files it names are.
const QString demoFile = QStringLiteral(WK_SOURCE_DIR "/resources/demo/workspace.yaml");

QByteArray demoText()
{
    QFile f(demoFile);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

Rule ruleIn(const QByteArray &yaml, const QString &id)
{
    const WorkspaceLoadResult r = WorkspaceReader::readText(yaml, demoFile);
    if (r.workspace) {
        for (const Rule &rule : r.workspace->rules) {
            if (rule.id == id)
                return rule;
        }
    }
    return {};
}

// The demo's text with its rules section replaced.
QByteArray withRules(const QByteArray &rules)
{
    QByteArray text = demoText();
    return text.left(text.indexOf("\nrules:")) + "\nrules:\n" + rules;
}

} // namespace

class tst_RuleEdit : public QObject
{
    Q_OBJECT
private slots:
    void changesOnlyTheChangedValues()
    {
        const QByteArray yaml = demoText();
        const Rule before = ruleIn(yaml, QStringLiteral("user-facing-errors"));
        QVERIFY(!before.id.isEmpty());
        Rule after = before;
        QString error;
        QVERIFY(RuleChange::apply(after, QStringLiteral("threshold=7"), &error));
        QVERIFY(RuleChange::apply(after, QStringLiteral("window=10m"), &error));
        QVERIFY(
            RuleChange::apply(after, QStringLiteral("events=time out, \"bad gateway\""), &error));
        const auto out = RuleEdit::apply(yaml, demoFile, before, after, &error);
        QVERIFY2(out, qPrintable(error));
        QCOMPARE(ruleIn(*out, before.id), after);
        // The other burst rule, with the same threshold and window, is untouched.
        QCOMPARE(ruleIn(*out, QStringLiteral("executive-page-errors")),
                 ruleIn(yaml, QStringLiteral("executive-page-errors")));
        const QList<QByteArray> a = yaml.split('\n'), b = out->split('\n');
        QCOMPARE(b.size(), a.size());
        int changed = 0;
        for (qsizetype i = 0; i < a.size(); ++i)
            changed += a.at(i) != b.at(i) ? 1 : 0;
        QCOMPARE(changed, 3);
        QVERIFY(out->contains("    threshold: 7\n"));
        QVERIFY(out->contains("    window: 10m\n"));
        QVERIFY2(out->contains("    events: [time out, \"\\\"bad gateway\\\"\"]\n") ||
                     out->contains("    events: [time out, \"bad gateway\"]\n"),
                 out->constData());

        const QString diff = RuleEdit::diff(yaml, *out, QStringLiteral("workspace.yaml"));
        QVERIFY(diff.startsWith(QStringLiteral("--- workspace.yaml\n")) ||
                diff.startsWith(QStringLiteral("--- ") + demoFile));
        QVERIFY(diff.contains(QStringLiteral("\n-    threshold: 5\n")));
        QVERIFY(diff.contains(QStringLiteral("\n+    threshold: 7\n")));
        QVERIFY2(diff.contains(QStringLiteral("\n     source: app-errors\n")), qPrintable(diff));
        QVERIFY(!diff.contains(QStringLiteral("executive-page-errors")));
    }

    void keepsCommentsAndAddsMissingKeys()
    {
        const QByteArray yaml = withRules("  # the loud one\n"
                                          "  - id: loud\n"
                                          "    kind: burst\n"
                                          "    pipeline: engagement-aggregate\n"
                                          "    severity: high   # paged\n"
                                          "    source: app-errors\n"
                                          "    events:\n"
                                          "      - time out\n"
                                          "      - page not found\n"
                                          "  - {id: fresh, kind: freshness, pipeline: "
                                          "engagement-aggregate, severity: medium, source: "
                                          "app-errors, warn_after: 30m}\n");
        const Rule loud = ruleIn(yaml, QStringLiteral("loud"));
        QCOMPARE(loud.threshold, 5); // the default: no threshold key
        Rule quieter = loud;
        QString error;
        QVERIFY(RuleChange::apply(quieter, QStringLiteral("threshold=9"), &error));
        QVERIFY(RuleChange::apply(quieter, QStringLiteral("severity=medium"), &error));
        QVERIFY(RuleChange::apply(quieter, QStringLiteral("events=page not found"), &error));
        auto out = RuleEdit::apply(yaml, demoFile, loud, quieter, &error);
        QVERIFY2(out, qPrintable(error));
        QCOMPARE(ruleIn(*out, QStringLiteral("loud")), quieter);
        QVERIFY(out->contains("  # the loud one\n"));
        QVERIFY(out->contains("    severity: medium   # paged\n"));
        QVERIFY(out->contains("    threshold: 9\n"));
        QVERIFY(out->contains("    events: [page not found]\n"));
        QVERIFY(!out->contains("      - time out"));

        // A one-line map: values replaced in place, a missing key added before its brace.
        const Rule fresh = ruleIn(yaml, QStringLiteral("fresh"));
        Rule later = fresh;
        QVERIFY(RuleChange::apply(later, QStringLiteral("warn_after=2h"), &error));
        QVERIFY(RuleChange::apply(later, QStringLiteral("error_after=6h"), &error));
        out = RuleEdit::apply(yaml, demoFile, fresh, later, &error);
        QVERIFY2(out, qPrintable(error));
        QCOMPARE(ruleIn(*out, QStringLiteral("fresh")), later);
        QVERIFY(out->contains("warn_after: 2h, error_after: 6h}\n"));

        // A rule the file does not have: refused, with the file named.
        Rule ghost = loud;
        ghost.id = QStringLiteral("ghost");
        QVERIFY(!RuleEdit::apply(yaml, demoFile, ghost, quieter, &error));
        QVERIFY(error.startsWith(demoFile + QStringLiteral(": ")));
        QVERIFY(error.contains(QStringLiteral("by hand")));
    }
};

QTEST_GUILESS_MAIN(tst_RuleEdit)
#include "tst_ruleedit.moc"
