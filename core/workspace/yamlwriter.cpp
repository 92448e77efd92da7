#include "yamlwriter.h"

namespace wk {

namespace {

// A literal block only reproduces text that ends in exactly one newline and does not start
// with a space; anything else must be quoted to read back unchanged.
bool fitsLiteralBlock(const QString &text)
{
    return text.endsWith(QLatin1Char('\n')) && !text.endsWith(QStringLiteral("\n\n")) &&
           !text.startsWith(QLatin1Char(' ')) && !text.startsWith(QLatin1Char('\n')) &&
           !text.contains(QLatin1Char('\r'));
}

} // namespace

std::string yamlString(const QString &text)
{
    return text.toStdString();
}

void writeKey(YAML::Emitter &out, const char *key, const QString &value, bool always)
{
    if (!always && value.isEmpty())
        return;
    out << YAML::Key << key << YAML::Value;
    if (value.isEmpty())
        out << YAML::DoubleQuoted << "";
    else
        out << yamlString(value);
}

std::string yamlNumber(double value)
{
    for (int precision = 1; precision < 17; ++precision) {
        const QString t = QString::number(value, 'g', precision);
        if (t.toDouble() == value)
            return t.toStdString();
    }
    return QString::number(value, 'g', 17).toStdString();
}

void writeList(YAML::Emitter &out, const char *key, const QStringList &list)
{
    if (list.isEmpty())
        return;
    out << YAML::Key << key << YAML::Value << YAML::Flow << YAML::BeginSeq;
    for (const QString &v : list)
        out << yamlString(v);
    out << YAML::EndSeq;
}

void writeBlock(YAML::Emitter &out, const char *key, const QString &text)
{
    out << YAML::Key << key << YAML::Value
        << (fitsLiteralBlock(text) ? YAML::Literal : YAML::DoubleQuoted) << yamlString(text);
}

QString utcText(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODate);
}

} // namespace wk
