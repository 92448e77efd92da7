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
    auto text = [&](const QJsonObject &o, const QString &where, const char *key,
                    QString *out) -> bool {
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
    };
    auto required = [&](const QString &value, const QString &field) {
        if (value.isEmpty())
            fail(error, QStringLiteral("field '%1' is missing").arg(field));
        return !value.isEmpty();
    };

    QString action, dedupKey, client;
    if (!text(root, {}, "event_action", &action) || !text(root, {}, "dedup_key", &dedupKey) ||
        !text(root, {}, "client", &client) || !required(action, QStringLiteral("event_action")))
        return std::nullopt;
    if (dedupKey.size() > maxDedupKeyLength)
        return fail(error, QStringLiteral("'dedup_key' is %1 characters long; at most %2 are "
                                          "accepted")
                               .arg(dedupKey.size())
                               .arg(maxDedupKeyLength));
    ExternalEvent e;
    e.origin = QStringLiteral("pagerduty");
    e.actor = client.isEmpty() ? QStringLiteral("pagerduty") : client;
    if (action == QLatin1String("trigger"))
        e.action = ExternalEvent::Action::Trigger;
    else if (action == QLatin1String("acknowledge"))
        e.action = ExternalEvent::Action::Acknowledge;
    else if (action == QLatin1String("resolve"))
        e.action = ExternalEvent::Action::Resolve;
    else
        return fail(error, QStringLiteral("'event_action' is '%1'; it must be trigger, "
                                          "acknowledge or resolve")
                               .arg(action));
    if (e.action != ExternalEvent::Action::Trigger) {
        if (!required(dedupKey, QStringLiteral("dedup_key")))
            return std::nullopt;
        e.key = dedupKey;
        return e;
    }
    e.key = dedupKey.isEmpty() ? QUuid::createUuid().toString(QUuid::WithoutBraces) : dedupKey;

    const QJsonValue payloadValue = root.value(QStringLiteral("payload"));
    if (!payloadValue.isObject())
        return fail(error, payloadValue.isUndefined()
                               ? QStringLiteral("field 'payload' is missing")
                               : QStringLiteral("'payload' must be an object"));
    const QJsonObject payload = payloadValue.toObject();
    const QString p = QStringLiteral("payload.");
    QString summary, source, severity, timestamp, component, group, kind;
    if (!text(payload, p, "summary", &summary) || !text(payload, p, "source", &source) ||
        !text(payload, p, "severity", &severity) || !text(payload, p, "timestamp", &timestamp) ||
        !text(payload, p, "component", &component) || !text(payload, p, "group", &group) ||
        !text(payload, p, "class", &kind) || !required(summary, p + QStringLiteral("summary")) ||
        !required(source, p + QStringLiteral("source")) ||
        !required(severity, p + QStringLiteral("severity")))
        return std::nullopt;
    if (severity == QLatin1String("critical"))
        e.severity = Severity::Critical;
    else if (severity == QLatin1String("error"))
        e.severity = Severity::High;
    else if (severity == QLatin1String("warning") || severity == QLatin1String("info"))
        e.severity = Severity::Medium;
    else
        return fail(error, QStringLiteral("'payload.severity' is '%1'; it must be critical, "
                                          "error, warning or info")
                               .arg(severity));
    if (!timestamp.isEmpty()) {
        const auto at = parseTimestamp(timestamp.toStdString());
        if (!at)
            return fail(error, QStringLiteral("'payload.timestamp' is '%1', not an ISO 8601 "
                                              "time")
                                   .arg(timestamp));
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
    // Where the sender points for more: its own page, links and images, shown as links.
    QString clientUrl;
    if (text(root, {}, "client_url", &clientUrl) && !clientUrl.isEmpty())
        evidence << QStringLiteral("link: %1 (%2)").arg(clientUrl, e.actor);
    for (const QJsonValue v : root.value(QStringLiteral("links")).toArray()) {
        const QString href = v.toObject().value(QStringLiteral("href")).toString();
        if (!href.isEmpty())
            evidence << QStringLiteral("link: %1 (%2)")
                            .arg(href, v.toObject().value(QStringLiteral("text")).toString());
    }
    for (const QJsonValue v : root.value(QStringLiteral("images")).toArray()) {
        const QString src = v.toObject().value(QStringLiteral("src")).toString();
        if (!src.isEmpty())
            evidence << QStringLiteral("image: %1 (%2)")
                            .arg(src, v.toObject().value(QStringLiteral("alt")).toString());
    }
    if (e.at)
        evidence << QStringLiteral("sent at %1 by the sender's clock (the SLA clocks count "
                                   "from receipt)")
                        .arg(QString::fromStdString(formatTimestamp(e.at)));
    e.evidence = evidence.join(QLatin1Char('\n'));
    return e;
}

} // namespace wk
