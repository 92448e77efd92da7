#include "workspacesections.h"

#include "domain/duration.h"
#include "workspace/yamlreader.h"
#include "workspace/yamlwriter.h"

namespace wk {

namespace {

// Anything finer than the receiver's once-a-second watch would be noise.
constexpr qint64 shortestIntervalSeconds = 10;

} // namespace

void readHeartbeats(YamlReader &r, const YAML::Node &root, Workspace &ws)
{
    r.section(root, "heartbeats", QStringLiteral("heartbeat"),
              [&](const YAML::Node &n, const QString &what) {
                  r.checkKeys(n, {"id", "pipeline", "interval", "grace", "severity"}, what);
                  Heartbeat h;
                  h.id = readId(r, n, "id", what);
                  const QString label =
                      h.id.isEmpty() ? what : QStringLiteral("heartbeat '%1'").arg(h.id);
                  // Its check-ins and silences are listed with the sources, under its id.
                  if (!h.id.isEmpty() && (ws.source(h.id) || h.id == QLatin1String("receiver")))
                      r.error(n["id"], QStringLiteral("%1 has the id of a source; the Sources pane "
                                                      "lists both, so give it another")
                                           .arg(label));
                  h.pipeline = r.text(n, "pipeline", label, true);
                  if (!h.pipeline.isEmpty())
                      r.reference(n, "pipeline", QStringLiteral("pipeline"), h.pipeline, label);
                  if (const auto interval = r.duration(n, "interval", label, true)) {
                      if (*interval < shortestIntervalSeconds)
                          r.error(n["interval"],
                                  QStringLiteral("'interval' of %1 must be at least %2")
                                      .arg(label, formatDuration(shortestIntervalSeconds)));
                      h.intervalSeconds = *interval;
                  }
                  h.graceSeconds = r.duration(n, "grace", label).value_or(0);
                  if (const QString severity = r.text(n, "severity", label); !severity.isEmpty()) {
                      if (const auto s = severityFromName(severity))
                          h.severity = *s;
                      else
                          r.error(n["severity"],
                                  QStringLiteral("'severity' of %1 must be critical, "
                                                 "high or medium, not '%2'")
                                      .arg(label, severity));
                  }
                  ws.heartbeats.append(h);
                  return h.id;
              });
    if (const YAML::Node n = root["heartbeats"]; n && n.size() > 0 && !ws.receiver.enabled)
        r.warn(n, QStringLiteral("heartbeats check in through the receiver, which is off: "
                                 "set 'enabled: true' under 'receiver' or every heartbeat "
                                 "will be reported missing"));
}

void writeHeartbeats(YAML::Emitter &out, const Workspace &ws)
{
    if (ws.heartbeats.isEmpty())
        return;
    out << YAML::Key << "heartbeats" << YAML::Value << YAML::BeginSeq;
    for (const Heartbeat &h : ws.heartbeats) {
        out << YAML::BeginMap;
        writeKey(out, "id", h.id, true);
        writeKey(out, "pipeline", h.pipeline, true);
        writeKey(out, "interval", formatDuration(h.intervalSeconds), true);
        if (h.graceSeconds > 0)
            writeKey(out, "grace", formatDuration(h.graceSeconds), true);
        if (h.severity != Heartbeat().severity)
            writeKey(out, "severity", severityName(h.severity), true);
        out << YAML::EndMap;
    }
    out << YAML::EndSeq;
}

} // namespace wk
