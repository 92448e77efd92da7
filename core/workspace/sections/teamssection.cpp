#include "workspacesections.h"

#include "workspace/yamlreader.h"
#include "workspace/yamlwriter.h"

namespace wk {

void readTeams(YamlReader &r, const YAML::Node &root, Workspace &ws)
{
    r.section(root, "teams", QStringLiteral("team"), [&](const YAML::Node &n, const QString &what) {
        r.checkKeys(n, {"id", "name", "members"}, what);
        Team t;
        t.id = readId(r, n, "id", what);
        const QString label = t.id.isEmpty() ? what : QStringLiteral("team '%1'").arg(t.id);
        t.name = r.text(n, "name", label, true);
        t.members = r.list(n, "members", label, QStringLiteral("person"));
        ws.teams.append(t);
        return t.id;
    });
}

void writeTeams(YAML::Emitter &out, const Workspace &ws)
{
    if (ws.teams.isEmpty())
        return;
    out << YAML::Key << "teams" << YAML::Value << YAML::BeginSeq;
    for (const Team &t : ws.teams) {
        out << YAML::BeginMap;
        writeKey(out, "id", t.id, true);
        writeKey(out, "name", t.name, true);
        writeList(out, "members", t.members);
        out << YAML::EndMap;
    }
    out << YAML::EndSeq;
}

} // namespace wk
