#include "schedulejson.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace wk::schedulejson {

namespace {

QString iso(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QDateTime instant(const QJsonValue &v)
{
    const QString s = v.toString();
    return s.isEmpty() ? QDateTime() : QDateTime::fromString(s, Qt::ISODateWithMs).toUTC();
}

QJsonArray strings(const QStringList &list)
{
    return QJsonArray::fromStringList(list);
}

QStringList stringList(const QJsonValue &v)
{
    QStringList out;
    for (const QJsonValue x : v.toArray())
        out << x.toString();
    return out;
}

} // namespace

QJsonObject overrideToJson(const ScheduleOverride &o)
{
    return {{QStringLiteral("id"), o.id},
            {QStringLiteral("rotation"), o.rotation},
            {QStringLiteral("layer"), rotationLayerName(o.layer)},
            {QStringLiteral("person"), o.person},
            {QStringLiteral("start"), iso(o.start)},
            {QStringLiteral("end"), iso(o.end)},
            {QStringLiteral("by"), o.createdBy},
            {QStringLiteral("reason"), o.reason},
            {QStringLiteral("created"), iso(o.createdAt)},
            {QStringLiteral("swap_with"), o.swapWith},
            {QStringLiteral("request"), o.request},
            {QStringLiteral("covering"), o.covering}};
}

ScheduleOverride overrideFromJson(const QJsonObject &j)
{
    ScheduleOverride o;
    o.id = j.value(QStringLiteral("id")).toString();
    o.rotation = j.value(QStringLiteral("rotation")).toString();
    o.layer = rotationLayerFromName(j.value(QStringLiteral("layer")).toString())
                  .value_or(RotationLayer::Primary);
    o.person = j.value(QStringLiteral("person")).toString();
    o.start = instant(j.value(QStringLiteral("start")));
    o.end = instant(j.value(QStringLiteral("end")));
    o.createdBy = j.value(QStringLiteral("by")).toString();
    o.reason = j.value(QStringLiteral("reason")).toString();
    o.createdAt = instant(j.value(QStringLiteral("created")));
    o.swapWith = j.value(QStringLiteral("swap_with")).toString();
    o.request = j.value(QStringLiteral("request")).toString();
    o.covering = j.value(QStringLiteral("covering")).toString();
    return o;
}

QByteArray write(const Workspace &ws)
{
    QJsonArray rotations;
    for (const Rotation &r : ws.rotations) {
        QJsonObject o{{QStringLiteral("id"), r.id},
                      {QStringLiteral("name"), r.name},
                      {QStringLiteral("pipelines"), strings(r.pipelines)},
                      {QStringLiteral("participants"), strings(r.participants)},
                      {QStringLiteral("shift_s"), QString::number(r.shiftSeconds)},
                      {QStringLiteral("weekday"), r.handoffWeekday},
                      {QStringLiteral("time"), r.handoffTime.toString(QStringLiteral("HH:mm"))},
                      {QStringLiteral("timezone"), r.timeZone},
                      {QStringLiteral("start"), r.start.toString(Qt::ISODate)},
                      {QStringLiteral("secondary"), r.secondary},
                      {QStringLiteral("month_end_days"), r.monthEndDays}};
        if (!r.swapApprover.isEmpty())
            o.insert(QStringLiteral("swap_approver"), r.swapApprover);
        if (!r.handoffChannel.isEmpty())
            o.insert(QStringLiteral("handoff_channel"), r.handoffChannel);
        if (r.workingHours) {
            QJsonArray days;
            for (int d : r.workingHours->weekdays)
                days << d;
            o.insert(QStringLiteral("working_hours"),
                     QJsonObject{{QStringLiteral("days"), days},
                                 {QStringLiteral("from"),
                                  r.workingHours->from.toString(QStringLiteral("HH:mm"))},
                                 {QStringLiteral("to"),
                                  r.workingHours->to.toString(QStringLiteral("HH:mm"))}});
        }
        rotations << o;
    }
    QJsonArray holidays;
    for (const HolidayCalendar &c : ws.holidays) {
        QJsonArray days;
        for (const Holiday &h : c.days)
            days << QJsonObject{{QStringLiteral("date"), h.date.toString(Qt::ISODate)},
                                {QStringLiteral("name"), h.name}};
        holidays << QJsonObject{{QStringLiteral("name"), c.name},
                                {QStringLiteral("path"), c.path},
                                {QStringLiteral("days"), days}};
    }
    QJsonArray timeOff;
    for (const TimeOff &t : ws.timeOff)
        timeOff << QJsonObject{{QStringLiteral("person"), t.person},
                               {QStringLiteral("start"), iso(t.start)},
                               {QStringLiteral("end"), iso(t.end)},
                               {QStringLiteral("reason"), t.reason},
                               {QStringLiteral("calendar"), t.calendar}};
    QJsonArray overrides;
    for (const ScheduleOverride &o : ws.overrides)
        overrides << overrideToJson(o);
    return QJsonDocument(QJsonObject{{QStringLiteral("rotations"), rotations},
                                     {QStringLiteral("holidays"), holidays},
                                     {QStringLiteral("time_off"), timeOff},
                                     {QStringLiteral("overrides"), overrides}})
        .toJson(QJsonDocument::Compact);
}

bool read(const QByteArray &json, Workspace &ws, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (!doc.isObject()) {
        if (error)
            *error = QStringLiteral("the stored schedule is not valid JSON: %1")
                         .arg(parseError.errorString());
        return false;
    }
    const QJsonObject root = doc.object();
    for (const QJsonValue v : root.value(QStringLiteral("rotations")).toArray()) {
        const QJsonObject o = v.toObject();
        Rotation r;
        r.id = o.value(QStringLiteral("id")).toString();
        r.name = o.value(QStringLiteral("name")).toString();
        r.pipelines = stringList(o.value(QStringLiteral("pipelines")));
        r.participants = stringList(o.value(QStringLiteral("participants")));
        r.shiftSeconds = o.value(QStringLiteral("shift_s")).toString().toLongLong();
        r.handoffWeekday = o.value(QStringLiteral("weekday")).toInt(1);
        r.handoffTime =
            QTime::fromString(o.value(QStringLiteral("time")).toString(), QStringLiteral("HH:mm"));
        r.timeZone = o.value(QStringLiteral("timezone")).toString();
        r.start = QDate::fromString(o.value(QStringLiteral("start")).toString(), Qt::ISODate);
        r.secondary = o.value(QStringLiteral("secondary")).toBool(true);
        r.monthEndDays = o.value(QStringLiteral("month_end_days")).toInt();
        r.swapApprover = o.value(QStringLiteral("swap_approver")).toString();
        r.handoffChannel = o.value(QStringLiteral("handoff_channel")).toString();
        if (o.contains(QStringLiteral("working_hours"))) {
            const QJsonObject w = o.value(QStringLiteral("working_hours")).toObject();
            WorkingHours hours;
            for (const QJsonValue d : w.value(QStringLiteral("days")).toArray())
                hours.weekdays << d.toInt();
            hours.from = QTime::fromString(w.value(QStringLiteral("from")).toString(),
                                           QStringLiteral("HH:mm"));
            hours.to = QTime::fromString(w.value(QStringLiteral("to")).toString(),
                                         QStringLiteral("HH:mm"));
            r.workingHours = hours;
        }
        ws.rotations << r;
    }
    for (const QJsonValue v : root.value(QStringLiteral("holidays")).toArray()) {
        const QJsonObject o = v.toObject();
        HolidayCalendar c;
        c.name = o.value(QStringLiteral("name")).toString();
        c.path = o.value(QStringLiteral("path")).toString();
        for (const QJsonValue d : o.value(QStringLiteral("days")).toArray())
            c.days.append({QDate::fromString(d[QStringLiteral("date")].toString(), Qt::ISODate),
                           d[QStringLiteral("name")].toString()});
        ws.holidays << c;
    }
    for (const QJsonValue v : root.value(QStringLiteral("time_off")).toArray()) {
        const QJsonObject o = v.toObject();
        ws.timeOff.append({o.value(QStringLiteral("person")).toString(),
                           instant(o.value(QStringLiteral("start"))),
                           instant(o.value(QStringLiteral("end"))),
                           o.value(QStringLiteral("reason")).toString(),
                           o.value(QStringLiteral("calendar")).toString()});
    }
    for (const QJsonValue v : root.value(QStringLiteral("overrides")).toArray())
        ws.overrides << overrideFromJson(v.toObject());
    return true;
}

} // namespace wk::schedulejson
