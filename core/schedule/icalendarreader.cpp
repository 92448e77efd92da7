#include "icalendarreader.h"

#include "text/boundedfile.h"

#include <QFile>
#include <QHash>

#include <libical/ical.h>

#include <algorithm>
#include <memory>

namespace wk {

namespace {

// Longer than any horizon a schedule looks at, short enough that a daily rule without an
// end cannot run away.
constexpr int maxOccurrences = 2000;
// Bounds on what one file may cost, whatever it says: holiday and time-off calendars are
// kilobytes and a few thousand days; a file past these is hostile or not a calendar.
constexpr qint64 maxFileBytes = 4 * 1024 * 1024;
constexpr qint64 maxDaysPerFile = 100'000; // occurrences' days, summed over the file
constexpr qint64 maxDaysPerOccurrence = 366;

struct ComponentDeleter
{
    void operator()(icalcomponent *c) const { icalcomponent_free(c); }
};
using ComponentPtr = std::unique_ptr<icalcomponent, ComponentDeleter>;

QString propertyText(const char *text)
{
    return text ? QString::fromUtf8(text) : QString();
}

// One VCALENDAR of the file, with the line its BEGIN stands on.
struct CalendarBlock
{
    QByteArray text;
    int firstLine = 1;
};

// Older exporters concatenate one VCALENDAR per event; libical reads only the first of
// them, so each is handed over on its own.
QList<CalendarBlock> calendarBlocks(const QByteArray &text)
{
    QList<CalendarBlock> blocks;
    int line = 0;
    CalendarBlock current;
    bool inside = false;
    for (const QByteArray &raw : text.split('\n')) {
        ++line;
        const QByteArray trimmed = raw.trimmed();
        if (!inside && trimmed.compare("BEGIN:VCALENDAR", Qt::CaseInsensitive) == 0) {
            inside = true;
            current = {{}, line};
        }
        if (!inside)
            continue;
        current.text += raw + '\n';
        if (trimmed.compare("END:VCALENDAR", Qt::CaseInsensitive) == 0) {
            blocks << current;
            inside = false;
        }
    }
    if (inside)
        blocks << current; // unterminated: libical reads what it can
    return blocks;
}

QList<int> eventLines(const CalendarBlock &block)
{
    QList<int> lines;
    int line = block.firstLine - 1;
    for (const QByteArray &raw : block.text.split('\n')) {
        ++line;
        if (raw.trimmed().compare("BEGIN:VEVENT", Qt::CaseInsensitive) == 0)
            lines << line;
    }
    return lines;
}

// A VEVENT as found in the file.
struct FoundEvent
{
    icalcomponent *event;
    icalcomponent *calendar; // whose VTIMEZONEs its TZIDs name
    int line;
};

// One start of an event: its DTSTART, an RRULE occurrence or an RDATE.
struct Start
{
    icaltimetype time;
    icalproperty *property;           // whose TZID applies
    std::optional<qint64> lengthSecs; // an RDATE period's own length
};

class EventReader
{
public:
    EventReader(QString fileName, const QTimeZone &floating, QDate until)
        : m_file(std::move(fileName)), m_floating(floating), m_until(until)
    {}

    QList<Diagnostic> problems; // each skips what it names

    // Occurrences moved by a RECURRENCE-ID, by UID: the master must not keep them.
    void noteMovedOccurrences(const QList<FoundEvent> &events)
    {
        for (const FoundEvent &f : events) {
            icalproperty *rid =
                icalcomponent_get_first_property(f.event, ICAL_RECURRENCEID_PROPERTY);
            if (!rid)
                continue;
            if (const auto at = instant(icalproperty_get_recurrenceid(rid), rid, f, nullptr))
                m_moved[propertyText(icalcomponent_get_uid(f.event))] << *at;
        }
    }

