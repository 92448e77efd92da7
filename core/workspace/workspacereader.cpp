#include "workspacereader.h"

#include "boundedfile.h"
#include "yamldocument.h"

#include "domain/duration.h"
#include "schedule/icalendarreader.h"
#include "schedule/oncallschedule.h"
#include "sources/receivertls.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QHostAddress>
#include <QRegularExpression>
#include <QSet>
#include <QTimeZone>
#include <QUrl>

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <initializer_list>
#include <utility>

namespace wk {

namespace {

QString qstr(const std::string &s)
{
    return QString::fromStdString(s);
}

// A reference to another entity, checked once every section has been read.
struct PendingReference
{
    QString kind; // "person", "pipeline", ...
    QString value;
    YAML::Mark mark;
    QString context;
};

class Reader
{
public:
    explicit Reader(QString file) : m_file(std::move(file)) {}

    QList<Diagnostic> diagnostics;
    QList<Diagnostic> warnings; // from files the workspace names: skipped, not fatal
    QList<PendingReference> references;

    void error(const YAML::Mark &mark, const QString &message)
    {
        diagnostics.append(at(mark, message, false));
    }
    void error(const YAML::Node &node, const QString &message) { error(node.Mark(), message); }
    void warn(const YAML::Node &node, const QString &message)
    {
        warnings.append(at(node.Mark(), message, true));
    }

    Diagnostic at(const YAML::Mark &mark, const QString &message, bool warning) const
    {
        const bool known = mark.line >= 0;
        return {m_file, known ? mark.line + 1 : 0, known ? mark.column + 1 : 0, message, warning};
    }

    bool expectMap(const YAML::Node &node, const QString &what)
    {
        if (node.IsMap())
            return true;
        error(node, QStringLiteral("%1 must be a mapping of keys to values").arg(what));
        return false;
    }

    // Typos in keys would otherwise silently drop settings, so unknown keys are errors.
    void checkKeys(const YAML::Node &map, std::initializer_list<const char *> allowed,
                   const QString &what)
    {
        for (auto it = map.begin(); it != map.end(); ++it) {
            const std::string key = it->first.Scalar();
            bool found = false;
            for (const char *a : allowed)
                found = found || key == a;
            if (!found) {
                QStringList names;
                for (const char *a : allowed)
                    names << QString::fromLatin1(a);
                error(it->first, QStringLiteral("unknown key '%1' in %2 (expected one of: %3)")
                                     .arg(qstr(key), what, names.join(QStringLiteral(", "))));
            }
        }
    }

    QString text(const YAML::Node &map, const char *key, const QString &what, bool required = false)
    {
        const YAML::Node n = map[key];
        if (!n || n.IsNull()) {
            if (required)
                error(map, QStringLiteral("%1 is missing the required key '%2'")
                               .arg(what, QString::fromLatin1(key)));
            return {};
        }
        if (!n.IsScalar()) {
            error(n, QStringLiteral("'%1' of %2 must be a single value")
                         .arg(QString::fromLatin1(key), what));
            return {};
        }
        QString value = qstr(n.Scalar());
        if (required && value.trimmed().isEmpty())
            error(
                n,
                QStringLiteral("'%1' of %2 must not be empty").arg(QString::fromLatin1(key), what));
        return value;
    }

    std::optional<double> number(const YAML::Node &map, const char *key, const QString &what,
                                 bool required = false)
    {
        const QString s = text(map, key, what, required);
        if (s.isEmpty())
            return std::nullopt;
        bool ok = false;
        const double v = s.toDouble(&ok);
        // "nan" and "inf" parse as numbers but mean none.
        if (!ok || !std::isfinite(v)) {
            error(map[key], QStringLiteral("'%1' of %2 must be a number, not '%3'")
                                .arg(QString::fromLatin1(key), what, s));
            return std::nullopt;
        }
        return v;
    }

    std::optional<qint64> duration(const YAML::Node &map, const char *key, const QString &what,
                                   bool required = false)
    {
        const QString s = text(map, key, what, required);
        if (s.isEmpty())
            return std::nullopt;
        const auto d = parseDuration(s);
        if (!d || *d <= 0) {
            error(map[key], QStringLiteral("'%1' of %2 must be a positive duration such as "
                                           "30m, 2h or 48h, not '%3'")
                                .arg(QString::fromLatin1(key), what, s));
            return std::nullopt;
        }
        return d;
    }

    bool boolean(const YAML::Node &map, const char *key, const QString &what)
    {
        const QString s = text(map, key, what);
        if (s.isEmpty())
            return false;
        if (s == QLatin1String("true") || s == QLatin1String("yes"))
            return true;
        if (s != QLatin1String("false") && s != QLatin1String("no"))
            error(map[key], QStringLiteral("'%1' of %2 must be true or false, not '%3'")
                                .arg(QString::fromLatin1(key), what, s));
        return false;
    }

