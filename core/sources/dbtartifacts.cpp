#include "dbtartifacts.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace wk::dbt {

namespace {

// The artifact's root object once it is known to be of the expected kind ("sources",
// "run-results", "manifest"), from metadata.dbt_schema_version.
std::optional<QJsonObject> open(const QByteArray &json, const QString &kind, Artifact *info,
                                QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = QStringLiteral("malformed JSON at byte %1: %2")
                     .arg(parseError.offset)
                     .arg(parseError.errorString());
        return std::nullopt;
    }
    const QJsonObject root = doc.object();
    const QString schema = root.value(QStringLiteral("metadata"))
                               .toObject()
                               .value(QStringLiteral("dbt_schema_version"))
                               .toString();
    static const QRegularExpression pattern(QStringLiteral("/dbt/([a-z-]+)/v(\\d+)\\.json$"));
    const QRegularExpressionMatch m = pattern.match(schema);
    if (!m.hasMatch()) {
        *error = QStringLiteral("'metadata.dbt_schema_version' is missing or not a dbt schema "
                                "address");
        return std::nullopt;
    }
    if (m.captured(1) != kind) {
        *error = QStringLiteral("this is a dbt %1 file, not %2").arg(m.captured(1), kind);
        return std::nullopt;
    }
    if (info) {
        info->command =
            root.value(QStringLiteral("args")).toObject().value(QStringLiteral("which")).toString();
        info->schemaVersion = m.captured(2).toInt();
        info->generatedAt = root.value(QStringLiteral("metadata"))
                                .toObject()
                                .value(QStringLiteral("generated_at"))
                                .toString();
    }
    return root;
}

std::optional<QJsonArray> results(const QJsonObject &root, QString *error)
{
    const QJsonValue v = root.value(QStringLiteral("results"));
    if (!v.isArray()) {
        *error = QStringLiteral("field 'results' is missing or not a list");
        return std::nullopt;
    }
    return v.toArray();
}

std::optional<TimestampNs> time(const QJsonValue &v)
{
    return v.isString() ? parseTimestamp(v.toString().toStdString()) : std::nullopt;
}

QString criterion(const QJsonObject &c, const char *which)
{
    const QJsonObject o = c.value(QLatin1String(which)).toObject();
    const QJsonValue count = o.value(QStringLiteral("count"));
    const QString period = o.value(QStringLiteral("period")).toString();
    if (!count.isDouble() || period.isEmpty())
        return {};
    return QStringLiteral("%1 after %2 %3%4")
        .arg(QLatin1String(which).left(QLatin1String(which).indexOf(QLatin1Char('_'))))
        .arg(count.toInt())
        .arg(period)
        .arg(count.toInt() == 1 ? QString() : QStringLiteral("s"));
}

} // namespace

bool commandRunsNodes(const QString &command)
{
    static const QStringList running = {
        QStringLiteral("run"),    QStringLiteral("test"),     QStringLiteral("build"),
        QStringLiteral("seed"),   QStringLiteral("snapshot"), QStringLiteral("freshness"),
        QStringLiteral("source"), QStringLiteral("retry"),    QStringLiteral("run-operation")};
    return command.isEmpty() || running.contains(command.toLower());
}

QString resourceTypeOf(const QString &uniqueId)
{
    return uniqueId.section(QLatin1Char('.'), 0, 0);
}

QString shortNameOf(const QString &uniqueId)
{
    // source.<project>.<source>.<table> reads best as <source>.<table>.
    if (resourceTypeOf(uniqueId) == QLatin1String("source"))
        return uniqueId.section(QLatin1Char('.'), 2, 3);
    return uniqueId.section(QLatin1Char('.'), 2, 2);
}

std::optional<QList<Freshness>> readSources(const QByteArray &json, Artifact *info, QString *error)
{
    const auto root = open(json, QStringLiteral("sources"), info, error);
    if (!root)
        return std::nullopt;
    const auto list = results(*root, error);
    if (!list)
        return std::nullopt;
    QList<Freshness> out;
    for (qsizetype i = 0; i < list->size(); ++i) {
        const QJsonObject r = list->at(i).toObject();
        Freshness f;
        f.uniqueId = r.value(QStringLiteral("unique_id")).toString();
        // dbt 2.0's compatibility output capitalises ("Pass", "Error").
        f.status = r.value(QStringLiteral("status")).toString().toLower();
        if (f.uniqueId.isEmpty() || f.status.isEmpty()) {
            *error = QStringLiteral("results[%1] has no unique_id or status").arg(i);
            return std::nullopt;
        }
        f.maxLoadedAt = time(r.value(QStringLiteral("max_loaded_at")));
        f.snapshottedAt = time(r.value(QStringLiteral("snapshotted_at")));
        f.ageSeconds = r.value(QStringLiteral("max_loaded_at_time_ago_in_s")).toDouble();
        const QJsonObject criteria = r.value(QStringLiteral("criteria")).toObject();
        QStringList parts;
        for (const char *which : {"warn_after", "error_after"}) {
            const QString c = criterion(criteria, which);
            if (!c.isEmpty())
                parts << c;
        }
        f.criteria = parts.join(QStringLiteral(", "));
        f.message = r.value(QStringLiteral("error")).toString();
        out << f;
    }
    return out;
}

