#include "yamlreader.h"

#include "domain/duration.h"

#include <QDir>
#include <QFileInfo>
#include <QHostAddress>
#include <QRegularExpression>

#include <cmath>

namespace wk {

namespace {

const QRegularExpression &idPattern()
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9_.-]*$"));
    return re;
}

} // namespace

QString qstr(const std::string &s)
{
    return QString::fromStdString(s);
}

void YamlReader::error(const YAML::Mark &mark, const QString &message)
{
    diagnostics.append(at(mark, message, false));
}

void YamlReader::warn(const YAML::Node &node, const QString &message)
{
    warnings.append(at(node.Mark(), message, true));
}

Diagnostic YamlReader::at(const YAML::Mark &mark, const QString &message, bool warning) const
{
    const bool known = mark.line >= 0;
    return {m_file, known ? mark.line + 1 : 0, known ? mark.column + 1 : 0, message, warning};
}

bool YamlReader::expectMap(const YAML::Node &node, const QString &what)
{
    if (node.IsMap())
        return true;
    error(node, QStringLiteral("%1 must be a mapping of keys to values").arg(what));
    return false;
}

void YamlReader::checkKeys(const YAML::Node &map, std::initializer_list<const char *> allowed,
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

QString YamlReader::text(const YAML::Node &map, const char *key, const QString &what, bool required)
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
        error(n,
              QStringLiteral("'%1' of %2 must not be empty").arg(QString::fromLatin1(key), what));
    return value;
}

std::optional<double> YamlReader::number(const YAML::Node &map, const char *key,
                                         const QString &what, bool required)
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

std::optional<qint64> YamlReader::duration(const YAML::Node &map, const char *key,
                                           const QString &what, bool required)
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

bool YamlReader::boolean(const YAML::Node &map, const char *key, const QString &what)
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

QStringList YamlReader::list(const YAML::Node &map, const char *key, const QString &what,
                             const QString &refKind)
{
    QStringList out;
    const YAML::Node n = map[key];
    if (!n || n.IsNull())
        return out;
    if (!n.IsSequence()) {
        error(n, QStringLiteral("'%1' of %2 must be a list").arg(QString::fromLatin1(key), what));
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
            m_references.append({refKind, out.last(), item.Mark(), what});
    }
    return out;
}

void YamlReader::reference(const YAML::Node &map, const char *key, const QString &kind,
                           const QString &value, const QString &what)
{
    if (!value.isEmpty())
        m_references.append({kind, value, map[key].Mark(), what});
}

void YamlReader::section(const YAML::Node &root, const char *key, const QString &entity,
                         const std::function<QString(const YAML::Node &, const QString &)> &read)
{
    const YAML::Node n = root[key];
    QSet<QString> &ids = m_ids[entity];
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

void YamlReader::checkReferences()
{
    for (const PendingReference &ref : std::as_const(m_references)) {
        if (!m_ids.value(ref.kind).contains(ref.value))
            error(ref.mark, QStringLiteral("%1 refers to the unknown %2 '%3'")
                                .arg(ref.context, ref.kind, ref.value));
    }
}

const char *seatKey(YamlReader &r, const YAML::Node &map, const char *key, const char *older,
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

void reportDuplicateKeys(YamlReader &r, const YAML::Node &node)
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

QString readId(YamlReader &r, const YAML::Node &map, const char *key, const QString &what)
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

std::optional<QTime> clockTime(YamlReader &r, const YAML::Node &map, const char *key,
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

QDate calendarDate(YamlReader &r, const YAML::Node &map, const char *key, const QString &what,
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

QDateTime instant(YamlReader &r, const YAML::Node &map, const char *key, const QString &what,
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

bool isLoopbackHost(const QString &host)
{
    return host == QLatin1String("localhost") || QHostAddress(host).isLoopback();
}

QString resolvePath(const QString &workspaceFile, const QString &path)
{
    if (QFileInfo(path).isAbsolute())
        return path;
    return QFileInfo(workspaceFile).absoluteDir().filePath(path);
}

CalendarReadResult readCalendar(YamlReader &r, const YAML::Node &map, const QString &path,
                                const QTimeZone &zone)
{
    CalendarReadResult cal = ICalendarReader::readFile(resolvePath(r.fileName(), path), zone);
    r.warnings += cal.warnings;
    for (const Diagnostic &d : std::as_const(cal.diagnostics)) {
        if (d.line == 0)
            r.error(map["calendar"], QStringLiteral("calendar '%1': %2").arg(path, d.message));
        else
            r.diagnostics.append(d);
    }
    return cal;
}

} // namespace wk
