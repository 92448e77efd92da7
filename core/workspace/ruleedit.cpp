#include "ruleedit.h"

#include "domain/rulechange.h"
#include "workspacereader.h"
#include "yamldocument.h"

#include <QList>
#include <QRegularExpression>

#include <algorithm>

namespace wk {

namespace {

struct Splice
{
    qsizetype from = 0;
    qsizetype to = 0; // exclusive
    QByteArray text;
};

// A list item or scalar as the workspace file would be written by hand: quoted only when
// YAML would read it otherwise.
QByteArray scalar(const QString &value)
{
    static const QRegularExpression plain(QStringLiteral(R"(^[A-Za-z0-9_./ -]*[A-Za-z0-9_./-]$)"));
    if (plain.match(value).hasMatch() && !value.startsWith(QLatin1Char('-')) &&
        !value.startsWith(QLatin1Char(' ')))
        return value.toUtf8();
    QString quoted = value;
    quoted.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    quoted.replace(QLatin1Char('"'), QStringLiteral("\\\""));
    return '"' + quoted.toUtf8() + '"';
}

QByteArray valueText(const Rule &rule, const QString &key)
{
    if (key == QLatin1String("events") || key == QLatin1String("steps")) {
        QByteArrayList items;
        for (const QString &item : key == QLatin1String("events") ? rule.events : rule.steps)
            items << scalar(item);
        return '[' + items.join(", ") + ']';
    }
    return scalar(RuleChange::value(rule, key));
}

qsizetype lineEnd(const QByteArray &text, qsizetype pos)
{
    const qsizetype nl = text.indexOf('\n', pos);
    return nl < 0 ? text.size() : nl;
}

qsizetype lineStart(const QByteArray &text, qsizetype pos)
{
    return pos == 0 ? 0 : text.lastIndexOf('\n', pos - 1) + 1;
}

// Where the flow collection opened at pos closes (just past it), quotes respected.
qsizetype closing(const QByteArray &text, qsizetype pos)
{
    int depth = 0;
    char quote = 0;
    for (qsizetype i = pos; i < text.size(); ++i) {
        const char c = text.at(i);
        if (quote) {
            if (c == '\\' && quote == '"')
                ++i;
            else if (c == quote)
                quote = 0;
            continue;
        }
        if (c == '"' || c == '\'')
            quote = c;
        else if (c == '[' || c == '{')
            ++depth;
        else if ((c == ']' || c == '}') && --depth == 0)
            return i + 1;
    }
    return -1;
}

// The end of the value that starts at pos: a quoted or flow value to its closing mark, a
// plain one to the end of its line, a comment, or (inside a flow map) the next , or }.
qsizetype valueEnd(const QByteArray &text, qsizetype pos, bool inFlow)
{
    const char first = text.at(pos);
    if (first == '[' || first == '{')
        return closing(text, pos);
    if (first == '"' || first == '\'') {
        for (qsizetype i = pos + 1; i < text.size(); ++i) {
            if (text.at(i) == '\\' && first == '"')
                ++i;
            else if (text.at(i) == first) {
                if (first == '\'' && i + 1 < text.size() && text.at(i + 1) == '\'') {
                    ++i;
                    continue;
                }
                return i + 1;
            }
        }
        return -1;
    }
    qsizetype end = lineEnd(text, pos);
    const qsizetype comment = text.indexOf(" #", pos);
    if (comment >= 0 && comment < end)
        end = comment;
    if (inFlow) {
        for (const char stop : {',', '}'}) {
            const qsizetype s = text.indexOf(stop, pos);
            if (s >= 0 && s < end)
                end = s;
        }
    }
    while (end > pos && (text.at(end - 1) == ' ' || text.at(end - 1) == '\r'))
        --end;
    return end;
}

} // namespace

std::optional<QByteArray> RuleEdit::apply(const QByteArray &yaml, const QString &fileName,
                                          const Rule &before, const Rule &after, QString *error)
{
    auto refuse = [&](const QString &why) {
        *error = QStringLiteral("%1: %2; change rule '%3' by hand").arg(fileName, why, before.id);
        return std::nullopt;
    };
    YAML::Node rule;
    bool found = false;
    try {
        const YamlDocument doc = YamlDocument::load(yaml.toStdString());
        const YAML::Node rules = doc.root["rules"];
        if (!rules || !rules.IsSequence())
            return refuse(QStringLiteral("it has no rules list"));
        for (const YAML::Node &n : rules) {
            if (n.IsMap() && n["id"] && n["id"].IsScalar() &&
                QString::fromStdString(n["id"].Scalar()) == before.id) {
                rule = n;
                found = true;
            }
        }
    } catch (const YAML::Exception &e) {
        return refuse(QString::fromStdString(e.what()));
    }
    if (!found)
        return refuse(QStringLiteral("it has no rule '%1'").arg(before.id));
    const bool flowMap = rule.Style() == YAML::EmitterStyle::Flow;

    QList<Splice> splices;
    for (const QString &key : RuleChange::keys(before.kind)) {
        const QString was = RuleChange::value(before, key);
        const QString now = RuleChange::value(after, key);
        if (was == now)
            continue;
        const std::string k = key.toStdString();
        YAML::Node keyNode, value;
        bool present = false;
        for (auto it = rule.begin(); it != rule.end(); ++it) {
            if (it->first.IsScalar() && it->first.Scalar() == k) {
                keyNode = it->first;
                value = it->second;
                present = true;
            }
        }
        if (!present) {
            if (now.isEmpty())
                continue; // unset either way
            const QByteArray entry = key.toUtf8() + ": " + valueText(after, key);
            if (flowMap) {
                const qsizetype open = rule.Mark().pos;
                const qsizetype close = closing(yaml, open);
                if (close < 0)
                    return refuse(QStringLiteral("its map does not close"));
                splices.append({close - 1, close - 1, ", " + entry});
            } else {
                // Under the id line, indented as the id key is.
                const YAML::Mark id = rule["id"].Mark();
                qsizetype idKey = lineStart(yaml, id.pos);
                for (auto it = rule.begin(); it != rule.end(); ++it) {
                    if (it->first.Scalar() == "id")
                        idKey = it->first.Mark().pos;
                }
                const qsizetype indent = idKey - lineStart(yaml, idKey);
                const qsizetype at = lineEnd(yaml, id.pos);
                splices.append({at, at, '\n' + QByteArray(indent, ' ') + entry});
            }
            continue;
        }
        const qsizetype keyPos = keyNode.Mark().pos;
        if (now.isEmpty()) {
            if (flowMap)
                return refuse(QStringLiteral("'%1' is in a one-line map").arg(key));
            const qsizetype from = lineStart(yaml, keyPos);
            qsizetype to = lineEnd(yaml, value.Mark().pos);
            if (value.IsSequence() && value.Style() != YAML::EmitterStyle::Flow && value.size())
                to = lineEnd(yaml, value[value.size() - 1].Mark().pos);
            splices.append({from, std::min<qsizetype>(to + 1, yaml.size()), {}});
            continue;
        }
        if (value.IsSequence() && value.Style() != YAML::EmitterStyle::Flow) {
            // A block list becomes a one-line list on the key's line.
            const qsizetype colon = yaml.indexOf(':', keyPos);
            qsizetype to = lineEnd(yaml, keyPos);
            if (value.size())
                to = lineEnd(yaml, value[value.size() - 1].Mark().pos);
            splices.append({colon + 1, to, ' ' + valueText(after, key)});
            continue;
        }
        const qsizetype from = value.Mark().pos;
        if (from < 0 || from >= yaml.size() || value.IsMap())
            return refuse(QStringLiteral("'%1' is not a plain value").arg(key));
        const qsizetype to = valueEnd(yaml, from, flowMap);
        if (to < from)
            return refuse(QStringLiteral("the value of '%1' does not end").arg(key));
        splices.append({from, to, valueText(after, key)});
    }
    std::sort(splices.begin(), splices.end(),
              [](const Splice &a, const Splice &b) { return a.from > b.from; });
    QByteArray out = yaml;
    for (const Splice &s : std::as_const(splices))
        out.replace(s.from, s.to - s.from, s.text);

    // Read back: the file must give exactly the changed rule, and nothing else changed.
    const WorkspaceLoadResult reread = WorkspaceReader::readText(out, fileName);
    const WorkspaceLoadResult original = WorkspaceReader::readText(yaml, fileName);
    if (!reread.workspace || !original.workspace)
        return refuse(QStringLiteral("the edited file does not read back"));
    Workspace expected = *original.workspace;
    for (Rule &r : expected.rules) {
        if (r.id == before.id)
            r = after;
    }
    if (!(expected == *reread.workspace))
        return refuse(QStringLiteral("the edited file reads back differently"));
    return out;
}

QString RuleEdit::diff(const QByteArray &before, const QByteArray &after, const QString &fileName)
{
    const QList<QByteArray> a = before.split('\n');
    const QList<QByteArray> b = after.split('\n');
    qsizetype head = 0;
    while (head < a.size() && head < b.size() && a.at(head) == b.at(head))
        ++head;
    qsizetype tail = 0;
    while (tail < a.size() - head && tail < b.size() - head &&
           a.at(a.size() - 1 - tail) == b.at(b.size() - 1 - tail))
        ++tail;
    if (head == a.size() && head == b.size())
        return {};
    const qsizetype context = 2;
    const qsizetype from = std::max<qsizetype>(0, head - context);
    const qsizetype aEnd = std::min(a.size(), a.size() - tail + context);
    const qsizetype bEnd = std::min(b.size(), b.size() - tail + context);
    QString out = QStringLiteral("--- %1\n+++ %1 (changed)\n@@ -%2,%3 +%2,%4 @@\n")
                      .arg(fileName)
                      .arg(from + 1)
                      .arg(aEnd - from)
                      .arg(bEnd - from);
    for (qsizetype i = from; i < head; ++i)
        out += QLatin1Char(' ') + QString::fromUtf8(a.at(i)) + QLatin1Char('\n');
    for (qsizetype i = head; i < a.size() - tail; ++i)
        out += QLatin1Char('-') + QString::fromUtf8(a.at(i)) + QLatin1Char('\n');
    for (qsizetype i = head; i < b.size() - tail; ++i)
        out += QLatin1Char('+') + QString::fromUtf8(b.at(i)) + QLatin1Char('\n');
    for (qsizetype i = a.size() - tail; i < aEnd; ++i)
        out += QLatin1Char(' ') + QString::fromUtf8(a.at(i)) + QLatin1Char('\n');
    return out;
}

} // namespace wk
