#include "workspacesections.h"

#include "domain/duration.h"
#include "workspace/yamlreader.h"
#include "workspace/yamlwriter.h"

namespace wk {

void readOutcomes(YamlReader &r, const YAML::Node &root, Workspace &ws)
{
    const YAML::Node n = root["outcomes"];
    const QString what = QStringLiteral("the outcomes section");
    if (!n || n.IsNull() || !r.expectMap(n, what))
        return;
    r.checkKeys(n, {"resolved_by_itself_within", "keep_events_for"}, what);
    if (const auto within = r.duration(n, "resolved_by_itself_within", what)) {
        if (*within < 1 || *within > 7 * 86400)
            r.error(n["resolved_by_itself_within"],
                    QStringLiteral("'resolved_by_itself_within' of %1 must be from 1s to 7d")
                        .arg(what));
        else
            ws.outcomes.resolvedByItselfWithinSeconds = *within;
    }
    if (const auto keep = r.duration(n, "keep_events_for", what)) {
        if (*keep < 0 || *keep > 400 * 86400)
            r.error(n["keep_events_for"],
                    QStringLiteral("'keep_events_for' of %1 must be from 0s (keep none) to 400d")
                        .arg(what));
        else
            ws.outcomes.keepEventsSeconds = *keep;
    }
}

void writeOutcomes(YAML::Emitter &out, const Workspace &ws)
{
    if (ws.outcomes == OutcomeSettings())
        return;
    out << YAML::Key << "outcomes" << YAML::Value << YAML::BeginMap;
    writeKey(out, "resolved_by_itself_within",
             formatDuration(ws.outcomes.resolvedByItselfWithinSeconds), true);
    writeKey(out, "keep_events_for", formatDuration(ws.outcomes.keepEventsSeconds), true);
    out << YAML::EndMap;
}

} // namespace wk