    QStringList list(const YAML::Node &map, const char *key, const QString &what,
                     const QString &refKind = {})
    {
        QStringList out;
        const YAML::Node n = map[key];
        if (!n || n.IsNull())
            return out;
        if (!n.IsSequence()) {
            error(n,
                  QStringLiteral("'%1' of %2 must be a list").arg(QString::fromLatin1(key), what));
            return out;
        }
        for (const YAML::Node &item : n) {
            if (!item.IsScalar()) {
                error(item, QStringLiteral("entries of '%1' of %2 must be single values")
                                .arg(QString::fromLatin1(key), what));
                continue;
            }
            out << qstr(item.Scalar());
            if (!refKind.isEmpty())
                references.append({refKind, out.last(), item.Mark(), what});
        }
        return out;
    }

    void reference(const YAML::Node &map, const char *key, const QString &kind,
                   const QString &value, const QString &what)
    {
        if (!value.isEmpty())
            references.append({kind, value, map[key].Mark(), what});
    }

    // Reads a top-level list section, calling read for each well-formed entry and
    // reporting ids that appear twice.
    void section(const YAML::Node &root, const char *key, const QString &entity, QSet<QString> &ids,
                 const std::function<QString(const YAML::Node &, const QString &)> &read)
    {
        const YAML::Node n = root[key];
        if (!n || n.IsNull())
            return;
        if (!n.IsSequence()) {
            error(n, QStringLiteral("'%1' must be a list").arg(QString::fromLatin1(key)));
            return;
        }
        int index = 0;
        for (const YAML::Node &item : n) {
            ++index;
            const QString what = QStringLiteral("%1 #%2").arg(entity).arg(index);
            if (!expectMap(item, what))
                continue;
            const QString id = read(item, what);
            if (id.isEmpty())
                continue;
            if (ids.contains(id))
                error(item, QStringLiteral("%1 '%2' is defined more than once").arg(entity, id));
            ids.insert(id);
        }
    }

private:
    QString m_file;
};

const QRegularExpression &idPattern()
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9_.-]*$"));
    return re;
}

// Which of a key and its older spelling the map uses; both at once is an error.
const char *seatKey(Reader &r, const YAML::Node &map, const char *key, const char *older,
                    const QString &what)
{
    if (!map[older])
        return key;
    if (map[key])
        r.error(map[older], QStringLiteral("%1 gives both '%2' and '%3'; write '%2' only ('%3' "
                                           "is its older name)")
                                .arg(what, QLatin1String(key), QLatin1String(older)));
    return older;
}

void reportDuplicateKeys(Reader &r, const YAML::Node &node)
{
    if (node.IsSequence()) {
        for (const YAML::Node &item : node)
            reportDuplicateKeys(r, item);
        return;
    }
    if (!node.IsMap())
        return;
    QHash<QString, int> seen; // key -> line of its first appearance
    for (const auto &pair : node) {
        if (pair.first.IsScalar()) {
            const QString key = qstr(pair.first.Scalar());
            if (const auto it = seen.constFind(key); it != seen.constEnd())
                r.error(pair.first, QStringLiteral("'%1' is given twice (first at line %2); "
                                                   "only one can count")
                                        .arg(key)
                                        .arg(*it));
            else
                seen.insert(key, pair.first.Mark().line + 1);
        }
        reportDuplicateKeys(r, pair.second);
    }
}

QString readId(Reader &r, const YAML::Node &map, const char *key, const QString &what)
{
    QString id = r.text(map, key, what, true);
    if (!id.isEmpty() && !idPattern().match(id).hasMatch()) {
        r.error(map[key], QStringLiteral("%1 has the id '%2'; ids use letters, digits, '.', "
                                         "'_' and '-' only")
                              .arg(what, id));
        return {};
    }
    return id;
}

bool detectCycle(const QString &start, const QHash<QString, QStringList> &upstream,
                 QStringList &path)
{
    // Depth-first walk; a pipeline seen again on the current path closes a cycle.
    if (path.contains(start)) {
        path << start;
        return true;
    }
    path << start;
    for (const QString &up : upstream.value(start)) {
        if (detectCycle(up, upstream, path))
            return true;
    }
    path.removeLast();
    return false;
}

std::optional<int> weekdayFromName(const QString &name)
{
    static const QStringList names = {
        QStringLiteral("mon"), QStringLiteral("tue"), QStringLiteral("wed"), QStringLiteral("thu"),
        QStringLiteral("fri"), QStringLiteral("sat"), QStringLiteral("sun")};
    const QString key = name.trimmed().toLower().left(3);
    const int i = static_cast<int>(names.indexOf(key));
    if (i < 0 || name.size() < 3)
        return std::nullopt;
    return i + 1;
}

std::optional<QTime> clockTime(Reader &r, const YAML::Node &map, const char *key,
                               const QString &what, QTime fallback)
{
    const QString text = r.text(map, key, what);
    if (text.isEmpty())
        return fallback;
    const QTime t = QTime::fromString(text, QStringLiteral("H:mm"));
    if (!t.isValid()) {
        r.error(map[key], QStringLiteral("'%1' of %2 must be a time of day such as 09:00, not '%3'")
                              .arg(QString::fromLatin1(key), what, text));
        return std::nullopt;
    }
    return t;
}

