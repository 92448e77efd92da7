#include "pagerdutyevent.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QUuid>

namespace wk {

namespace {

// The Events API's limit; a longer key is a client bug worth refusing, not truncating.
constexpr qsizetype maxDedupKeyLength = 255;

std::optional<ExternalEvent> fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return std::nullopt;
}

// A string member, or nothing when it is absent or null; false (with *error) for any
// other kind of value. `where` prefixes the key in the message ("payload.").
bool readText(const QJsonObject &o, const QString &where, const char *key, QString *out,
              QString *error)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull()) {
        out->clear();
        return true;
    }
    if (!v.isString()) {
        fail(error, QStringLiteral("'%1%2' must be a string").arg(where, QLatin1String(key)));
        return false;
    }
    *out = v.toString();
    return true;
}

bool required(const QString &value, const QString &field, QString *error)
{
    if (value.isEmpty())
        fail(error, QStringLiteral("field '%1' is missing").arg(field));
    return !value.isEmpty();
}

std::optional<ExternalEvent::Action> actionOf(const QString &action)
{
    if (action == QLatin1String("trigger"))
        return ExternalEvent::Action::Trigger;
    if (action == QLatin1String("acknowledge"))
        return ExternalEvent::Action::Acknowledge;
    if (action == QLatin1String("resolve"))
        return ExternalEvent::Action::Resolve;
    return std::nullopt;
}

std::optional<Severity> severityOf(const QString &severity)
{
    if (severity == QLatin1String("critical"))
        return Severity::Critical;
    if (severity == QLatin1String("error"))
        return Severity::High;
    if (severity == QLatin1String("warning") || severity == QLatin1String("info"))
        return Severity::Medium;
    return std::nullopt;
}

// Where the sender points for more: its own page, links and images, shown as links.
QStringList linksOf(const QJsonObject &root, const QString &actor)
{
    QStringList links;
    QString clientUrl;
    if (readText(root, {}, "client_url", &clientUrl, nullptr) && !clientUrl.isEmpty())
        links << QStringLiteral("link: %1 (%2)").arg(clientUrl, actor);
    for (const QJsonValue v : root.value(QStringLiteral("links")).toArray()) {
        const QString href = v.toObject().value(QStringLiteral("href")).toString();
        if (!href.isEmpty())
            links << QStringLiteral("link: %1 (%2)")
                         .arg(href, v.toObject().value(QStringLiteral("text")).toString());
    }
    for (const QJsonValue v : root.value(QStringLiteral("images")).toArray()) {
        const QString src = v.toObject().value(QStringLiteral("src")).toString();
        if (!src.isEmpty())
            links << QStringLiteral("image: %1 (%2)")
                         .arg(src, v.toObject().value(QStringLiteral("alt")).toString());
    }
    return links;
}