    void read(const FoundEvent &f, QList<CalendarEvent> &out)
    {
        if (m_days >= maxDaysPerFile) {
            tooMany(f.line);
            return;
        }
        icalcomponent *event = f.event;
        // libical drops properties it cannot parse and says so in X-LIC-ERROR.
        for (icalproperty *p = icalcomponent_get_first_property(event, ICAL_XLICERROR_PROPERTY); p;
             p = icalcomponent_get_next_property(event, ICAL_XLICERROR_PROPERTY))
            skip(f.line, QStringLiteral("part of the event was not read: %1")
                             .arg(propertyText(icalproperty_get_xlicerror(p))));

        CalendarEvent e;
        e.line = f.line;
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
            skip(f.line, QStringLiteral("%1 has no DTSTART; skipped").arg(label));
            return;
        }
        const icaltimetype dtstart = icalproperty_get_dtstart(startProp);
        const QDate startDay(dtstart.year, dtstart.month, dtstart.day);
        if (icaltime_is_null_time(dtstart) || !startDay.isValid()) {
            skip(f.line,
                 QStringLiteral("the DTSTART of %1 is not a valid date; skipped").arg(label));
            return;
        }
        e.allDay = dtstart.is_date;
        const auto length = lengthOf(f, startProp, dtstart, label);
        if (!length)
            return;

        QList<Start> starts;
        if (icalproperty *rrule = icalcomponent_get_first_property(event, ICAL_RRULE_PROPERTY)) {
            const icalrecurrencetype rule = icalproperty_get_rrule(rrule);
            // Holidays and time off repeat by the day at the finest. Finer rules are not
            // calendars of days, and libical can spend minutes looking for their matches
            // (an hourly rule limited to the third Monday of January, found by fuzzing).
            if (rule.freq == ICAL_SECONDLY_RECURRENCE || rule.freq == ICAL_MINUTELY_RECURRENCE ||
                rule.freq == ICAL_HOURLY_RECURRENCE) {
                skip(f.line, QStringLiteral("the RRULE of %1 repeats more often than daily; "
                                            "skipped")
                                 .arg(label));
                return;
            }
            if (!expand(rule, dtstart, startProp, starts)) {
                skip(f.line,
                     QStringLiteral("the RRULE of %1 cannot be expanded; skipped").arg(label));
                return;
            }
        } else {
            starts << Start{dtstart, startProp, std::nullopt};
        }
        for (icalproperty *p = icalcomponent_get_first_property(event, ICAL_RDATE_PROPERTY); p;
             p = icalcomponent_get_next_property(event, ICAL_RDATE_PROPERTY)) {
            const icaldatetimeperiodtype rdate = icalproperty_get_rdate(p);
            // Exporters often repeat DTSTART among the RDATEs; it is one occurrence.
            const icaltimetype at =
                icaltime_is_null_time(rdate.time) ? rdate.period.start : rdate.time;
            if (std::any_of(starts.cbegin(), starts.cend(),
                            [&](const Start &s) { return icaltime_compare(s.time, at) == 0; }))
                continue;
            if (!icaltime_is_null_time(rdate.time)) {
                starts << Start{rdate.time, p, std::nullopt};
            } else if (!icaltime_is_null_time(rdate.period.start)) {
                std::optional<qint64> own;
                if (!icaltime_is_null_time(rdate.period.end))
                    own =
                        icaltime_as_timet(rdate.period.end) - icaltime_as_timet(rdate.period.start);
                else if (!icaldurationtype_is_null_duration(rdate.period.duration))
                    own = icaldurationtype_as_int(rdate.period.duration);
                starts << Start{rdate.period.start, p, own};
            }
        }
        QList<icaltimetype> excluded;
        for (icalproperty *x = icalcomponent_get_first_property(event, ICAL_EXDATE_PROPERTY); x;
             x = icalcomponent_get_next_property(event, ICAL_EXDATE_PROPERTY))
            excluded << icalproperty_get_exdate(x);
        // An event that is itself a moved occurrence stands as it is.
        const bool isOverride =
            icalcomponent_get_first_property(event, ICAL_RECURRENCEID_PROPERTY) != nullptr;
        const QList<QDateTime> moved = isOverride ? QList<QDateTime>() : m_moved.value(e.uid);

