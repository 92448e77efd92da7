#pragma once

#include "text/diagnostic.h"

#include "schedule/icalendarreader.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QTime>
#include <QTimeZone>

#include <yaml-cpp/yaml.h>

#include <functional>
#include <initializer_list>
#include <optional>

namespace wk {

QString qstr(const std::string &s);

// Reads values out of a parsed workspace file and collects every problem with its line, so
// that one pass reports all of them. Each section of the workspace reads itself through one
// (see sections/workspacesections.h); references between sections are checked at the end.
class YamlReader
{
public:
    explicit YamlReader(QString file) : m_file(std::move(file)) {}

    const QString &fileName() const { return m_file; }

    QList<Diagnostic> diagnostics;
    QList<Diagnostic> warnings; // from files the workspace names: skipped, not fatal

    void error(const YAML::Mark &mark, const QString &message);
    void error(const YAML::Node &node, const QString &message) { error(node.Mark(), message); }
    void warn(const YAML::Node &node, const QString &message);
    Diagnostic at(const YAML::Mark &mark, const QString &message, bool warning) const;

    bool expectMap(const YAML::Node &node, const QString &what);
    // Typos in keys would otherwise silently drop settings, so unknown keys are errors.
    void checkKeys(const YAML::Node &map, std::initializer_list<const char *> allowed,
                   const QString &what);

    QString text(const YAML::Node &map, const char *key, const QString &what,
                 bool required = false);
    std::optional<double> number(const YAML::Node &map, const char *key, const QString &what,
                                 bool required = false);
    std::optional<qint64> duration(const YAML::Node &map, const char *key, const QString &what,
                                   bool required = false);
    bool boolean(const YAML::Node &map, const char *key, const QString &what);
    // A list of single values; with refKind, each must name an entity of that kind.
    QStringList list(const YAML::Node &map, const char *key, const QString &what,
                     const QString &refKind = {});
    // The value of map[key] must name an entity of the given kind ("person", "pipeline").
    void reference(const YAML::Node &map, const char *key, const QString &kind,
                   const QString &value, const QString &what);

    // Reads a top-level list section, calling read for each well-formed entry. read returns
    // the entry's id; ids given twice are errors, and the ids become what references of the
    // kind entity may name.
    void section(const YAML::Node &root, const char *key, const QString &entity,
                 const std::function<QString(const YAML::Node &, const QString &)> &read);
    // Every reference made so far that names nothing a section defined is an error.
    void checkReferences();

private:
    struct PendingReference
    {
        QString kind;
        QString value;
        YAML::Mark mark;
        QString context;
    };

    QString m_file;
    QList<PendingReference> m_references;
    QHash<QString, QSet<QString>> m_ids; // entity kind -> ids defined
};

// Values shared by several sections.
QString readId(YamlReader &r, const YAML::Node &map, const char *key, const QString &what);
// Which of a key and its older spelling the map uses; both at once is an error.
const char *seatKey(YamlReader &r, const YAML::Node &map, const char *key, const char *older,
                    const QString &what);
void reportDuplicateKeys(YamlReader &r, const YAML::Node &node);
std::optional<int> weekdayFromName(const QString &name);
std::optional<QTime> clockTime(YamlReader &r, const YAML::Node &map, const char *key,
                               const QString &what, QTime fallback);
QDate calendarDate(YamlReader &r, const YAML::Node &map, const char *key, const QString &what,
                   bool required);
// A date-time with an offset ("2026-12-01T10:00:00+01:00", "...Z"), or without one, read
// in the given zone; a bare date means its midnight there.
QDateTime instant(YamlReader &r, const YAML::Node &map, const char *key, const QString &what,
                  const QTimeZone &zone);
// "localhost" or a loopback address: traffic that never leaves the machine.
bool isLoopbackHost(const QString &host);
// A path in the workspace file is relative to the file's folder.
QString resolvePath(const QString &workspaceFile, const QString &path);
// Reads an iCalendar file named in the workspace; its problems join the workspace's.
CalendarReadResult readCalendar(YamlReader &r, const YAML::Node &map, const QString &path,
                                const QTimeZone &zone);

} // namespace wk
