#include "workspacewriter.h"

#include "sections/workspacesections.h"
#include "yamlwriter.h"

#include <QSaveFile>

#include <yaml-cpp/yaml.h>

namespace wk {

QByteArray WorkspaceWriter::toYaml(const Workspace &ws)
{
    YAML::Emitter out;
    out.SetIndent(2);
    out << YAML::BeginMap;
    out << YAML::Key << "version" << YAML::Value << 1;
    writeKey(out, "name", ws.name, true);
    // In the order of the reader's sections, which is the order people write them in.
    writePeople(out, ws);
    writeTeams(out, ws);
    writeSlaPolicies(out, ws);
    writeCustomers(out, ws);
    writeSources(out, ws);
    writePipelines(out, ws);
    writeHeartbeats(out, ws);
    writeRunbooks(out, ws);
    writeRules(out, ws);
    writeRotations(out, ws);
    writeHolidays(out, ws);
    writeTimeOff(out, ws);
    writeOverrides(out, ws);
    writeReceiver(out, ws);
    writeSmtp(out, ws);
    writeEscalationPolicies(out, ws);
    writeOutcomes(out, ws);
    out << YAML::EndMap;
    QByteArray text(out.c_str(), static_cast<qsizetype>(out.size()));
    text.append('\n');
    return text;
}

bool WorkspaceWriter::writeFile(const Workspace &workspace, const QString &path, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = QStringLiteral("%1: cannot write: %2").arg(path, file.errorString());
        return false;
    }
    file.write(toYaml(workspace));
    if (!file.commit()) {
        if (error)
            *error = QStringLiteral("%1: cannot write: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace wk
