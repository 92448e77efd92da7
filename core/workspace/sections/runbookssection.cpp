#include "workspacesections.h"

#include "workspace/yamlreader.h"
#include "workspace/yamlwriter.h"

namespace wk {

void readRunbooks(YamlReader &r, const YAML::Node &root, Workspace &ws)
{
    r.section(
        root, "runbooks", QStringLiteral("runbook"), [&](const YAML::Node &n, const QString &what) {
            r.checkKeys(n, {"pipeline", "title", "body"}, what);
            Runbook b;
            b.pipeline = r.text(n, "pipeline", what, true);
            r.reference(n, "pipeline", QStringLiteral("pipeline"), b.pipeline, what);
            const QString label =
                b.pipeline.isEmpty() ? what : QStringLiteral("the runbook of '%1'").arg(b.pipeline);
            b.title = r.text(n, "title", label, true);
            b.markdown = r.text(n, "body", label, true);
            ws.runbooks.append(b);
            return b.pipeline;
        });
}

void writeRunbooks(YAML::Emitter &out, const Workspace &ws)
{
    if (ws.runbooks.isEmpty())
        return;
    out << YAML::Key << "runbooks" << YAML::Value << YAML::BeginSeq;
    for (const Runbook &b : ws.runbooks) {
        out << YAML::BeginMap;
        writeKey(out, "pipeline", b.pipeline, true);
        writeKey(out, "title", b.title, true);
        writeBlock(out, "body", b.markdown);
        out << YAML::EndMap;
    }
    out << YAML::EndSeq;
}

} // namespace wk
