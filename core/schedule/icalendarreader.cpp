#include "icalendarreader.h"

#include <QFile>
#include <QRegularExpression>

#include <libical/ical.h>

#include <memory>

namespace wk {

namespace {

// Longer than any horizon a schedule looks at, short enough that a daily rule without an
// end cannot run away.
constexpr int maxOccurrences = 2000;

struct ComponentDeleter
{
    void operator()(icalcomponent *c) const { icalcomponent_free(c); }
};
using ComponentPtr = std::unique_ptr<icalcomponent, ComponentDeleter>;

QList<int> eventLines(const QByteArray &text)
{
    QList<int> lines;
    int line = 0;
    for (const QByteArray &raw : text.split('\n')) {
        ++line;
        if (raw.trimmed().compare("BEGIN:VEVENT", Qt::CaseInsensitive) == 0)
            lines << line;
    }
    return lines;
}

QString propertyText(const char *text)
{
    return text ? QString::fromUtf8(text) : QString();
}

class EventReader
{
public:
    EventReader(icalcomponent *calendar, QString fileName, QTimeZone floating, QDate until)
        : m_calendar(calendar), m_file(std::move(fileName)), m_floating(std::move(floating)),
          m_until(until)
    {}

    QList<Diagnostic> diagnostics;

    // The instant of a DATE-TIME value: UTC, a named zone (IANA, or one the file defines
    // in a VTIMEZONE), or floating.
    std::optional<QDateTime> instant(const icaltimetype &t, icalproperty *prop, int line,
                                     const QString &what)
    {
        const QDate date(t.year, t.month, t.day);
        const QTime time(t.hour, t.minute, t.second);
        if (!date.isValid() || !time.isValid()) {
            fail(line, QStringLiteral("%1 is not a valid date and time").arg(what));
            return std::nullopt;
        }
        if (icaltime_is_utc(t))
            return QDateTime(date, time, QTimeZone::utc());
        icalparameter *tzParam = icalproperty_get_first_parameter(prop, ICAL_TZID_PARAMETER);
        if (!tzParam)
            return QDateTime(date, time, m_floating).toUTC();
        const QByteArray tzid = icalparameter_get_tzid(tzParam);
        if (QTimeZone::isTimeZoneIdAvailable(tzid))
            return QDateTime(date, time, QTimeZone(tzid)).toUTC();
        if (icaltimezone *zone = icalcomponent_get_timezone(m_calendar, tzid.constData())) {
            icaltimetype local = t;
            local.zone = nullptr;
            const time_t secs = icaltime_as_timet_with_zone(local, zone);
            return QDateTime::fromSecsSinceEpoch(static_cast<qint64>(secs), QTimeZone::utc());
        }
        fail(line, QStringLiteral("%1 uses the unknown time zone '%2'")
                       .arg(what, QString::fromUtf8(tzid)));
        return std::nullopt;
    }

