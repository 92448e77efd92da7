#include "workspacesections.h"

#include "workspace/yamlreader.h"
#include "workspace/yamlwriter.h"

#include <QHash>

namespace wk {

namespace {

bool detectCycle(const QString &start, const QHash<QString, QStringList> &upstream,
                 QStringList &path)
{
    // Depth-first walk; a pipeline seen again on the current path closes a cycle.
    if (path.contains(start)) {
        path << start;
        return true;
    }
    path << start;
    for (const QString &up : upstream.value(start)) {
        if (detectCycle(up, upstream, path))
            return true;
    }
    path.removeLast();
    return false;
}

} // namespace

void readPipelines(YamlReader &r, const YAML::Node &root, Workspace &ws)
{
    QHash<QString, QStringList> upstreamOf;
    QHash<QString, YAML::Mark> pipelineMark;
    r.section(
        root, "pipelines", QStringLiteral("pipeline"),
        [&](const YAML::Node &n, const QString &what) {
            r.checkKeys(n,
                        {"id", "name", "description", "audience", "criticality", "upstream",
                         "owners", "sla", "source", "escalation"},
                        what);
            Pipeline p;
            p.id = readId(r, n, "id", what);
            const QString label = p.id.isEmpty() ? what : QStringLiteral("pipeline '%1'").arg(p.id);
            p.name = r.text(n, "name", label, true);
            p.description = r.text(n, "description", label);
            p.audience = r.text(n, "audience", label);
            const QString crit = r.text(n, "criticality", label, true);
            if (const auto s = severityFromName(crit))
                p.criticality = *s;
            else if (!crit.isEmpty())
                r.error(n["criticality"],
                        QStringLiteral("'criticality' of %1 must be critical, high or "
                                       "medium, not '%2'")
                            .arg(label, crit));
            p.upstream = r.list(n, "upstream", label, QStringLiteral("pipeline"));
            if (p.upstream.contains(p.id) && !p.id.isEmpty())
                r.error(n["upstream"], QStringLiteral("%1 lists itself as upstream").arg(label));
            const YAML::Node owners = n["owners"];
            if (!owners) {
                r.error(n, QStringLiteral("%1 is missing the required key 'owners' "
                                          "(primary and secondary)")
                               .arg(label));
            } else if (r.expectMap(owners, QStringLiteral("'owners' of %1").arg(label))) {
                const QString ol = QStringLiteral("'owners' of %1").arg(label);
                r.checkKeys(owners, {"primary", "secondary"}, ol);
                p.primaryOwner = r.text(owners, "primary", ol, true);
                p.secondaryOwner = r.text(owners, "secondary", ol, true);
                r.reference(owners, "primary", QStringLiteral("person"), p.primaryOwner, label);
                r.reference(owners, "secondary", QStringLiteral("person"), p.secondaryOwner, label);
                if (!p.primaryOwner.isEmpty() && p.primaryOwner == p.secondaryOwner)
                    r.error(owners["secondary"],
                            QStringLiteral("%1 has the same primary and secondary owner; "
                                           "escalation needs a second person")
                                .arg(label));
            }
            p.slaPolicy = r.text(n, "sla", label);
            r.reference(n, "sla", QStringLiteral("SLA policy"), p.slaPolicy, label);
            p.source = r.text(n, "source", label);
            r.reference(n, "source", QStringLiteral("source"), p.source, label);
            p.escalation = r.text(n, "escalation", label);
            r.reference(n, "escalation", QStringLiteral("escalation policy"), p.escalation, label);
            ws.pipelines.append(p);
            if (!p.id.isEmpty()) {
                upstreamOf.insert(p.id, p.upstream);
                pipelineMark.insert(p.id, n.Mark());
            }
            return p.id;
        });

    // A cycle in upstream links would make inhibition and lineage walks loop forever.
    QSet<QString> reported;
    for (const Pipeline &p : std::as_const(ws.pipelines)) {
        QStringList path;
        if (!p.id.isEmpty() && detectCycle(p.id, upstreamOf, path)) {
            const QString first = path.last();
            if (reported.contains(first))
                continue;
            for (const QString &id : path)
                reported.insert(id);
            r.error(pipelineMark.value(first),
                    QStringLiteral("pipelines form an upstream cycle: %1")
                        .arg(path.mid(path.indexOf(first)).join(QStringLiteral(" -> "))));
        }
    }
}

void writePipelines(YAML::Emitter &out, const Workspace &ws)
{
    if (ws.pipelines.isEmpty())
        return;
    out << YAML::Key << "pipelines" << YAML::Value << YAML::BeginSeq;
    for (const Pipeline &p : ws.pipelines) {
        out << YAML::BeginMap;
        writeKey(out, "id", p.id, true);
        writeKey(out, "name", p.name, true);
        writeKey(out, "description", p.description);
        writeKey(out, "audience", p.audience);
        writeKey(out, "criticality", severityName(p.criticality), true);
        writeList(out, "upstream", p.upstream);
        out << YAML::Key << "owners" << YAML::Value << YAML::Flow << YAML::BeginMap;
        writeKey(out, "primary", p.primaryOwner, true);
        writeKey(out, "secondary", p.secondaryOwner, true);
        out << YAML::EndMap;
        writeKey(out, "sla", p.slaPolicy);
        writeKey(out, "source", p.source);
        writeKey(out, "escalation", p.escalation);
        out << YAML::EndMap;
    }
    out << YAML::EndSeq;
}

} // namespace wk