        for (const Start &s : std::as_const(starts)) {
            if (isExcluded(s.time, excluded))
                continue;
            if (m_days >= maxDaysPerFile) {
                tooMany(f.line);
                return;
            }
            CalendarEvent occurrence = e;
            const QDate day(s.time.year, s.time.month, s.time.day);
            if (!day.isValid())
                continue;
            // Its instant: the start of a timed event, and what RECURRENCE-IDs are matched on.
            const auto at = instant(s.time, s.property, f, e.allDay ? nullptr : &label);
            if (!e.allDay && !at)
                return;
            if (at && moved.contains(*at))
                continue;
            if (e.allDay) {
                occurrence.startDate = day;
                occurrence.endDate = day.addDays(length->days);
                occurrence.firstDay = day;
                occurrence.lastDay = occurrence.endDate.addDays(-1);
            } else {
                const qint64 secs = s.lengthSecs.value_or(length->secs);
                occurrence.start = *at;
                occurrence.end = at->addSecs(secs);
                // The days as the event's own clock shows them.
                const QDateTime wall(day, QTime(s.time.hour, s.time.minute, s.time.second),
                                     QTimeZone::utc());
                occurrence.firstDay = day;
                occurrence.lastDay = wall.addSecs(std::max<qint64>(0, secs - 1)).date();
            }
            m_days += occurrence.firstDay.daysTo(occurrence.lastDay) + 1;
            out << occurrence;
        }
    }

private:
    struct Length
    {
        qint64 days = 1; // all-day events
        qint64 secs = 0; // timed events
    };

    // The length of one occurrence: DTEND, else DURATION, else a day or an instant.
    std::optional<Length> lengthOf(const FoundEvent &f, icalproperty *startProp,
                                   const icaltimetype &dtstart, const QString &label)
    {
        Length length;
        if (icalproperty *endProp =
                icalcomponent_get_first_property(f.event, ICAL_DTEND_PROPERTY)) {
            const icaltimetype dtend = icalproperty_get_dtend(endProp);
            const QDate startDay(dtstart.year, dtstart.month, dtstart.day);
            const QDate endDay(dtend.year, dtend.month, dtend.day);
            if (dtstart.is_date) {
                // Some exporters end an all-day event with a date-time (EssentialPIM writes
                // 05:00:01Z); it then covers the days it touches, at least one.
                qint64 days = startDay.daysTo(endDay);
                if (!dtend.is_date && (dtend.hour || dtend.minute || dtend.second))
                    ++days;
                if (days < 0) {
                    skip(f.line, QStringLiteral("%1 ends before it starts; skipped").arg(label));
                    return std::nullopt;
                }
                // DTEND equal to DTSTART: calendar programs show one day, and so do we.
                length.days = std::max<qint64>(1, days);
                if (length.days > maxDaysPerOccurrence) {
                    skip(f.line, QStringLiteral("%1 lasts %2 days; only its first %3 are read")
                                     .arg(label)
                                     .arg(length.days)
                                     .arg(maxDaysPerOccurrence));
                    length.days = maxDaysPerOccurrence;
                }
            } else if (dtend.is_date) {
                length.secs = 86400 * std::max<qint64>(1, startDay.daysTo(endDay));
            } else {
                const auto s = instant(dtstart, startProp, f, &label);
                const auto en = instant(dtend, endProp, f, &label);
                if (!s || !en)
                    return std::nullopt;
                length.secs = s->secsTo(*en);
                if (length.secs < 0) {
                    skip(f.line, QStringLiteral("%1 ends before it starts; skipped").arg(label));
                    return std::nullopt;
                }
                if (length.secs > maxDaysPerOccurrence * 86400) {
                    skip(f.line, QStringLiteral("%1 lasts more than %2 days; only its first %2 "
                                                "are read")
                                     .arg(label)
                                     .arg(maxDaysPerOccurrence));
                    length.secs = maxDaysPerOccurrence * 86400;
                }
            }
        } else if (icalproperty *durProp =
                       icalcomponent_get_first_property(f.event, ICAL_DURATION_PROPERTY)) {
            const int secs = icaldurationtype_as_int(icalproperty_get_duration(durProp));
            length.secs = std::max(0, secs);
            length.days = std::max(1, secs / 86400);
        }
        return length;
    }

