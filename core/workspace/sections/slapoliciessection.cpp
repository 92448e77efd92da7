#include "workspacesections.h"

#include "domain/duration.h"
#include "workspace/yamlreader.h"
#include "workspace/yamlwriter.h"

namespace wk {

void readSlaPolicies(YamlReader &r, const YAML::Node &root, Workspace &ws)
{
    r.section(root, "sla_policies", QStringLiteral("SLA policy"),
              [&](const YAML::Node &n, const QString &what) {
                  r.checkKeys(n,
                              {"id", "name", "freshness", "availability", "delivery", "response",
                               "resolution", "escalation"},
                              what);
                  SlaPolicy p;
                  p.id = readId(r, n, "id", what);
                  const QString label =
                      p.id.isEmpty() ? what : QStringLiteral("SLA policy '%1'").arg(p.id);
                  p.name = r.text(n, "name", label);
                  p.escalation = r.text(n, "escalation", label);
                  r.reference(n, "escalation", QStringLiteral("escalation policy"), p.escalation,
                              label);
                  p.freshnessMaxAgeSeconds = r.duration(n, "freshness", label);
                  p.availabilityPercent = r.number(n, "availability", label);
                  if (p.availabilityPercent &&
                      (*p.availabilityPercent <= 0 || *p.availabilityPercent > 100)) {
                      r.error(n["availability"],
                              QStringLiteral("'availability' of %1 must be a percentage above 0 "
                                             "and at most 100, such as 99.5")
                                  .arg(label));
                      p.availabilityPercent.reset();
                  }
                  if (const YAML::Node d = n["delivery"]; d && !d.IsNull()) {
                      if (!d.IsSequence()) {
                          r.error(d, QStringLiteral("'delivery' of %1 must be a list").arg(label));
                      } else {
                          for (const YAML::Node &item : d) {
                              const QString dl = QStringLiteral("a delivery of %1").arg(label);
                              if (!r.expectMap(item, dl))
                                  continue;
                              r.checkKeys(item, {"what", "due"}, dl);
                              DeliveryDeadline dd;
                              dd.what = r.text(item, "what", dl, true);
                              const QString due = r.text(item, "due", dl, true);
                              if (const auto parsed = dueFromName(due))
                                  dd.due = *parsed;
                              else if (!due.isEmpty())
                                  r.error(item["due"],
                                          QStringLiteral("'due' of %1 must be end_of_day, "
                                                         "end_of_week or end_of_month, not '%2'")
                                              .arg(dl, due));
                              p.deliveries.append(dd);
                          }
                      }
                  }
                  const YAML::Node resp = n["response"];
                  const YAML::Node reso = n["resolution"];
                  const bool hasResp = resp && !resp.IsNull();
                  const bool hasReso = reso && !reso.IsNull();
                  if (hasResp != hasReso)
                      r.error(n, QStringLiteral("%1 must give both 'response' and 'resolution' "
                                                "targets, or neither")
                                     .arg(label));
                  if (hasResp && hasReso &&
                      r.expectMap(resp, QStringLiteral("'response' of %1").arg(label)) &&
                      r.expectMap(reso, QStringLiteral("'resolution' of %1").arg(label))) {
                      const QString rl = QStringLiteral("'response' of %1").arg(label);
                      const QString sl = QStringLiteral("'resolution' of %1").arg(label);
                      r.checkKeys(resp, {"critical", "high", "medium"}, rl);
                      r.checkKeys(reso, {"critical", "high", "medium"}, sl);
                      for (Severity s : allSeverities) {
                          const QByteArray key = severityName(s).toLatin1();
                          const auto a = r.duration(resp, key.constData(), rl, true);
                          const auto b = r.duration(reso, key.constData(), sl, true);
                          if (a && b && *a > *b)
                              r.error(reso[key.constData()],
                                      QStringLiteral("%1: the %2 resolution target (%3) is shorter "
                                                     "than its response target (%4)")
                                          .arg(label, severityName(s), formatDuration(*b),
                                               formatDuration(*a)));
                          if (a && b)
                              p.targets.append({s, *a, *b});
                      }
                  }
                  ws.slaPolicies.append(p);
                  return p.id;
              });
}

void writeSlaPolicies(YAML::Emitter &out, const Workspace &ws)
{
    if (ws.slaPolicies.isEmpty())
        return;
    out << YAML::Key << "sla_policies" << YAML::Value << YAML::BeginSeq;
    for (const SlaPolicy &p : ws.slaPolicies) {
        out << YAML::BeginMap;
        writeKey(out, "id", p.id, true);
        writeKey(out, "name", p.name);
        writeKey(out, "escalation", p.escalation);
        if (p.freshnessMaxAgeSeconds)
            writeKey(out, "freshness", formatDuration(*p.freshnessMaxAgeSeconds));
        if (p.availabilityPercent)
            out << YAML::Key << "availability" << YAML::Value << yamlNumber(*p.availabilityPercent);
        if (!p.deliveries.isEmpty()) {
            out << YAML::Key << "delivery" << YAML::Value << YAML::BeginSeq;
            for (const DeliveryDeadline &d : p.deliveries) {
                out << YAML::Flow << YAML::BeginMap;
                writeKey(out, "what", d.what, true);
                writeKey(out, "due", dueName(d.due), true);
                out << YAML::EndMap;
            }
            out << YAML::EndSeq;
        }
        if (!p.targets.isEmpty()) {
            for (const char *which : {"response", "resolution"}) {
                const bool response = std::string_view(which) == "response";
                out << YAML::Key << which << YAML::Value << YAML::Flow << YAML::BeginMap;
                for (const SeverityTarget &t : p.targets)
                    writeKey(out, severityName(t.severity).toLatin1().constData(),
                             formatDuration(response ? t.responseSeconds : t.resolutionSeconds));
                out << YAML::EndMap;
            }
        }
        out << YAML::EndMap;
    }
    out << YAML::EndSeq;
}

} // namespace wk