std::optional<QList<RunResult>> readRunResults(const QByteArray &json, Artifact *info,
                                               QString *error)
{
    const auto root = open(json, QStringLiteral("run-results"), info, error);
    if (!root)
        return std::nullopt;
    const auto list = results(*root, error);
    if (!list)
        return std::nullopt;
    QList<RunResult> out;
    for (qsizetype i = 0; i < list->size(); ++i) {
        const QJsonObject r = list->at(i).toObject();
        RunResult rr;
        rr.uniqueId = r.value(QStringLiteral("unique_id")).toString();
        rr.status = r.value(QStringLiteral("status")).toString().toLower();
        if (rr.uniqueId.isEmpty() || rr.status.isEmpty()) {
            *error = QStringLiteral("results[%1] has no unique_id or status").arg(i);
            return std::nullopt;
        }
        rr.message = r.value(QStringLiteral("message")).toString();
        rr.failures = r.value(QStringLiteral("failures")).toInteger();
        rr.relation = r.value(QStringLiteral("relation_name")).toString();
        out << rr;
    }
    return out;
}

std::optional<QHash<QString, Node>> readManifest(const QByteArray &json, Artifact *info,
                                                 QString *error)
{
    const auto root = open(json, QStringLiteral("manifest"), info, error);
    if (!root)
        return std::nullopt;
    const QJsonValue nodes = root->value(QStringLiteral("nodes"));
    if (!nodes.isObject()) {
        *error = QStringLiteral("field 'nodes' is missing or not an object");
        return std::nullopt;
    }
    // Groups name an owner (name and/or email) for every node in them.
    QHash<QString, QString> groupOwner;
    const QJsonObject groups = root->value(QStringLiteral("groups")).toObject();
    for (auto it = groups.begin(); it != groups.end(); ++it) {
        const QJsonObject g = it.value().toObject();
        const QJsonObject owner = g.value(QStringLiteral("owner")).toObject();
        const QString who = owner.value(QStringLiteral("email")).toString().isEmpty()
                                ? owner.value(QStringLiteral("name")).toString()
                                : owner.value(QStringLiteral("email")).toString();
        groupOwner.insert(g.value(QStringLiteral("name")).toString(), who);
    }
    QHash<QString, Node> out;
    auto add = [&](const QJsonObject &all) {
        for (auto it = all.begin(); it != all.end(); ++it) {
            const QJsonObject n = it.value().toObject();
            Node node;
            node.uniqueId = it.key();
            node.name = n.value(QStringLiteral("name")).toString();
            node.resourceType = n.value(QStringLiteral("resource_type")).toString();
            node.description = n.value(QStringLiteral("description")).toString();
            node.group = n.value(QStringLiteral("group")).toString();
            const QJsonObject config = n.value(QStringLiteral("config")).toObject();
            if (node.group.isEmpty())
                node.group = config.value(QStringLiteral("group")).toString();
            QJsonValue owner =
                n.value(QStringLiteral("meta")).toObject().value(QStringLiteral("owner"));
            if (owner.isUndefined())
                owner =
                    config.value(QStringLiteral("meta")).toObject().value(QStringLiteral("owner"));
            node.owner = owner.isString() ? owner.toString() : groupOwner.value(node.group);
            node.attachedTo = n.value(QStringLiteral("attached_node")).toString();
            if (node.attachedTo.isEmpty() && node.resourceType == QLatin1String("test"))
                node.attachedTo = n.value(QStringLiteral("depends_on"))
                                      .toObject()
                                      .value(QStringLiteral("nodes"))
                                      .toArray()
                                      .first()
                                      .toString();
            out.insert(node.uniqueId, node);
        }
    };
    add(nodes.toObject());
    add(root->value(QStringLiteral("sources")).toObject());
    return out;
}

} // namespace wk::dbt