QDate calendarDate(Reader &r, const YAML::Node &map, const char *key, const QString &what,
                   bool required)
{
    const QString text = r.text(map, key, what, required);
    if (text.isEmpty())
        return {};
    const QDate d = text.size() == 10 ? QDate::fromString(text, Qt::ISODate) : QDate();
    if (!d.isValid())
        r.error(map[key], QStringLiteral("'%1' of %2 must be a date such as 2026-12-24, not '%3'")
                              .arg(QString::fromLatin1(key), what, text));
    return d;
}

// A date-time with an offset ("2026-12-01T10:00:00+01:00", "...Z"), or without one, read
// in the given zone; a bare date means its midnight there.
QDateTime instant(Reader &r, const YAML::Node &map, const char *key, const QString &what,
                  const QTimeZone &zone)
{
    const QString text = r.text(map, key, what, true);
    if (text.isEmpty())
        return {};
    QDateTime t = QDateTime::fromString(text, Qt::ISODate);
    // A bare date only: Qt would read the date of "2026-12-31T25:00" and drop the rest.
    if (!t.isValid() && text.size() == 10) {
        const QDate d = QDate::fromString(text, Qt::ISODate);
        if (d.isValid())
            t = QDateTime(d, QTime(0, 0), zone);
    } else if (t.timeSpec() == Qt::LocalTime) {
        t = QDateTime(t.date(), t.time(), zone);
    }
    if (!t.isValid()) {
        r.error(map[key], QStringLiteral("'%1' of %2 must be a date or date-time such as "
                                         "2026-12-01T10:00:00+01:00, not '%3'")
                              .arg(QString::fromLatin1(key), what, text));
        return {};
    }
    return t.toUTC();
}

QString resolvePath(const QString &workspaceFile, const QString &path)
{
    if (QFileInfo(path).isAbsolute())
        return path;
    return QFileInfo(workspaceFile).absoluteDir().filePath(path);
}

// Reads an iCalendar file named in the workspace; its problems join the workspace's.
CalendarReadResult readCalendar(Reader &r, const YAML::Node &map, const QString &workspaceFile,
                                const QString &path, const QTimeZone &zone)
{
    CalendarReadResult cal = ICalendarReader::readFile(resolvePath(workspaceFile, path), zone);
    r.warnings += cal.warnings;
    for (const Diagnostic &d : std::as_const(cal.diagnostics)) {
        if (d.line == 0)
            r.error(map["calendar"], QStringLiteral("calendar '%1': %2").arg(path, d.message));
        else
            r.diagnostics.append(d);
    }
    return cal;
}

void readRotation(Reader &r, const YAML::Node &n, Rotation &rot, const QString &label)
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

