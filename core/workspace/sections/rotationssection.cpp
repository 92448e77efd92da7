#include "workspacesections.h"

#include "domain/duration.h"
#include "workspace/yamlreader.h"
#include "workspace/yamlwriter.h"

#include <QHash>

namespace wk {

namespace {

void readRotation(YamlReader &r, const YAML::Node &n, Rotation &rot, const QString &label)
{
    rot.name = r.text(n, "name", label, true);
    rot.pipelines = r.list(n, "pipelines", label, QStringLiteral("pipeline"));
    rot.participants = r.list(n, "participants", label, QStringLiteral("person"));
    if (rot.participants.isEmpty())
        r.error(n, QStringLiteral("%1 needs at least one of 'participants'").arg(label));
    if (QSet<QString>(rot.participants.cbegin(), rot.participants.cend()).size() !=
        rot.participants.size())
        r.error(n["participants"], QStringLiteral("%1 lists a participant twice").arg(label));
    rot.shiftSeconds = r.duration(n, "shift", label).value_or(7 * 86400);
    if (rot.shiftSeconds < 3600 || rot.shiftSeconds % 3600 != 0)
        r.error(n["shift"],
                QStringLiteral("'shift' of %1 must be whole hours, at least 1h").arg(label));
    if (const YAML::Node h = n["handoff"]; h && !h.IsNull()) {
        const QString hl = QStringLiteral("'handoff' of %1").arg(label);
        if (r.expectMap(h, hl)) {
            r.checkKeys(h, {"weekday", "time"}, hl);
            const QString day = r.text(h, "weekday", hl);
            if (!day.isEmpty()) {
                if (const auto wd = weekdayFromName(day))
                    rot.handoffWeekday = *wd;
                else
                    r.error(h["weekday"],
                            QStringLiteral("'weekday' of %1 must be a day such as monday, not '%2'")
                                .arg(hl, day));
            }
            rot.handoffTime = clockTime(r, h, "time", hl, rot.handoffTime).value_or(QTime(10, 0));
        }
    }
    const QString tz = r.text(n, "timezone", label);
    if (!tz.isEmpty()) {
        rot.timeZone = tz;
        if (!QTimeZone::isTimeZoneIdAvailable(tz.toUtf8()))
            r.error(n["timezone"], QStringLiteral("unknown time zone '%1' for %2 (use an IANA name "
                                                  "such as Europe/Berlin)")
                                       .arg(tz, label));
    }
    rot.start = calendarDate(r, n, "start", label, true);
    // The planner deals every turn from the start on: a start centuries back, or hourly turns
    // over decades, would take minutes and gigabytes to plan. No team needs either.
    constexpr qint64 maxShiftSeconds = 52LL * 7 * 86400;
    constexpr qint64 maxTurnsBack = 50'000;
    if (rot.shiftSeconds > maxShiftSeconds)
        r.error(n["shift"], QStringLiteral("'shift' of %1 must be at most 52w").arg(label));
    if (rot.start.isValid() && (rot.start.year() < 2000 || rot.start.year() > 2100)) {
        r.error(n["start"], QStringLiteral("'start' of %1 is %2; a rotation starts between the "
                                           "years 2000 and 2100")
                                .arg(label, rot.start.toString(Qt::ISODate)));
    } else if (rot.start.isValid() && rot.shiftSeconds >= 3600) {
        const qint64 turns = rot.start.daysTo(QDate::currentDate()) * 86400 / rot.shiftSeconds;
        if (turns > maxTurnsBack) {
            const QDate latest =
                QDate::currentDate().addDays(-(maxTurnsBack * rot.shiftSeconds / 86400));
            r.error(n["start"], QStringLiteral("%1 has %2 turns between its 'start' and today; "
                                               "planning that many takes too long. Start it on "
                                               "%3 or later, or use longer shifts")
                                    .arg(label)
                                    .arg(turns)
                                    .arg(latest.toString(Qt::ISODate)));
        }
    }
    // "seats" is the word people use; "layers" is read as its older spelling.
    const char *seatsKey = seatKey(r, n, "seats", "layers", label);
    const QStringList layers = r.list(n, seatsKey, label);
    if (!layers.isEmpty()) {
        rot.secondary = layers.contains(QStringLiteral("secondary"));
        for (const QString &l : layers) {
            if (l != QLatin1String("primary") && l != QLatin1String("secondary"))
                r.error(n[seatsKey],
                        QStringLiteral("'%1' of %2 may hold primary and secondary, not '%3'")
                            .arg(QLatin1String(seatsKey), label, l));
        }
        if (!layers.contains(QStringLiteral("primary")))
            r.error(n[seatsKey], QStringLiteral("'%1' of %2 must include primary")
                                     .arg(QLatin1String(seatsKey), label));
    }
    if (rot.secondary && rot.participants.size() == 1)
        r.error(n["participants"], QStringLiteral("%1 has a secondary seat and needs at least two "
                                                  "participants")
                                       .arg(label));
    if (const auto days = r.duration(n, "month_end", label)) {
        if (*days % 86400 != 0 || *days > 14 * 86400)
            r.error(n["month_end"],
                    QStringLiteral("'month_end' of %1 must be whole days, at most 14d").arg(label));
        else
            rot.monthEndDays = static_cast<int>(*days / 86400);
        if (rot.participants.size() < 3)
            r.error(n["month_end"], QStringLiteral("%1 adds month-end cover and needs at least "
                                                   "three participants")
                                        .arg(label));
    }
    rot.swapApprover = r.text(n, "swap_approver", label);
    if (!rot.swapApprover.isEmpty())
        r.reference(n, "swap_approver", QStringLiteral("person"), rot.swapApprover, label);
    rot.handoffChannel = r.text(n, "handoff_channel", label);
    if (!rot.handoffChannel.isEmpty())
        r.reference(n, "handoff_channel", QStringLiteral("person"), rot.handoffChannel, label);
    if (const YAML::Node w = n["working_hours"]; w && !w.IsNull()) {
        const QString wl = QStringLiteral("'working_hours' of %1").arg(label);
        if (r.expectMap(w, wl)) {
            r.checkKeys(w, {"days", "from", "to"}, wl);
            WorkingHours hours;
            const QStringList days = r.list(w, "days", wl);
            for (const QString &d : days) {
                if (const auto wd = weekdayFromName(d))
                    hours.weekdays << *wd;
                else
                    r.error(w["days"], QStringLiteral("'days' of %1 must name weekdays such as "
                                                      "mon or friday, not '%2'")
                                           .arg(wl, d));
            }
            if (days.isEmpty())
                hours.weekdays = {1, 2, 3, 4, 5};
            hours.from = clockTime(r, w, "from", wl, QTime(9, 0)).value_or(QTime(9, 0));
            hours.to = clockTime(r, w, "to", wl, QTime(18, 0)).value_or(QTime(18, 0));
            if (hours.from >= hours.to)
                r.error(w, QStringLiteral("%1 must end after it starts").arg(wl));
            rot.workingHours = hours;
        }
    }
}

} // namespace

void readRotations(YamlReader &r, const YAML::Node &root, Workspace &ws)
{
    QHash<QString, QString> rotationOfPipeline;
    r.section(root, "rotations", QStringLiteral("rotation"),
              [&](const YAML::Node &n, const QString &what) {
                  r.checkKeys(n,
                              {"id", "name", "pipelines", "participants", "shift", "handoff",
                               "timezone", "start", "seats", "layers", "working_hours", "month_end",
                               "swap_approver", "handoff_channel"},
                              what);
                  Rotation rot;
                  rot.id = readId(r, n, "id", what);
                  const QString label =
                      rot.id.isEmpty() ? what : QStringLiteral("rotation '%1'").arg(rot.id);
                  readRotation(r, n, rot, label);
                  for (const QString &p : std::as_const(rot.pipelines)) {
                      const QString other = rotationOfPipeline.value(p);
                      if (!other.isEmpty() && other != rot.id)
                          r.error(n["pipelines"],
                                  QStringLiteral("pipeline '%1' is in %2 and in rotation '%3'; "
                                                 "one rotation answers for a pipeline")
                                      .arg(p, label, other));
                      rotationOfPipeline.insert(p, rot.id);
                  }
                  ws.rotations.append(rot);
                  return rot.id;
              });
}

void writeRotations(YAML::Emitter &out, const Workspace &ws)
{
    if (ws.rotations.isEmpty())
        return;
    static const char *days[] = {"",         "monday", "tuesday",  "wednesday",
                                 "thursday", "friday", "saturday", "sunday"};
    out << YAML::Key << "rotations" << YAML::Value << YAML::BeginSeq;
    for (const Rotation &r : ws.rotations) {
        out << YAML::BeginMap;
        writeKey(out, "id", r.id, true);
        writeKey(out, "name", r.name, true);
        writeList(out, "pipelines", r.pipelines);
        writeList(out, "participants", r.participants);
        writeKey(out, "shift", formatDuration(r.shiftSeconds));
        out << YAML::Key << "handoff" << YAML::Value << YAML::Flow << YAML::BeginMap;
        out << YAML::Key << "weekday" << YAML::Value << days[r.handoffWeekday];
        writeKey(out, "time", r.handoffTime.toString(QStringLiteral("HH:mm")));
        out << YAML::EndMap;
        writeKey(out, "timezone", r.timeZone);
        writeKey(out, "start", r.start.toString(Qt::ISODate));
        writeList(out, "seats",
                  r.secondary ? QStringList{QStringLiteral("primary"), QStringLiteral("secondary")}
                              : QStringList{QStringLiteral("primary")});
        if (r.monthEndDays > 0)
            writeKey(out, "month_end", formatDuration(qint64(r.monthEndDays) * 86400));
        writeKey(out, "swap_approver", r.swapApprover);
        writeKey(out, "handoff_channel", r.handoffChannel);
        if (r.workingHours) {
            QStringList wd;
            for (int d : r.workingHours->weekdays)
                wd << QString::fromLatin1(days[d]).left(3);
            out << YAML::Key << "working_hours" << YAML::Value << YAML::BeginMap;
            writeList(out, "days", wd);
            writeKey(out, "from", r.workingHours->from.toString(QStringLiteral("HH:mm")));
            writeKey(out, "to", r.workingHours->to.toString(QStringLiteral("HH:mm")));
            out << YAML::EndMap;
        }
        out << YAML::EndMap;
    }
    out << YAML::EndSeq;
}

} // namespace wk