    bool expand(const icalrecurrencetype &rule, const icaltimetype &dtstart, icalproperty *prop,
                QList<Start> &starts)
    {
        icalrecur_iterator *it = icalrecur_iterator_new(rule, dtstart);
        if (!it)
            return false;
        int n = 0;
        for (icaltimetype t = icalrecur_iterator_next(it);
             !icaltime_is_null_time(t) && n < maxOccurrences; t = icalrecur_iterator_next(it)) {
            if (QDate(t.year, t.month, t.day) > m_until)
                break;
            starts << Start{t, prop, std::nullopt};
            ++n;
        }
        icalrecur_iterator_free(it);
        return true;
    }

    static bool isExcluded(const icaltimetype &t, const QList<icaltimetype> &excluded)
    {
        for (const icaltimetype &x : excluded) {
            if (x.year == t.year && x.month == t.month && x.day == t.day &&
                (x.is_date || t.is_date || (x.hour == t.hour && x.minute == t.minute)))
                return true;
        }
        return false;
    }

    // The instant of a value: UTC, a named zone (IANA, a Mozilla-style path ending in one,
    // or a VTIMEZONE of the file), or floating. Dates are their midnight, floating.
    std::optional<QDateTime> instant(const icaltimetype &t, icalproperty *prop, const FoundEvent &f,
                                     const QString *label)
    {
        const QDate date(t.year, t.month, t.day);
        const QTime time(t.hour, t.minute, t.second);
        if (!date.isValid() || !time.isValid()) {
            if (label)
                skip(f.line,
                     QStringLiteral("%1 has a time that is not valid; skipped").arg(*label));
            return std::nullopt;
        }
        if (t.is_date)
            return QDateTime(date, QTime(0, 0), m_floating).toUTC();
        if (icaltime_is_utc(t))
            return QDateTime(date, time, QTimeZone::utc());
        icalparameter *tzParam = icalproperty_get_first_parameter(prop, ICAL_TZID_PARAMETER);
        if (!tzParam)
            return QDateTime(date, time, m_floating).toUTC();
        const QByteArray tzid = icalparameter_get_tzid(tzParam);
        if (icaltimezone *zone = icalcomponent_get_timezone(f.calendar, tzid.constData())) {
            if (!yearlyRules(zone)) {
                if (label)
                    skip(f.line, QStringLiteral("%1 uses the time zone '%2', whose rules change "
                                                "more often than once a year; skipped")
                                     .arg(*label, QString::fromUtf8(tzid)));
                return std::nullopt;
            }
            icaltimetype local = t;
            local.zone = nullptr;
            const time_t secs = icaltime_as_timet_with_zone(local, zone);
            return QDateTime::fromSecsSinceEpoch(static_cast<qint64>(secs), QTimeZone::utc());
        }
        // "/mozilla.org/20070129_1/Asia/Tokyo": the IANA name is at its end.
        QByteArray name = tzid;
        while (!name.isEmpty() && !QTimeZone::isTimeZoneIdAvailable(name)) {
            const qsizetype slash = name.indexOf('/');
            name = slash < 0 ? QByteArray() : name.mid(slash + 1);
        }
        if (!name.isEmpty())
            return QDateTime(date, time, QTimeZone(name)).toUTC();
        if (label)
            skip(f.line, QStringLiteral("%1 uses the unknown time zone '%2'; skipped")
                             .arg(*label, QString::fromUtf8(tzid)));
        return std::nullopt;
    }

    // A real zone changes its offset at most a few times a year. libical expands a zone's
    // rules up to the year asked for, so a rule repeating every minute would take minutes
    // and gigabytes; such a zone is not used.
    static bool yearlyRules(icaltimezone *zone)
    {
        icalcomponent *vtimezone = icaltimezone_get_component(zone);
        if (!vtimezone)
            return true;
        for (icalcomponent *part = icalcomponent_get_first_component(vtimezone, ICAL_ANY_COMPONENT);
             part; part = icalcomponent_get_next_component(vtimezone, ICAL_ANY_COMPONENT)) {
            for (icalproperty *p = icalcomponent_get_first_property(part, ICAL_RRULE_PROPERTY); p;
                 p = icalcomponent_get_next_property(part, ICAL_RRULE_PROPERTY)) {
                const icalrecurrencetype rule = icalproperty_get_rrule(p);
                if (rule.freq != ICAL_YEARLY_RECURRENCE &&
                    !(rule.freq == ICAL_MONTHLY_RECURRENCE && rule.interval >= 12))
                    return false;
            }
        }
        return true;
    }