QString readRule(Reader &r, const YAML::Node &n, const QString &what, Workspace &ws)
{
    Rule rule;
    rule.id = readId(r, n, "id", what);
    const QString label = rule.id.isEmpty() ? what : QStringLiteral("rule '%1'").arg(rule.id);
    const QString kind = r.text(n, "kind", label, true);
    if (const auto k = ruleKindFromName(kind))
        rule.kind = *k;
    else if (!kind.isEmpty())
        r.error(n["kind"], QStringLiteral("'kind' of %1 must be burst, freshness, volume, "
                                          "duplicates, sequence or sql, not '%2'")
                               .arg(label, kind));
    switch (rule.kind) {
    case Rule::Kind::Burst:
        r.checkKeys(n,
                    {"id", "kind", "pipeline", "severity", "source", "events", "threshold",
                     "window", "users", "teams"},
                    label);
        break;
    case Rule::Kind::Freshness:
        r.checkKeys(n,
                    {"id", "kind", "pipeline", "severity", "source", "warn_after", "error_after"},
                    label);
        break;
    case Rule::Kind::Volume:
        r.checkKeys(n,
                    {"id", "kind", "pipeline", "severity", "source", "period", "baseline", "drop"},
                    label);
        break;
    case Rule::Kind::Duplicates:
        r.checkKeys(n, {"id", "kind", "pipeline", "severity", "source", "window"}, label);
        break;
    case Rule::Kind::Sequence:
        r.checkKeys(n, {"id", "kind", "pipeline", "severity", "source", "steps"}, label);
        break;
    case Rule::Kind::Sql:
        r.checkKeys(n, {"id", "kind", "pipeline", "severity", "connection", "query", "interval"},
                    label);
        break;
    }
    rule.pipeline = r.text(n, "pipeline", label, true);
    r.reference(n, "pipeline", QStringLiteral("pipeline"), rule.pipeline, label);
    const QString severity = r.text(n, "severity", label, true);
    if (const auto sev = severityFromName(severity))
        rule.severity = *sev;
    else if (!severity.isEmpty())
        r.error(n["severity"], QStringLiteral("'severity' of %1 must be critical, high or medium, "
                                              "not '%2'")
                                   .arg(label, severity));
    if (rule.kind != Rule::Kind::Sql) {
        rule.source = r.text(n, "source", label, true);
        r.reference(n, "source", QStringLiteral("source"), rule.source, label);
    }
    auto positiveInt = [&](const char *key, int fallback) {
        const auto v = r.number(n, key, label);
        if (v && (*v < 1 || *v != static_cast<int>(*v))) {
            r.error(n[key], QStringLiteral("'%1' of %2 must be a whole number of at least 1")
                                .arg(QString::fromLatin1(key), label));
            return fallback;
        }
        return v ? static_cast<int>(*v) : fallback;
    };
    switch (rule.kind) {
    case Rule::Kind::Burst:
        rule.events = r.list(n, "events", label);
        if (rule.events.isEmpty())
            rule.events = {QStringLiteral("time out"), QStringLiteral("page not found")};
        rule.threshold = positiveInt("threshold", 5);
        rule.windowSeconds = r.duration(n, "window", label).value_or(432);
        rule.users = r.text(n, "users", label);
        rule.teams = r.text(n, "teams", label);
        if (!rule.teams.isEmpty() && rule.users.isEmpty())
            r.error(n["teams"], QStringLiteral("%1 gives 'teams' without 'users'").arg(label));
        break;
    case Rule::Kind::Freshness:
        rule.warnAfterSeconds = r.duration(n, "warn_after", label);
        rule.errorAfterSeconds = r.duration(n, "error_after", label);
        if (!rule.warnAfterSeconds && !rule.errorAfterSeconds)
            r.error(n, QStringLiteral("%1 needs 'warn_after', 'error_after' or both").arg(label));
        if (rule.warnAfterSeconds && rule.errorAfterSeconds &&
            *rule.warnAfterSeconds >= *rule.errorAfterSeconds)
            r.error(
                n["warn_after"],
                QStringLiteral("'warn_after' of %1 must be shorter than 'error_after'").arg(label));
        break;
    case Rule::Kind::Volume: {
        rule.periodSeconds = r.duration(n, "period", label).value_or(3600);
        rule.baselinePeriods = positiveInt("baseline", 24);
        const auto drop = r.number(n, "drop", label);
        if (drop && (*drop <= 0 || *drop >= 1))
            r.error(n["drop"], QStringLiteral("'drop' of %1 must be between 0 and 1, e.g. 0.5 for "
                                              "half the baseline")
                                   .arg(label));
        rule.dropRatio = drop.value_or(0.5);
        break;
    }
    case Rule::Kind::Duplicates:
        rule.windowSeconds = r.duration(n, "window", label).value_or(3600);
        break;
    case Rule::Kind::Sequence:
        rule.steps = r.list(n, "steps", label);
        if (rule.steps.size() < 2)
            r.error(n, QStringLiteral("%1 needs at least two 'steps'").arg(label));
        break;
    case Rule::Kind::Sql:
        rule.connection = r.text(n, "connection", label, true);
        rule.query = r.text(n, "query", label, true);
        rule.intervalSeconds = r.duration(n, "interval", label).value_or(900);
        break;
    }
    ws.rules.append(rule);
    return rule.id;
}

} // namespace

WorkspaceLoadResult WorkspaceReader::readFile(const QString &path)
{
    constexpr qint64 maxWorkspaceBytes = 16 * 1024 * 1024;
    if (const QString problem =
            BoundedFile::problem(path, maxWorkspaceBytes, QStringLiteral("workspace"));
        !problem.isEmpty()) {
        WorkspaceLoadResult result;
        result.diagnostics.append({path, 0, 0, problem});
        return result;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        WorkspaceLoadResult result;
        result.diagnostics.append(
            {path, 0, 0, QStringLiteral("cannot open the file: %1").arg(file.errorString())});
        return result;
    }
    return readText(file.readAll(), path);
}

