#include "workspacereader.h"

#include "sections/workspacesections.h"
#include "text/boundedfile.h"
#include "yamldocument.h"
#include "yamlreader.h"

#include <QFile>

#include <yaml-cpp/yaml.h>

#include <algorithm>

namespace wk {

WorkspaceLoadResult WorkspaceReader::readFile(const QString &path)
{
    constexpr qint64 maxWorkspaceBytes = 16 * 1024 * 1024;
    if (const QString problem =
            BoundedFile::problem(path, maxWorkspaceBytes, QStringLiteral("workspace"));
        !problem.isEmpty()) {
        WorkspaceLoadResult result;
        result.diagnostics.append({path, 0, 0, problem});
        return result;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        WorkspaceLoadResult result;
        result.diagnostics.append(
            {path, 0, 0, QStringLiteral("cannot open the file: %1").arg(file.errorString())});
        return result;
    }
    return readText(file.readAll(), path);
}

WorkspaceLoadResult WorkspaceReader::readText(const QByteArray &yaml, const QString &fileName)
{
    WorkspaceLoadResult result;
    YamlReader r(fileName);

    YAML::Node root;
    try {
        const YamlDocument document = YamlDocument::load(yaml.toStdString());
        if (document.unreadable) {
            result.diagnostics.append(
                {fileName, 0, 0,
                 QStringLiteral("not valid YAML: nothing in the file reads as a value")});
            return result;
        }
        root = document.root;
        // A second document ('---') would be ignored; nothing in a workspace is ignored.
        if (document.secondDocument)
            r.error(*document.secondDocument,
                    QStringLiteral("a second YAML document starts here; a workspace file holds "
                                   "one (remove the '---' line or merge the documents)"));
    } catch (const YAML::ParserException &e) {
        r.error(e.mark, QStringLiteral("not valid YAML: %1").arg(qstr(e.msg)));
        result.diagnostics = r.diagnostics;
        return result;
    }
    // yaml-cpp keeps the first of two equal keys and drops the second without a word; a
    // setting given twice is an error at its second line.
    reportDuplicateKeys(r, root);
    if (!root || root.IsNull()) {
        result.diagnostics.append({fileName, 0, 0, QStringLiteral("the workspace file is empty")});
        return result;
    }
    if (!r.expectMap(root, QStringLiteral("the workspace"))) {
        result.diagnostics = r.diagnostics;
        return result;
    }
    r.checkKeys(root,
                {"version", "name", "people", "teams", "sla_policies", "customers", "sources",
                 "pipelines", "runbooks", "rules", "rotations", "holidays", "time_off", "overrides",
                 "receiver", "smtp", "escalation_policies", "heartbeats", "outcomes"},
                QStringLiteral("the workspace"));

    Workspace ws;
    const QString version = r.text(root, "version", QStringLiteral("the workspace"), true);
    if (!version.isEmpty() && version != QLatin1String("1"))
        r.error(root["version"],
                QStringLiteral("unsupported workspace version '%1' (this build reads version 1)")
                    .arg(version));
    ws.name = r.text(root, "name", QStringLiteral("the workspace"), true);

    readPeople(r, root, ws);
    readTeams(r, root, ws);
    readSlaPolicies(r, root, ws);
    readCustomers(r, root, ws);
    readSources(r, root, ws);
    readReceiver(r, root, ws);
    readSmtp(r, root, ws);
    readOutcomes(r, root, ws);
    readEscalationPolicies(r, root, ws);
    readPipelines(r, root, ws);
    readHeartbeats(r, root, ws);
    readRunbooks(r, root, ws);
    readRules(r, root, ws);
    readRotations(r, root, ws);
    readHolidays(r, root, ws);
    readTimeOff(r, root, ws);
    const QList<YAML::Node> overrideNodes = readOverrides(r, root, ws);
    r.checkReferences();
    if (r.diagnostics.isEmpty() && !ws.overrides.isEmpty())
        checkOverrideSeats(r, ws, overrideNodes);

    // In file order, as an editor would walk through them.
    result.diagnostics = r.diagnostics;
    result.warnings = r.warnings;
    std::stable_sort(result.diagnostics.begin(), result.diagnostics.end(),
                     [](const Diagnostic &a, const Diagnostic &b) {
                         return std::pair(a.line, a.column) < std::pair(b.line, b.column);
                     });
    if (result.diagnostics.isEmpty())
        result.workspace = std::move(ws);
    return result;
}

} // namespace wk