    // Said once, at the first event that is not read in full.
    void tooMany(int line)
    {
        if (m_saidTooMany)
            return;
        m_saidTooMany = true;
        skip(line, QStringLiteral("the calendar holds more than %1 days of events; this event "
                                  "and the rest are not read")
                       .arg(maxDaysPerFile));
    }

    void skip(int line, const QString &message)
    {
        problems.append({m_file, line, 0, message, true});
    }

    QString m_file;
    QTimeZone m_floating;
    QDate m_until;
    QHash<QString, QList<QDateTime>> m_moved;
    qint64 m_days = 0; // days of the occurrences read so far
    bool m_saidTooMany = false;
};

} // namespace

CalendarReadResult ICalendarReader::readFile(const QString &path, const QTimeZone &floatingZone,
                                             const QDate &expandUntil)
{
    if (const QString problem =
            BoundedFile::problem(path, maxFileBytes, QStringLiteral("calendar"));
        !problem.isEmpty()) {
        CalendarReadResult result;
        result.diagnostics.append({path, 0, 0, problem});
        return result;
    }
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
    const QList<CalendarBlock> blocks = calendarBlocks(text);
    if (blocks.isEmpty()) {
        result.diagnostics.append(
            {fileName, 0, 0, QStringLiteral("not an iCalendar file (no BEGIN:VCALENDAR)")});
        return result;
    }
    std::vector<ComponentPtr> parsed;
    QList<FoundEvent> events;
    EventReader reader(fileName, floatingZone, expandUntil);
    for (const CalendarBlock &block : blocks) {
        ComponentPtr root(icalparser_parse_string(block.text.constData()));
        icalcomponent *calendar = root.get();
        if (calendar && icalcomponent_isa(calendar) != ICAL_VCALENDAR_COMPONENT)
            calendar = icalcomponent_get_first_component(calendar, ICAL_VCALENDAR_COMPONENT);
        if (!calendar) {
            result.warnings.append({fileName, block.firstLine, 0,
                                    QStringLiteral("libical found no calendar here; skipped"),
                                    true});
            continue;
        }
        for (icalproperty *p = icalcomponent_get_first_property(calendar, ICAL_X_PROPERTY); p;
             p = icalcomponent_get_next_property(calendar, ICAL_X_PROPERTY)) {
            if (qstrcmp(icalproperty_get_x_name(p), "X-WR-CALNAME") == 0 && result.name.isEmpty())
                result.name = propertyText(icalproperty_get_x(p)).trimmed();
        }
        const QList<int> lines = eventLines(block);
        int index = 0;
        for (icalcomponent *e = icalcomponent_get_first_component(calendar, ICAL_VEVENT_COMPONENT);
             e; e = icalcomponent_get_next_component(calendar, ICAL_VEVENT_COMPONENT))
            events.append({e, calendar, int(lines.value(index++, block.firstLine))});
        parsed.push_back(std::move(root));
    }
    reader.noteMovedOccurrences(events);
    for (const FoundEvent &f : std::as_const(events))
        reader.read(f, result.events);
    result.warnings += reader.problems;
    // Only a file that yields nothing is refused: then what was skipped is why.
    if (result.events.isEmpty()) {
        for (Diagnostic d : std::as_const(result.warnings)) {
            d.warning = false;
            result.diagnostics.append(d);
        }
        if (result.diagnostics.isEmpty())
            result.diagnostics.append(
                {fileName, 0, 0, QStringLiteral("the calendar holds no events")});
        result.warnings.clear();
    }
    return result;
}

} // namespace wk