// A trigger's payload: what the alert says, how bad it is, and where it belongs.
bool readTrigger(const QJsonObject &root, ExternalEvent &e, QString *error)
{
    const QJsonValue payloadValue = root.value(QStringLiteral("payload"));
    if (!payloadValue.isObject()) {
        fail(error, payloadValue.isUndefined() ? QStringLiteral("field 'payload' is missing")
                                               : QStringLiteral("'payload' must be an object"));
        return false;
    }
    const QJsonObject payload = payloadValue.toObject();
    const QString p = QStringLiteral("payload.");
    QString summary, source, severity, timestamp, component, group, kind;
    if (!readText(payload, p, "summary", &summary, error) ||
        !readText(payload, p, "source", &source, error) ||
        !readText(payload, p, "severity", &severity, error) ||
        !readText(payload, p, "timestamp", &timestamp, error) ||
        !readText(payload, p, "component", &component, error) ||
        !readText(payload, p, "group", &group, error) ||
        !readText(payload, p, "class", &kind, error) ||
        !required(summary, p + QStringLiteral("summary"), error) ||
        !required(source, p + QStringLiteral("source"), error) ||
        !required(severity, p + QStringLiteral("severity"), error))
        return false;
    const std::optional<Severity> level = severityOf(severity);
    if (!level) {
        fail(error, QStringLiteral("'payload.severity' is '%1'; it must be critical, "
                                   "error, warning or info")
                        .arg(severity));
        return false;
    }
    e.severity = *level;
    if (!timestamp.isEmpty()) {
        const auto at = parseTimestamp(timestamp.toStdString());
        if (!at) {
            fail(
                error,
                QStringLiteral("'payload.timestamp' is '%1', not an ISO 8601 time").arg(timestamp));
            return false;
        }
        e.at = *at;
    }
    const QJsonValue detailsValue = payload.value(QStringLiteral("custom_details"));
    const QJsonObject details = detailsValue.toObject();
    for (const QString &hint :
         {details.value(QStringLiteral("pipeline")).toString(), group, component}) {
        if (!hint.isEmpty())
            e.pipelineHints << hint;
    }
    e.customer = details.value(QStringLiteral("customer")).toString();
    e.title = summary;
    QStringList evidence{QStringLiteral("source: %1").arg(source)};
    if (!kind.isEmpty())
        evidence << QStringLiteral("class: %1").arg(kind);
    if (!detailsValue.isUndefined() && !detailsValue.isNull()) {
        const QByteArray compact =
            detailsValue.isObject()
                ? QJsonDocument(details).toJson(QJsonDocument::Compact)
                : QJsonDocument(QJsonObject{{QStringLiteral("details"), detailsValue}})
                      .toJson(QJsonDocument::Compact);
        evidence << QStringLiteral("details: %1").arg(QString::fromUtf8(compact));
    }
    evidence << linksOf(root, e.actor);
    if (e.at)
        evidence << QStringLiteral("sent at %1 by the sender's clock (the SLA clocks count "
                                   "from receipt)")
                        .arg(QString::fromStdString(formatTimestamp(e.at)));
    e.evidence = evidence.join(QLatin1Char('\n'));
    return true;
}

} // namespace

std::optional<ExternalEvent> PagerDutyEvent::parse(const QByteArray &body, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return fail(error, QStringLiteral("malformed JSON at byte %1: %2")
                               .arg(parseError.offset)
                               .arg(parseError.errorString()));
    if (!doc.isObject())
        return fail(error, QStringLiteral("the body must be a JSON object"));
    const QJsonObject root = doc.object();
    QString action, dedupKey, client;
    if (!readText(root, {}, "event_action", &action, error) ||
        !readText(root, {}, "dedup_key", &dedupKey, error) ||
        !readText(root, {}, "client", &client, error) ||
        !required(action, QStringLiteral("event_action"), error))
        return std::nullopt;
    if (dedupKey.size() > maxDedupKeyLength)
        return fail(error, QStringLiteral("'dedup_key' is %1 characters long; at most %2 are "
                                          "accepted")
                               .arg(dedupKey.size())
                               .arg(maxDedupKeyLength));
    ExternalEvent e;
    e.origin = QStringLiteral("pagerduty");
    e.actor = client.isEmpty() ? QStringLiteral("pagerduty") : client;
    const std::optional<ExternalEvent::Action> kind = actionOf(action);
    if (!kind)
        return fail(error, QStringLiteral("'event_action' is '%1'; it must be trigger, "
                                          "acknowledge or resolve")
                               .arg(action));
    e.action = *kind;
    if (e.action != ExternalEvent::Action::Trigger) {
        if (!required(dedupKey, QStringLiteral("dedup_key"), error))
            return std::nullopt;
        e.key = dedupKey;
        return e;
    }
    e.key = dedupKey.isEmpty() ? QUuid::createUuid().toString(QUuid::WithoutBraces) : dedupKey;
    if (!readTrigger(root, e, error))
        return std::nullopt;
    return e;
}

} // namespace wk
