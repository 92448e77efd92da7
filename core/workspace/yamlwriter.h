#pragma once

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <yaml-cpp/yaml.h>

#include <string>

namespace wk {

// Small pieces the workspace sections write with, so that every section quotes, rounds and
// lays out its values the same way and the reader takes them back unchanged.
std::string yamlString(const QString &text);
// Skipped when empty unless always; an empty value is written quoted ("") so that a reader
// does not take it for null.
void writeKey(YAML::Emitter &out, const char *key, const QString &value, bool always = false);
// The shortest text that reads back as the same double, so 99.5 stays "99.5".
std::string yamlNumber(double value);
// A flow list ([a, b]); skipped when empty.
void writeList(YAML::Emitter &out, const char *key, const QStringList &list);
// Markdown and SQL as a literal block (|) when it reads back unchanged, double-quoted if not.
void writeBlock(YAML::Emitter &out, const char *key, const QString &text);
// An instant in UTC, ISO 8601.
QString utcText(const QDateTime &t);

} // namespace wk
