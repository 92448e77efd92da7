#include "demoworkspace.h"

#include "workspace/workspacereader.h"

#include <QFile>

namespace wk::test {

namespace {
Workspace loaded(const WorkspaceLoadResult &result)
{
    if (!result.ok())
        qFatal("the demo workspace does not load:\n%s",
               qPrintable(formatDiagnostics(result.diagnostics)));
    return *result.workspace;
}
} // namespace

QString demoPath()
{
    return QStringLiteral(WK_SOURCE_DIR "/resources/demo/workspace.yaml");
}

Workspace demoWorkspace()
{
    return loaded(WorkspaceReader::readFile(demoPath()));
}

Workspace demoWorkspaceWithRules(const QString &rulesYaml)
{
    QFile demo(demoPath());
    if (!demo.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(demoPath()));
    QByteArray text = demo.readAll();
    text = text.left(text.indexOf("\nrules:")) + "\nrules:\n" + rulesYaml.toUtf8();
    return loaded(WorkspaceReader::readText(text, QStringLiteral("test-workspace.yaml")));
}

void writeQuietDemoSources(const QString &dir)
{
    QFile events(dir + QStringLiteral("/events.csv"));
    if (!events.open(QIODevice::WriteOnly) ||
        events.write("event_timestamp,user_id,event_name\n") < 0)
        qFatal("cannot write %s", qPrintable(events.fileName()));
    QFile runs(dir + QStringLiteral("/run_results.json"));
    if (!runs.open(QIODevice::WriteOnly) ||
        runs.write("{\"metadata\": {\"dbt_schema_version\": "
                   "\"https://schemas.getdbt.com/dbt/run-results/v6.json\"}, "
                   "\"results\": []}") < 0)
        qFatal("cannot write %s", qPrintable(runs.fileName()));
}

QList<Event> errorBurst(const QString &user, TimestampNs at, int n)
{
    QList<Event> out;
    for (int i = 0; i < n; ++i)
        out.append({QStringLiteral("app-errors"), at + i * nanosPerSecond, user,
                    QStringLiteral("time out"), QStringLiteral("%1-%2").arg(user).arg(i)});
    return out;
}

} // namespace wk::test
