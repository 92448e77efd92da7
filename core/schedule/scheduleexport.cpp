#include "scheduleexport.h"

#include "text/csvvalues.h"

#include <QTimeZone>

#include <libical/ical.h>

#include <cstdlib>

namespace wk {

namespace {

icaltimetype utcTime(const QDateTime &t)
{
    return icaltime_from_timet_with_zone(static_cast<time_t>(t.toSecsSinceEpoch()), 0,
                                         icaltimezone_get_utc_timezone());
}

void addX(icalcomponent *c, const char *name, const QString &value)
{
    if (value.isEmpty())
        return;
    icalproperty *p = icalproperty_new_x(value.toUtf8().constData());
    icalproperty_set_x_name(p, name);
    icalcomponent_add_property(c, p);
}

QString personName(const Workspace &ws, const QString &id)
{
    const Person *p = ws.person(id);
    return p ? p->name : id;
}

QString layerTitle(RotationLayer layer)
{
    switch (layer) {
    case RotationLayer::Primary:
        return QStringLiteral("Primary");
    case RotationLayer::Secondary:
        return QStringLiteral("Secondary");
    case RotationLayer::MonthEnd:
        return QStringLiteral("Month-end cover");
    }
    return {};
}

} // namespace

QString ScheduleExport::title(const Shift &shift, const Workspace &workspace)
{
    const Rotation *r = workspace.rotation(shift.rotation);
    return QStringLiteral("%1 on call: %2 (%3)")
        .arg(layerTitle(shift.layer), personName(workspace, shift.person),
             r ? r->name : shift.rotation);
}

QByteArray ScheduleExport::toIcs(const QList<Shift> &shifts, const Workspace &workspace,
                                 const QDateTime &stamp)
{
    return toIcs(shifts, workspace, stamp, Published());
}

QByteArray ScheduleExport::toIcs(const QList<Shift> &shifts, const Workspace &workspace,
                                 const QDateTime &stamp, const Published &published)
{
    icalcomponent *cal = icalcomponent_new(ICAL_VCALENDAR_COMPONENT);
    icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
    icalcomponent_add_property(cal,
                               icalproperty_new_prodid("-//Watchkeeper//On-call schedule//EN"));
    icalcomponent_add_property(cal, icalproperty_new_method(ICAL_METHOD_PUBLISH));
    // Teams often name their workspace after the rotation ("Data Engineering On-call").
    if (!published.name.isEmpty())
        addX(cal, "X-WR-CALNAME", published.name);
    else
        addX(cal, "X-WR-CALNAME",
             workspace.name.contains(QLatin1String("on-call"), Qt::CaseInsensitive) ||
                     workspace.name.contains(QLatin1String("on call"), Qt::CaseInsensitive)
                 ? workspace.name
                 : QStringLiteral("%1 on-call").arg(workspace.name));
    if (published.refreshMinutes > 0) {
        const QString every = QStringLiteral("PT%1M").arg(published.refreshMinutes);
        // RFC 7986's property for current apps, Microsoft's for Outlook and older ones.
        if (icalproperty *refresh =
                icalproperty_new_from_string(QStringLiteral("REFRESH-INTERVAL;VALUE=DURATION:%1")
                                                 .arg(every)
                                                 .toUtf8()
                                                 .constData()))
            icalcomponent_add_property(cal, refresh);
        addX(cal, "X-PUBLISHED-TTL", every);
    }
    for (const Shift &s : shifts) {
        icalcomponent *ev = icalcomponent_new(ICAL_VEVENT_COMPONENT);
        const QString uid = QStringLiteral("%1-%2-%3-%4@watchkeeper")
                                .arg(s.rotation, rotationLayerName(s.layer))
                                .arg(s.slot)
                                .arg(s.start.toSecsSinceEpoch());
        icalcomponent_add_property(ev, icalproperty_new_uid(uid.toUtf8().constData()));
        icalcomponent_add_property(ev, icalproperty_new_dtstamp(utcTime(stamp)));
        icalcomponent_add_property(ev, icalproperty_new_dtstart(utcTime(s.start)));
        icalcomponent_add_property(ev, icalproperty_new_dtend(utcTime(s.end)));
        icalcomponent_add_property(
            ev, icalproperty_new_summary(title(s, workspace).toUtf8().constData()));
        // A published calendar names an organiser (RFC 5546): the person holding the shift.
        const Person *holder = workspace.person(s.person);
        const QString organizer = QStringLiteral("mailto:%1")
                                      .arg(holder && !holder->email.isEmpty()
                                               ? holder->email
                                               : QStringLiteral("on-call@watchkeeper.invalid"));
        icalcomponent_add_property(ev, icalproperty_new_organizer(organizer.toUtf8().constData()));
        QStringList description;
        if (const Person *p = holder)
            description << QStringLiteral("%1 <%2>").arg(p->name, p->email);
        if (s.isOverride())
            description << QStringLiteral("Override of %1's shift: %2")
                               .arg(personName(workspace, s.plannedPerson), s.note);
        else if (!s.note.isEmpty())
            description << s.note;
        if (s.holidayDays > 0)
            description << QStringLiteral("Holds %1 public holiday(s).").arg(s.holidayDays);
        icalcomponent_add_property(
            ev,
            icalproperty_new_description(description.join(QLatin1Char('\n')).toUtf8().constData()));
        icalcomponent_add_property(
            ev, icalproperty_new_categories(rotationLayerName(s.layer).toUtf8().constData()));
        icalcomponent_add_property(ev, icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT));
        addX(ev, "X-WATCHKEEPER-ROTATION", s.rotation);
        addX(ev, "X-WATCHKEEPER-LAYER", rotationLayerName(s.layer));
        addX(ev, "X-WATCHKEEPER-PERSON", s.person);
        addX(ev, "X-WATCHKEEPER-OVERRIDE", s.overrideId);
        icalcomponent_add_component(cal, ev);
    }
    char *text = icalcomponent_as_ical_string_r(cal);
    QByteArray out(text);
    std::free(text);
    icalcomponent_free(cal);
    return out;
}