WorkspaceLoadResult WorkspaceReader::readText(const QByteArray &yaml, const QString &fileName)
{
    WorkspaceLoadResult result;
    Reader r(fileName);

    YAML::Node root;
    try {
        const YamlDocument document = YamlDocument::load(yaml.toStdString());
        if (document.unreadable) {
            result.diagnostics.append(
                {fileName, 0, 0,
                 QStringLiteral("not valid YAML: nothing in the file reads as a value")});
            return result;
        }
        root = document.root;
        // A second document ('---') would be ignored; nothing in a workspace is ignored.
        if (document.secondDocument)
            r.error(*document.secondDocument,
                    QStringLiteral("a second YAML document starts here; a workspace file holds "
                                   "one (remove the '---' line or merge the documents)"));
    } catch (const YAML::ParserException &e) {
        r.error(e.mark, QStringLiteral("not valid YAML: %1").arg(qstr(e.msg)));
        result.diagnostics = r.diagnostics;
        return result;
    }
    // yaml-cpp keeps the first of two equal keys and drops the second without a word; a
    // setting given twice is an error at its second line.
    reportDuplicateKeys(r, root);
    if (!root || root.IsNull()) {
        result.diagnostics.append({fileName, 0, 0, QStringLiteral("the workspace file is empty")});
        return result;
    }
    if (!r.expectMap(root, QStringLiteral("the workspace"))) {
        result.diagnostics = r.diagnostics;
        return result;
    }
    r.checkKeys(root,
                {"version", "name", "people", "teams", "sla_policies", "customers", "sources",
                 "pipelines", "runbooks", "rules", "rotations", "holidays", "time_off", "overrides",
                 "receiver"},
                QStringLiteral("the workspace"));

    Workspace ws;
    const QString version = r.text(root, "version", QStringLiteral("the workspace"), true);
    if (!version.isEmpty() && version != QLatin1String("1"))
        r.error(root["version"],
                QStringLiteral("unsupported workspace version '%1' (this build reads version 1)")
                    .arg(version));
    ws.name = r.text(root, "name", QStringLiteral("the workspace"), true);

    QSet<QString> personIds, teamIds, policyIds, customerIds, sourceIds, pipelineIds, runbookIds;

    r.section(
        root, "people", QStringLiteral("person"), personIds,
        [&](const YAML::Node &n, const QString &what) {
            r.checkKeys(n, {"id", "name", "email", "timezone"}, what);
            Person p;
            p.id = readId(r, n, "id", what);
            const QString label = p.id.isEmpty() ? what : QStringLiteral("person '%1'").arg(p.id);
            p.name = r.text(n, "name", label, true);
            p.email = r.text(n, "email", label, true);
            static const QRegularExpression email(QStringLiteral("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$"));
            if (!p.email.isEmpty() && !email.match(p.email).hasMatch())
                r.error(n["email"],
                        QStringLiteral("'%1' of %2 is not an email address").arg(p.email, label));
            p.timeZone = r.text(n, "timezone", label, true);
            if (!p.timeZone.isEmpty() && !QTimeZone::isTimeZoneIdAvailable(p.timeZone.toUtf8()))
                r.error(n["timezone"],
                        QStringLiteral("unknown time zone '%1' for %2 (use an IANA name "
                                       "such as Europe/Berlin)")
                            .arg(p.timeZone, label));
            ws.people.append(p);
            return p.id;
        });

    r.section(root, "teams", QStringLiteral("team"), teamIds,
              [&](const YAML::Node &n, const QString &what) {
                  r.checkKeys(n, {"id", "name", "members"}, what);
                  Team t;
                  t.id = readId(r, n, "id", what);
                  const QString label =
                      t.id.isEmpty() ? what : QStringLiteral("team '%1'").arg(t.id);
                  t.name = r.text(n, "name", label, true);
                  t.members = r.list(n, "members", label, QStringLiteral("person"));
                  ws.teams.append(t);
                  return t.id;
              });

    r.section(root, "sla_policies", QStringLiteral("SLA policy"), policyIds,
              [&](const YAML::Node &n, const QString &what) {
                  r.checkKeys(n,
                              {"id", "name", "freshness", "availability", "delivery", "response",
                               "resolution"},
                              what);
                  SlaPolicy p;
                  p.id = readId(r, n, "id", what);
                  const QString label =
                      p.id.isEmpty() ? what : QStringLiteral("SLA policy '%1'").arg(p.id);
                  p.name = r.text(n, "name", label);
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

    r.section(
        root, "customers", QStringLiteral("customer"), customerIds,
        [&](const YAML::Node &n, const QString &what) {
            r.checkKeys(n, {"id", "name", "plan", "monthly_revenue", "churned"}, what);
            Customer c;
            c.id = readId(r, n, "id", what);
            const QString label = c.id.isEmpty() ? what : QStringLiteral("customer '%1'").arg(c.id);
            c.name = r.text(n, "name", label, true);
            c.plan = r.text(n, "plan", label, true);
            const auto revenue = r.number(n, "monthly_revenue", label, true);
            if (revenue && *revenue < 0)
                r.error(n["monthly_revenue"],
                        QStringLiteral("'monthly_revenue' of %1 must not be negative").arg(label));
            c.monthlyRevenue = revenue.value_or(0);
            c.churned = r.boolean(n, "churned", label);
            ws.customers.append(c);
            return c.id;
        });

    r.section(
        root, "sources", QStringLiteral("source"), sourceIds,
        [&](const YAML::Node &n, const QString &what) {
            r.checkKeys(n,
                        {"id", "kind", "path", "connection", "table", "time_column",
                         "subject_column", "name_column", "id_column", "interval", "timeout",
                         "credential"},
                        what);
            DataSource s;
            s.id = readId(r, n, "id", what);
            const QString label = s.id.isEmpty() ? what : QStringLiteral("source '%1'").arg(s.id);
            const QString kind = r.text(n, "kind", label, true);
            if (const auto k = dataSourceKindFromName(kind))
                s.kind = *k;
            else if (!kind.isEmpty())
                r.error(n["kind"], QStringLiteral("'kind' of %1 must be csv, jsonl, sql or dbt, "
                                                  "not '%2'")
                                       .arg(label, kind));
            s.path = r.text(n, "path", label);
            s.connection = r.text(n, "connection", label);
            s.table = r.text(n, "table", label);
            // A dbt folder says its own times; every other source needs the column.
            s.timeColumn = r.text(n, "time_column", label, s.kind != DataSource::Kind::Dbt);
            if (n["subject_column"])
                s.subjectColumn = r.text(n, "subject_column", label, true);
            if (n["name_column"])
                s.nameColumn = r.text(n, "name_column", label, true);
            s.idColumn = r.text(n, "id_column", label);
            s.intervalSeconds = r.duration(n, "interval", label).value_or(s.intervalSeconds);
            s.timeoutSeconds = r.duration(n, "timeout", label).value_or(s.timeoutSeconds);
            s.credential = r.text(n, "credential", label);
            if (!s.credential.isEmpty() && s.credential != QLatin1String("keychain"))
                r.error(n["credential"], QStringLiteral("'credential' of %1 can only be "
                                                        "'keychain', not '%2'")
                                             .arg(label, s.credential));
            if (s.kind == DataSource::Kind::Sql) {
                if (s.connection.isEmpty() || s.table.isEmpty())
                    r.error(n, QStringLiteral("%1 is an sql source and needs both "
                                              "'connection' and 'table'")
                                   .arg(label));
                // Passwords belong in the OS keychain, never in a file others read.
                if (!QUrl(s.connection).password().isEmpty())
                    r.error(n["connection"],
                            QStringLiteral("the connection of %1 contains a password; remove it, "
                                           "set 'credential: keychain' and store the password "
                                           "with: watchkeeper credentials set --source %2")
                                .arg(label, s.id));
            } else if (s.path.isEmpty()) {
                r.error(n, QStringLiteral("%1 %2 and needs a 'path'")
                               .arg(label, s.kind == DataSource::Kind::Dbt
                                               ? QStringLiteral("is a dbt target folder")
                                               : QStringLiteral("is a file source")));
            }
            ws.sources.append(s);
            return s.id;
        });

    if (const YAML::Node n = root["receiver"]; n && !n.IsNull()) {
        const QString what = QStringLiteral("the receiver");
        if (r.expectMap(n, what)) {
            r.checkKeys(n,
                        {"enabled", "address", "port", "token_env", "max_body_kb",
                         "default_pipeline", "tls_certificate", "tls_key"},
                        what);
            ReceiverSettings &rs = ws.receiver;
            rs.tlsCertificate = r.text(n, "tls_certificate", what);
            rs.tlsKey = r.text(n, "tls_key", what);
            if (rs.tlsCertificate.isEmpty() != rs.tlsKey.isEmpty()) {
                r.error(n[rs.tlsKey.isEmpty() ? "tls_certificate" : "tls_key"],
                        QStringLiteral("%1 needs both 'tls_certificate' and 'tls_key', or neither")
                            .arg(what));
            } else if (rs.tls()) {
                QString problem;
                if (!ReceiverTls::load(resolvePath(fileName, rs.tlsCertificate),
                                       resolvePath(fileName, rs.tlsKey), &problem))
                    r.error(n["tls_certificate"], QStringLiteral("%1: %2").arg(what, problem));
            }
            rs.defaultPipeline = r.text(n, "default_pipeline", what);
            if (!rs.defaultPipeline.isEmpty())
                r.reference(n, "default_pipeline", QStringLiteral("pipeline"), rs.defaultPipeline,
                            what);
            rs.enabled = r.boolean(n, "enabled", what);
            if (const QString address = r.text(n, "address", what); !address.isEmpty()) {
                if (QHostAddress(address).isNull())
                    r.error(n["address"], QStringLiteral("'address' of %1 must be an IP address "
                                                         "such as 127.0.0.1, not '%2'")
                                              .arg(what, address));
                else if (!QHostAddress(address).isLoopback() && !rs.tls())
                    r.warn(n["address"],
                           QStringLiteral("%1 listens on %2 over plain HTTP: its bearer token and "
                                          "the alerts cross the network unencrypted. Give it "
                                          "'tls_certificate' and 'tls_key', or keep it on "
                                          "127.0.0.1 behind a proxy that speaks TLS")
                               .arg(what, address));
                rs.address = address;
            }
            if (const auto port = r.number(n, "port", what)) {
                if (*port < 1 || *port > 65535 || *port != std::floor(*port))
                    r.error(n["port"], QStringLiteral("'port' of %1 must be a whole number from "
                                                      "1 to 65535")
                                           .arg(what));
                else
                    rs.port = static_cast<quint16>(*port);
            }
            if (const QString env = r.text(n, "token_env", what); !env.isEmpty())
                rs.tokenEnv = env;
            if (const auto kb = r.number(n, "max_body_kb", what)) {
                if (*kb < 1 || *kb > 65536)
                    r.error(n["max_body_kb"], QStringLiteral("'max_body_kb' of %1 must be from 1 "
                                                             "to 65536")
                                                  .arg(what));
                else
                    rs.maxBodyBytes = static_cast<qint64>(*kb * 1024);
            }
        }
    }

    QHash<QString, QStringList> upstreamOf;
    QHash<QString, YAML::Mark> pipelineMark;
    r.section(
        root, "pipelines", QStringLiteral("pipeline"), pipelineIds,
        [&](const YAML::Node &n, const QString &what) {
            r.checkKeys(n,
                        {"id", "name", "description", "audience", "criticality", "upstream",
                         "owners", "sla", "source"},
                        what);
            Pipeline p;
            p.id = readId(r, n, "id", what);
            const QString label = p.id.isEmpty() ? what : QStringLiteral("pipeline '%1'").arg(p.id);
            p.name = r.text(n, "name", label, true);
            p.description = r.text(n, "description", label);
            p.audience = r.text(n, "audience", label);
            const QString crit = r.text(n, "criticality", label, true);
            if (const auto s = severityFromName(crit))
                p.criticality = *s;
            else if (!crit.isEmpty())
                r.error(n["criticality"],
                        QStringLiteral("'criticality' of %1 must be critical, high or "
                                       "medium, not '%2'")
                            .arg(label, crit));
            p.upstream = r.list(n, "upstream", label, QStringLiteral("pipeline"));
            if (p.upstream.contains(p.id) && !p.id.isEmpty())
                r.error(n["upstream"], QStringLiteral("%1 lists itself as upstream").arg(label));
            const YAML::Node owners = n["owners"];
            if (!owners) {
                r.error(n, QStringLiteral("%1 is missing the required key 'owners' "
                                          "(primary and secondary)")
                               .arg(label));
            } else if (r.expectMap(owners, QStringLiteral("'owners' of %1").arg(label))) {
                const QString ol = QStringLiteral("'owners' of %1").arg(label);
                r.checkKeys(owners, {"primary", "secondary"}, ol);
                p.primaryOwner = r.text(owners, "primary", ol, true);
                p.secondaryOwner = r.text(owners, "secondary", ol, true);
                r.reference(owners, "primary", QStringLiteral("person"), p.primaryOwner, label);
                r.reference(owners, "secondary", QStringLiteral("person"), p.secondaryOwner, label);
                if (!p.primaryOwner.isEmpty() && p.primaryOwner == p.secondaryOwner)
                    r.error(owners["secondary"],
                            QStringLiteral("%1 has the same primary and secondary owner; "
                                           "escalation needs a second person")
                                .arg(label));
            }
            p.slaPolicy = r.text(n, "sla", label);
            r.reference(n, "sla", QStringLiteral("SLA policy"), p.slaPolicy, label);
            p.source = r.text(n, "source", label);
            r.reference(n, "source", QStringLiteral("source"), p.source, label);
            ws.pipelines.append(p);
            if (!p.id.isEmpty()) {
                upstreamOf.insert(p.id, p.upstream);
                pipelineMark.insert(p.id, n.Mark());
            }
            return p.id;
        });

    r.section(root, "runbooks", QStringLiteral("runbook"), runbookIds,
              [&](const YAML::Node &n, const QString &what) {
                  r.checkKeys(n, {"pipeline", "title", "body"}, what);
                  Runbook b;
                  b.pipeline = r.text(n, "pipeline", what, true);
                  r.reference(n, "pipeline", QStringLiteral("pipeline"), b.pipeline, what);
                  const QString label = b.pipeline.isEmpty()
                                            ? what
                                            : QStringLiteral("the runbook of '%1'").arg(b.pipeline);
                  b.title = r.text(n, "title", label, true);
                  b.markdown = r.text(n, "body", label, true);
                  ws.runbooks.append(b);
                  return b.pipeline;
              });

    QSet<QString> ruleIds;
    r.section(root, "rules", QStringLiteral("rule"), ruleIds,
              [&](const YAML::Node &n, const QString &what) { return readRule(r, n, what, ws); });

    QSet<QString> rotationIds;
    QHash<QString, QString> rotationOfPipeline;
    r.section(root, "rotations", QStringLiteral("rotation"), rotationIds,
              [&](const YAML::Node &n, const QString &what) {
                  r.checkKeys(n,
                              {"id", "name", "pipelines", "participants", "shift", "handoff",
                               "timezone", "start", "seats", "layers", "working_hours",
                               "month_end"},
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

    QSet<QString> calendarNames;
    r.section(
        root, "holidays", QStringLiteral("holiday calendar"), calendarNames,
        [&](const YAML::Node &n, const QString &what) {
            r.checkKeys(n, {"name", "calendar", "days"}, what);
            HolidayCalendar cal;
            cal.name = r.text(n, "name", what);
            cal.path = r.text(n, "calendar", what);
            const YAML::Node days = n["days"];
            const bool hasDays = days && !days.IsNull();
            if (cal.path.isEmpty() == !hasDays) {
                r.error(n, QStringLiteral("%1 needs either 'calendar' (an iCalendar file) or "
                                          "'days', not both")
                               .arg(what));
                return QString();
            }
            if (!cal.path.isEmpty()) {
                const CalendarReadResult read =
                    readCalendar(r, n, fileName, cal.path, QTimeZone::utc());
                if (cal.name.isEmpty())
                    cal.name =
                        read.name.isEmpty() ? QFileInfo(cal.path).completeBaseName() : read.name;
                // The days in the event's own zone, as its calendar program shows them.
                for (const CalendarEvent &e : read.events) {
                    for (QDate d = e.firstDay; d.isValid() && d <= e.lastDay; d = d.addDays(1))
                        cal.days.append({d, e.summary});
                }
            } else if (!days.IsSequence()) {
                r.error(days, QStringLiteral("'days' of %1 must be a list").arg(what));
            } else {
                for (const YAML::Node &d : days) {
                    const QString dl = QStringLiteral("a day of %1").arg(what);
                    if (!r.expectMap(d, dl))
                        continue;
                    r.checkKeys(d, {"date", "name"}, dl);
                    cal.days.append(
                        {calendarDate(r, d, "date", dl, true), r.text(d, "name", dl, true)});
                }
            }
            if (cal.name.isEmpty())
                cal.name = QStringLiteral("holidays");
            std::sort(cal.days.begin(), cal.days.end(), [](const Holiday &a, const Holiday &b) {
                return std::pair(a.date, a.name) < std::pair(b.date, b.name);
            });
            // The same holiday twice (a moved birthday and its RDATE) is one day.
            cal.days.erase(std::unique(cal.days.begin(), cal.days.end()), cal.days.end());
            ws.holidays.append(cal);
            // Calendar names need not be unique; the index keeps section() from merging them.
            return QString::number(ws.holidays.size());
        });

    QSet<QString> timeOffEntries;
    r.section(root, "time_off", QStringLiteral("time off"), timeOffEntries,
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
                      const CalendarReadResult read = readCalendar(r, n, fileName, path, zone);
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
                  return QString::number(timeOffEntries.size() + 1);
              });

    QSet<QString> overrideIds;
    QList<YAML::Node> overrideNodes; // beside ws.overrides, for errors found once all are read
    r.section(root, "overrides", QStringLiteral("override"), overrideIds,
              [&](const YAML::Node &n, const QString &what) {
                  r.checkKeys(n,
                              {"id", "rotation", "seat", "layer", "person", "from", "to", "by",
                               "reason", "created", "swap_with"},
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
                  ws.overrides.append(o);
                  overrideNodes.append(n);
                  return o.id;
              });

    const QHash<QString, const QSet<QString> *> known = {
        {QStringLiteral("person"), &personIds},
        {QStringLiteral("pipeline"), &pipelineIds},
        {QStringLiteral("SLA policy"), &policyIds},
        {QStringLiteral("source"), &sourceIds},
    };
    for (const PendingReference &ref : std::as_const(r.references)) {
        if (!known.value(ref.kind)->contains(ref.value))
            r.error(ref.mark, QStringLiteral("%1 refers to the unknown %2 '%3'")
                                  .arg(ref.context, ref.kind, ref.value));
    }

    // A cycle in upstream links would make inhibition and lineage walks loop forever.
    QSet<QString> reported;
    for (const Pipeline &p : std::as_const(ws.pipelines)) {
        QStringList path;
        if (!p.id.isEmpty() && detectCycle(p.id, upstreamOf, path)) {
            const QString first = path.last();
            if (reported.contains(first))
                continue;
            for (const QString &id : path)
                reported.insert(id);
            r.error(pipelineMark.value(first),
                    QStringLiteral("pipelines form an upstream cycle: %1")
                        .arg(path.mid(path.indexOf(first)).join(QStringLiteral(" -> "))));
        }
    }

    // The planner never seats one person twice; an override must not either. Checked on a
    // sound workspace only, since the schedule needs every rotation and person resolved.
    if (r.diagnostics.isEmpty() && !ws.overrides.isEmpty()) {
        const OnCallSchedule schedule(ws);
        for (qsizetype i = 0; i < ws.overrides.size(); ++i) {
            const QString problem = schedule.bothSeatsProblem(ws.overrides.at(i));
            if (!problem.isEmpty())
                r.error(overrideNodes.at(i)["person"],
                        QStringLiteral("override '%1': %2").arg(ws.overrides.at(i).id, problem));
        }
    }

    // In file order, as an editor would walk through them.
    result.diagnostics = r.diagnostics;
    result.warnings = r.warnings;
    std::stable_sort(result.diagnostics.begin(), result.diagnostics.end(),
                     [](const Diagnostic &a, const Diagnostic &b) {
                         return std::pair(a.line, a.column) < std::pair(b.line, b.column);
                     });
    if (result.diagnostics.isEmpty())
        result.workspace = std::move(ws);
    return result;
}

} // namespace wk
