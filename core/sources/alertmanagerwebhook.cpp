#include "alertmanagerwebhook.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

namespace wk {

namespace {

QString labelFingerprint(const QJsonObject &labels)
{
    QStringList pairs;
    for (auto it = labels.begin(); it != labels.end(); ++it)
        pairs << it.key() + QLatin1Char('=') + it.value().toString();
    pairs.sort();
    const QByteArray digest = QCryptographicHash::hash(pairs.join(QLatin1Char('\n')).toUtf8(),
                                                       QCryptographicHash::Sha256);
    return QStringLiteral("labels-") + QString::fromLatin1(digest.toHex().left(16));
}

bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

// "a=b, c=d", sorted, so that the evidence of the same alert reads the same every time.
QString pairs(const QJsonObject &o)
{
    QStringList out;
    for (auto it = o.begin(); it != o.end(); ++it)
        out << it.key() + QLatin1Char('=') + it.value().toString();
    return out.join(QStringLiteral(", "));
}

bool readStringMap(const QJsonObject &parent, const QString &key, const QString &where,
                   QJsonObject *out, QString *error)
{
    const QJsonValue v = parent.value(key);
    if (v.isUndefined() || v.isNull()) {
        *out = {};
        return true;
    }
    if (!v.isObject())
        return fail(error, QStringLiteral("'%1.%2' must be an object").arg(where, key));
    *out = v.toObject();
    for (auto it = out->begin(); it != out->end(); ++it) {
        if (!it.value().isString())
            return fail(error,
                        QStringLiteral("'%1.%2.%3' must be a string").arg(where, key, it.key()));
    }
    return true;
}

// A member that must be a non-empty string.
bool requiredText(const QJsonObject &a, const QString &where, const char *key, QString *out,
                  QString *error)
{
    const QJsonValue v = a.value(QLatin1String(key));
    if (!v.isString() || v.toString().isEmpty())
        return fail(error,
                    v.isUndefined()
                        ? QStringLiteral("field '%1.%2' is missing").arg(where, QLatin1String(key))
                        : QStringLiteral("'%1.%2' must be a non-empty string")
                              .arg(where, QLatin1String(key)));
    *out = v.toString();
    return true;
}

// What the alert says beyond its title: its labels, description, source and times.
QString evidenceOf(const QJsonObject &a, const QJsonObject &labels, const QJsonObject &annotations,
                   const QString &receiver, TimestampNs started, std::optional<TimestampNs> ended)
{
    QStringList evidence;
    evidence << QStringLiteral("labels: %1").arg(pairs(labels));
    const QString description = annotations.value(QStringLiteral("description")).toString();
    if (!description.isEmpty())
        evidence << description;
    const QString generator = a.value(QStringLiteral("generatorURL")).toString();
    if (!generator.isEmpty())
        evidence << QStringLiteral("source: %1").arg(generator);
    if (!receiver.isEmpty())
        evidence << QStringLiteral("receiver: %1").arg(receiver);
    // The sender's own times; the SLA clocks start when the console received the alert.
    evidence << QStringLiteral("started at %1 by Alertmanager's clock (the SLA clocks "
                               "count from receipt)")
                    .arg(QString::fromStdString(formatTimestamp(started)));
    // Alertmanager writes 0001-01-01 for "no end yet".
    if (ended && *ended > started)
        evidence << QStringLiteral("ends at %1 by Alertmanager's clock")
                        .arg(QString::fromStdString(formatTimestamp(*ended)));
    return evidence.join(QLatin1Char('\n'));
}

// One alert of a notification; `where` names it in messages ("alerts[2]").
std::optional<ExternalEvent> readAlert(const QJsonObject &a, const QString &where,
                                       const QString &commonStatus, const QString &receiver,
                                       QString *error)
{
    auto text = [&](const char *key, QString *out) {
        return requiredText(a, where, key, out, error);
    };
    QString status = commonStatus, fingerprint, startsAt;
    QJsonObject labels, annotations;
    const bool ownStatus = a.contains(QStringLiteral("status")) || commonStatus.isEmpty();
    if ((ownStatus && !text("status", &status)) || !text("startsAt", &startsAt) ||
        !readStringMap(a, QStringLiteral("labels"), where, &labels, error) ||
        !readStringMap(a, QStringLiteral("annotations"), where, &annotations, error))
        return std::nullopt;
    // Older senders and hand-made payloads give no fingerprint: the labels are the
    // alert's identity then, as Alertmanager's own fingerprint is made from them.
    if (a.contains(QStringLiteral("fingerprint"))) {
        if (!text("fingerprint", &fingerprint))
            return std::nullopt;
    } else {
        fingerprint = labelFingerprint(labels);
    }
    ExternalEvent e;
    e.origin = QStringLiteral("alertmanager");
    e.key = fingerprint;
    if (status == QLatin1String("firing"))
        e.action = ExternalEvent::Action::Trigger;
    else if (status == QLatin1String("resolved"))
        e.action = ExternalEvent::Action::Resolve;
    else {
        fail(error, QStringLiteral("'%1.status' is '%2'; it must be firing or resolved")
                        .arg(where, status));
        return std::nullopt;
    }
    const auto started = parseTimestamp(startsAt.toStdString());
    if (!started) {
        fail(error,
             QStringLiteral("'%1.startsAt' is '%2', not an RFC 3339 time").arg(where, startsAt));
        return std::nullopt;
    }
    e.at = *started;
    const auto ended = parseTimestamp(a.value(QStringLiteral("endsAt")).toString().toStdString());
    if (e.action == ExternalEvent::Action::Resolve && ended)
        e.at = *ended;
    const QString alertName = labels.value(QStringLiteral("alertname")).toString();
    e.severity =
        AlertmanagerWebhook::severityOf(labels.value(QStringLiteral("severity")).toString());
    for (const char *label : {"pipeline", "job", "service"}) {
        const QString hint = labels.value(QLatin1String(label)).toString();
        if (!hint.isEmpty())
            e.pipelineHints << hint;
    }
    e.customer = labels.value(QStringLiteral("customer")).toString();
    const QString summary = annotations.value(QStringLiteral("summary")).toString();
    e.title = !summary.isEmpty()     ? summary
              : !alertName.isEmpty() ? alertName
                                     : QStringLiteral("Alertmanager alert %1").arg(fingerprint);
    e.evidence = evidenceOf(a, labels, annotations, receiver, *started, ended);
    e.actor = QStringLiteral("alertmanager");
    return e;
}

} // namespace

Severity AlertmanagerWebhook::severityOf(const QString &label)
{
    const QString s = label.trimmed().toLower();
    if (s == QLatin1String("critical") || s == QLatin1String("page") || s == QLatin1String("p1"))
        return Severity::Critical;
    if (s == QLatin1String("high") || s == QLatin1String("error") || s == QLatin1String("major") ||
        s == QLatin1String("p2"))
        return Severity::High;
    return Severity::Medium;
}

std::optional<QList<ExternalEvent>> AlertmanagerWebhook::parse(const QByteArray &body,
                                                               QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        fail(error, QStringLiteral("malformed JSON at byte %1: %2")
                        .arg(parseError.offset)
                        .arg(parseError.errorString()));
        return std::nullopt;
    }
    if (!doc.isObject()) {
        fail(error, QStringLiteral("the body must be a JSON object"));
        return std::nullopt;
    }
    const QJsonObject root = doc.object();
    const QJsonValue version = root.value(QStringLiteral("version"));
    if (version.isUndefined()) {
        fail(error, QStringLiteral("field 'version' is missing"));
        return std::nullopt;
    }
    if (version.toString() != QLatin1String("4")) {
        const QString shown = version.isString() ? QStringLiteral("'%1'").arg(version.toString())
                                                 : QString::number(version.toDouble());
        fail(error, QStringLiteral("'version' is %1; only version 4 notifications are accepted")
                        .arg(shown));
        return std::nullopt;
    }
    const QJsonValue alertsValue = root.value(QStringLiteral("alerts"));
    if (!alertsValue.isArray()) {
        fail(error, alertsValue.isUndefined() ? QStringLiteral("field 'alerts' is missing")
                                              : QStringLiteral("'alerts' must be an array"));
        return std::nullopt;
    }
    const QString receiver = root.value(QStringLiteral("receiver")).toString();
    // Some senders give the status once for the whole notification, not per alert.
    const QString commonStatus = root.value(QStringLiteral("status")).toString();
    QList<ExternalEvent> events;
    const QJsonArray alerts = alertsValue.toArray();
    for (qsizetype i = 0; i < alerts.size(); ++i) {
        const QString where = QStringLiteral("alerts[%1]").arg(i);
        if (!alerts.at(i).isObject()) {
            fail(error, QStringLiteral("'%1' must be an object").arg(where));
            return std::nullopt;
        }
        const std::optional<ExternalEvent> e =
            readAlert(alerts.at(i).toObject(), where, commonStatus, receiver, error);
        if (!e)
            return std::nullopt;
        events << *e;
    }
    return events;
}

} // namespace wk