bool ScheduleExport::validateIcs(const QByteArray &ics, QString *error)
{
    icalcomponent *cal = icalparser_parse_string(ics.constData());
    if (!cal || icalcomponent_isa(cal) != ICAL_VCALENDAR_COMPONENT) {
        if (cal)
            icalcomponent_free(cal);
        if (error)
            *error = QStringLiteral("libical finds no calendar in the text");
        return false;
    }
    const bool restricted = icalrestriction_check(cal) != 0;
    QStringList problems;
    // Parse and restriction problems alike are left as X-LIC-ERROR properties.
    for (icalcomponent *c = cal; c; c = nullptr) {
        for (icalproperty *p = icalcomponent_get_first_property(c, ICAL_XLICERROR_PROPERTY); p;
             p = icalcomponent_get_next_property(c, ICAL_XLICERROR_PROPERTY))
            problems << QString::fromUtf8(icalproperty_get_xlicerror(p));
        for (icalcomponent *ev = icalcomponent_get_first_component(c, ICAL_ANY_COMPONENT); ev;
             ev = icalcomponent_get_next_component(c, ICAL_ANY_COMPONENT)) {
            for (icalproperty *p = icalcomponent_get_first_property(ev, ICAL_XLICERROR_PROPERTY); p;
                 p = icalcomponent_get_next_property(ev, ICAL_XLICERROR_PROPERTY))
                problems << QString::fromUtf8(icalproperty_get_xlicerror(p));
        }
    }
    icalcomponent_free(cal);
    if (restricted && problems.isEmpty())
        return true;
    if (error)
        *error = problems.isEmpty() ? QStringLiteral("the calendar breaks RFC 5546 restrictions")
                                    : problems.join(QStringLiteral("; "));
    return false;
}

QByteArray ScheduleExport::toCsv(const QList<Shift> &shifts, const Workspace &workspace)
{
    QString out = QStringLiteral("rotation,layer,person,name,start_utc,end_utc,start_local,"
                                 "end_local,timezone,holiday_days,weekend_days,override,"
                                 "planned_person,note\n");
    for (const Shift &s : shifts) {
        const Rotation *r = workspace.rotation(s.rotation);
        const QString tzName = r ? r->timeZone : QStringLiteral("UTC");
        const QTimeZone zone(tzName.toUtf8());
        auto local = [&](const QDateTime &t) {
            return t.toTimeZone(zone.isValid() ? zone : QTimeZone::utc())
                .toString(QStringLiteral("yyyy-MM-dd HH:mm"));
        };
        const QStringList fields = {s.rotation,
                                    rotationLayerName(s.layer),
                                    s.person,
                                    personName(workspace, s.person),
                                    s.start.toUTC().toString(Qt::ISODate),
                                    s.end.toUTC().toString(Qt::ISODate),
                                    local(s.start),
                                    local(s.end),
                                    tzName,
                                    QString::number(s.holidayDays),
                                    QString::number(s.weekendDays),
                                    s.overrideId,
                                    s.plannedPerson,
                                    s.note};
        QStringList quoted;
        for (const QString &f : fields)
            quoted << csv::quoted(f);
        out += quoted.join(QLatin1Char(',')) + QLatin1Char('\n');
    }
    return out.toUtf8();
}

} // namespace wk