    void read(icalcomponent *event, int line, QList<CalendarEvent> &out)
    {
        for (icalproperty *p = icalcomponent_get_first_property(event, ICAL_XLICERROR_PROPERTY); p;
             p = icalcomponent_get_next_property(event, ICAL_XLICERROR_PROPERTY))
            fail(line, QStringLiteral("event is malformed: %1")
                           .arg(propertyText(icalproperty_get_xlicerror(p))));

        CalendarEvent e;
        e.line = line;
        e.uid = propertyText(icalcomponent_get_uid(event));
        e.summary = propertyText(icalcomponent_get_summary(event)).trimmed();
        e.description = propertyText(icalcomponent_get_description(event));
        for (icalproperty *p = icalcomponent_get_first_property(event, ICAL_X_PROPERTY); p;
             p = icalcomponent_get_next_property(event, ICAL_X_PROPERTY))
            e.extras.insert(propertyText(icalproperty_get_x_name(p)),
                            propertyText(icalproperty_get_x(p)));
        const QString label =
            e.summary.isEmpty() ? QStringLiteral("event") : QStringLiteral("'%1'").arg(e.summary);

        icalproperty *startProp = icalcomponent_get_first_property(event, ICAL_DTSTART_PROPERTY);
        if (!startProp) {
            fail(line, QStringLiteral("%1 has no DTSTART").arg(label));
            return;
        }
        const icaltimetype dtstart = icalproperty_get_dtstart(startProp);
        if (icaltime_is_null_time(dtstart)) {
            fail(line, QStringLiteral("the DTSTART of %1 is not a valid date").arg(label));
            return;
        }
        e.allDay = dtstart.is_date;

        // The length of one occurrence: DTEND, else DURATION, else a day or an instant.
        qint64 lengthSecs = e.allDay ? 86400 : 0;
        qint64 lengthDays = e.allDay ? 1 : 0;
        if (icalproperty *endProp = icalcomponent_get_first_property(event, ICAL_DTEND_PROPERTY)) {
            const icaltimetype dtend = icalproperty_get_dtend(endProp);
            if (dtend.is_date != dtstart.is_date) {
                fail(line, QStringLiteral("%1 mixes a date and a date-time in DTSTART and DTEND")
                               .arg(label));
                return;
            }
            if (e.allDay) {
                lengthDays = QDate(dtstart.year, dtstart.month, dtstart.day)
                                 .daysTo(QDate(dtend.year, dtend.month, dtend.day));
            } else {
                const auto s = instant(dtstart, startProp, line, QStringLiteral("DTSTART"));
                const auto en = instant(dtend, endProp, line, QStringLiteral("DTEND"));
                if (!s || !en)
                    return;
                lengthSecs = s->secsTo(*en);
            }
        } else if (icalproperty *durProp =
                       icalcomponent_get_first_property(event, ICAL_DURATION_PROPERTY)) {
            const int secs = icaldurationtype_as_int(icalproperty_get_duration(durProp));
            lengthSecs = secs;
            lengthDays = secs / 86400;
        }
        if ((e.allDay && lengthDays <= 0) || (!e.allDay && lengthSecs < 0)) {
            fail(line, QStringLiteral("%1 ends before it starts").arg(label));
            return;
        }

        QList<icaltimetype> starts{dtstart};
        if (icalproperty *rrule = icalcomponent_get_first_property(event, ICAL_RRULE_PROPERTY)) {
            starts.clear();
            QList<icaltimetype> excluded;
            for (icalproperty *x = icalcomponent_get_first_property(event, ICAL_EXDATE_PROPERTY); x;
                 x = icalcomponent_get_next_property(event, ICAL_EXDATE_PROPERTY))
                excluded << icalproperty_get_exdate(x);
            icalrecur_iterator *it = icalrecur_iterator_new(icalproperty_get_rrule(rrule), dtstart);
            if (!it) {
                fail(line, QStringLiteral("the RRULE of %1 cannot be expanded").arg(label));
                return;
            }
            for (icaltimetype t = icalrecur_iterator_next(it);
                 !icaltime_is_null_time(t) && starts.size() < maxOccurrences;
                 t = icalrecur_iterator_next(it)) {
                if (QDate(t.year, t.month, t.day) > m_until)
                    break;
                bool skip = false;
                for (const icaltimetype &x : std::as_const(excluded))
                    skip = skip || (x.year == t.year && x.month == t.month && x.day == t.day &&
                                    (x.is_date || (x.hour == t.hour && x.minute == t.minute)));
                if (!skip)
                    starts << t;
            }
            icalrecur_iterator_free(it);
        }

        for (const icaltimetype &t : std::as_const(starts)) {
            CalendarEvent occurrence = e;
            if (e.allDay) {
                occurrence.startDate = QDate(t.year, t.month, t.day);
                if (!occurrence.startDate.isValid()) {
                    fail(line, QStringLiteral("the DTSTART of %1 is not a valid date").arg(label));
                    return;
                }
                occurrence.endDate = occurrence.startDate.addDays(lengthDays);
            } else {
                const auto s = instant(t, startProp, line, QStringLiteral("DTSTART"));
                if (!s)
                    return;
                occurrence.start = *s;
                occurrence.end = s->addSecs(lengthSecs);
            }
            out << occurrence;
        }
    }

private:
    void fail(int line, const QString &message) { diagnostics.append({m_file, line, 0, message}); }

    icalcomponent *m_calendar;
    QString m_file;
    QTimeZone m_floating;
    QDate m_until;
};

} // namespace

CalendarReadResult ICalendarReader::readFile(const QString &path, const QTimeZone &floatingZone,
                                             const QDate &expandUntil)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        CalendarReadResult result;
        result.diagnostics.append(
            {path, 0, 0, QStringLiteral("cannot open the calendar: %1").arg(file.errorString())});
        return result;
    }
    return parse(file.readAll(), path, floatingZone, expandUntil);
}

CalendarReadResult ICalendarReader::parse(const QByteArray &text, const QString &fileName,
                                          const QTimeZone &floatingZone, const QDate &expandUntil)
{
    CalendarReadResult result;
    if (!text.contains("BEGIN:VCALENDAR")) {
        result.diagnostics.append(
            {fileName, 0, 0, QStringLiteral("not an iCalendar file (no BEGIN:VCALENDAR)")});
        return result;
    }
    ComponentPtr root(icalparser_parse_string(text.constData()));
    icalcomponent *calendar = root.get();
    if (calendar && icalcomponent_isa(calendar) != ICAL_VCALENDAR_COMPONENT)
        calendar = icalcomponent_get_first_component(calendar, ICAL_VCALENDAR_COMPONENT);
    if (!calendar) {
        result.diagnostics.append(
            {fileName, 0, 0, QStringLiteral("not an iCalendar file: libical found no calendar")});
        return result;
    }
    for (icalproperty *p = icalcomponent_get_first_property(calendar, ICAL_X_PROPERTY); p;
         p = icalcomponent_get_next_property(calendar, ICAL_X_PROPERTY)) {
        if (qstrcmp(icalproperty_get_x_name(p), "X-WR-CALNAME") == 0)
            result.name = propertyText(icalproperty_get_x(p)).trimmed();
    }
    const QList<int> lines = eventLines(text);
    EventReader reader(calendar, fileName, floatingZone, expandUntil);
    int index = 0;
    for (icalcomponent *event = icalcomponent_get_first_component(calendar, ICAL_VEVENT_COMPONENT);
         event; event = icalcomponent_get_next_component(calendar, ICAL_VEVENT_COMPONENT)) {
        reader.read(event, index < lines.size() ? lines.at(index) : 0, result.events);
        ++index;
    }
    result.diagnostics = reader.diagnostics;
    if (!result.diagnostics.isEmpty())
        result.events.clear();
    return result;
}

} // namespace wk
