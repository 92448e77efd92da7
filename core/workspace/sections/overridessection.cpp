#include "workspacesections.h"

#include "schedule/oncallschedule.h"
#include "workspace/yamlreader.h"
#include "workspace/yamlwriter.h"

namespace wk {

QList<YAML::Node> readOverrides(YamlReader &r, const YAML::Node &root, Workspace &ws)
{
    QList<YAML::Node> nodes; // beside ws.overrides, for the check once all is read
    r.section(root, "overrides", QStringLiteral("override"),
              [&](const YAML::Node &n, const QString &what) {
                  r.checkKeys(n,
                              {"id", "rotation", "seat", "layer", "person", "from", "to", "by",
                               "reason", "created", "swap_with", "covering"},
                              what);
                  ScheduleOverride o;
                  o.id = n["id"] ? readId(r, n, "id", what)
                                 : QStringLiteral("workspace-%1").arg(ws.overrides.size() + 1);
                  const QString label = QStringLiteral("override '%1'").arg(o.id);
                  o.rotation = r.text(n, "rotation", label, true);
                  const Rotation *rot = nullptr;
                  for (const Rotation &x : std::as_const(ws.rotations))
                      rot = x.id == o.rotation ? &x : rot;
                  if (!o.rotation.isEmpty() && !rot)
                      r.error(n["rotation"],
                              QStringLiteral("%1 refers to the unknown rotation '%2'")
                                  .arg(label, o.rotation));
                  const char *seat = seatKey(r, n, "seat", "layer", label);
                  const QString layer = r.text(n, seat, label);
                  if (!layer.isEmpty()) {
                      if (const auto l = rotationLayerFromName(layer))
                          o.layer = *l;
                      else
                          r.error(n[seat], QStringLiteral("'%1' of %2 must be primary, secondary "
                                                          "or month-end, not '%3'")
                                               .arg(QLatin1String(seat), label, layer));
                  }
                  o.person = r.text(n, "person", label, true);
                  r.reference(n, "person", QStringLiteral("person"), o.person, label);
                  const QTimeZone zone(rot ? rot->timeZone.toUtf8() : QByteArray("UTC"));
                  o.start = instant(r, n, "from", label, zone.isValid() ? zone : QTimeZone::utc());
                  o.end = instant(r, n, "to", label, zone.isValid() ? zone : QTimeZone::utc());
                  if (o.start.isValid() && o.end.isValid() && o.end <= o.start)
                      r.error(n["to"], QStringLiteral("%1 ends before it starts").arg(label));
                  o.createdBy = r.text(n, "by", label, true);
                  r.reference(n, "by", QStringLiteral("person"), o.createdBy, label);
                  o.reason = r.text(n, "reason", label, true);
                  if (n["created"])
                      o.createdAt = instant(r, n, "created", label, QTimeZone::utc());
                  o.swapWith = r.text(n, "swap_with", label);
                  o.covering = r.text(n, "covering", label);
                  if (!o.covering.isEmpty())
                      r.reference(n, "covering", QStringLiteral("person"), o.covering, label);
                  ws.overrides.append(o);
                  nodes.append(n);
                  return o.id;
              });
    return nodes;
}

void checkOverrideSeats(YamlReader &r, const Workspace &ws, const QList<YAML::Node> &nodes)
{
    // The planner never seats one person twice; an override must not either.
    const OnCallSchedule schedule(ws);
    for (qsizetype i = 0; i < ws.overrides.size(); ++i) {
        const QString problem = schedule.bothSeatsProblem(ws.overrides.at(i));
        if (!problem.isEmpty())
            r.error(nodes.at(i)["person"],
                    QStringLiteral("override '%1': %2").arg(ws.overrides.at(i).id, problem));
        else if (const QString review = schedule.reviewProblem(ws.overrides.at(i));
                 !review.isEmpty())
            r.warn(nodes.at(i)["covering"], QStringLiteral("override '%1' needs review: %2")
                                                .arg(ws.overrides.at(i).id, review));
    }
}

void writeOverrides(YAML::Emitter &out, const Workspace &ws)
{
    if (ws.overrides.isEmpty())
        return;
    out << YAML::Key << "overrides" << YAML::Value << YAML::BeginSeq;
    for (const ScheduleOverride &o : ws.overrides) {
        out << YAML::BeginMap;
        writeKey(out, "id", o.id, true);
        writeKey(out, "rotation", o.rotation, true);
        writeKey(out, "seat", rotationLayerName(o.layer), true);
        writeKey(out, "person", o.person, true);
        writeKey(out, "from", utcText(o.start), true);
        writeKey(out, "to", utcText(o.end), true);
        writeKey(out, "by", o.createdBy, true);
        writeKey(out, "reason", o.reason, true);
        if (o.createdAt.isValid())
            writeKey(out, "created", utcText(o.createdAt));
        writeKey(out, "swap_with", o.swapWith);
        writeKey(out, "covering", o.covering);
        out << YAML::EndMap;
    }
    out << YAML::EndSeq;
}

} // namespace wk
