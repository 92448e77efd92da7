#include "workspacesections.h"

#include "workspace/yamlreader.h"
#include "workspace/yamlwriter.h"

namespace wk {

void readTimeOff(YamlReader &r, const YAML::Node &root, Workspace &ws)
{
    int entries = 0;
    r.section(root, "time_off", QStringLiteral("time off"),
              [&](const YAML::Node &n, const QString &what) {
                  r.checkKeys(n, {"person", "calendar", "from", "to", "reason"}, what);
                  const QString person = r.text(n, "person", what, true);
                  r.reference(n, "person", QStringLiteral("person"), person, what);
                  QTimeZone zone = QTimeZone::utc();
                  for (const Person &p : std::as_const(ws.people)) {
                      if (p.id == person && QTimeZone::isTimeZoneIdAvailable(p.timeZone.toUtf8()))
                          zone = QTimeZone(p.timeZone.toUtf8());
                  }
                  const QString path = r.text(n, "calendar", what);
                  const QString reason = r.text(n, "reason", what);
                  if (!path.isEmpty()) {
                      if (n["from"] || n["to"])
                          r.error(n,
                                  QStringLiteral("%1 gives a 'calendar' and dates; use one or the "
                                                 "other")
                                      .arg(what));
                      const CalendarReadResult read = readCalendar(r, n, path, zone);
                      for (const CalendarEvent &e : read.events)
                          ws.timeOff.append({person, e.startIn(zone), e.endIn(zone),
                                             reason.isEmpty() ? e.summary : reason, path});
                  } else {
                      TimeOff off;
                      off.person = person;
                      off.reason = reason;
                      off.start = instant(r, n, "from", what, zone);
                      // A bare date as 'to' is the last day away, so the absence ends the next
                      // midnight.
                      const QString to = r.text(n, "to", what);
                      off.end = instant(r, n, "to", what, zone);
                      if (off.end.isValid() && to.trimmed().size() == 10)
                          off.end = off.end.toTimeZone(zone).addDays(1).toUTC();
                      if (off.start.isValid() && off.end.isValid() && off.end <= off.start)
                          r.error(n["to"], QStringLiteral("%1 ends before it starts").arg(what));
                      ws.timeOff.append(off);
                  }
                  return QString::number(++entries);
              });
}

void writeTimeOff(YAML::Emitter &out, const Workspace &ws)
{
    if (ws.timeOff.isEmpty())
        return;
    out << YAML::Key << "time_off" << YAML::Value << YAML::BeginSeq;
    for (const TimeOff &t : ws.timeOff) {
        out << YAML::BeginMap;
        writeKey(out, "person", t.person, true);
        writeKey(out, "from", utcText(t.start), true);
        writeKey(out, "to", utcText(t.end), true);
        writeKey(out, "reason", t.reason);
        out << YAML::EndMap;
    }
    out << YAML::EndSeq;
}

} // namespace wk
