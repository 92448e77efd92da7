#include "shiftrequest.h"

#include <QJsonArray>

namespace wk {

namespace {

const char *const stateNames[] = {"open", "awaiting approval", "taken", "refused", "withdrawn"};

QString iso(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QDateTime instant(const QJsonValue &v)
{
    QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
    if (t.isValid())
        t = t.toUTC();
    return t;
}

ShiftRequest::State stateFrom(const QString &name)
{
    for (int i = 0; i < 5; ++i) {
        if (name == QLatin1String(stateNames[i]))
            return static_cast<ShiftRequest::State>(i);
    }
    return ShiftRequest::State::Open;
}

} // namespace

QString ShiftRequest::stateName(const QDateTime &now) const
{
    if ((state == State::Open || state == State::AwaitingApproval) && now >= expiresAt)
        return QStringLiteral("expired");
    return QString::fromLatin1(stateNames[static_cast<int>(state)]);
}

QString ShiftRequest::kindName(Kind kind)
{
    return kind == Kind::Swap ? QStringLiteral("swap") : QStringLiteral("cover");
}

QJsonObject ShiftRequest::toJson() const
{
    return {{QStringLiteral("id"), id},
            {QStringLiteral("kind"), kindName(kind)},
            {QStringLiteral("rotation"), rotation},
            {QStringLiteral("layer"), rotationLayerName(layer)},
            {QStringLiteral("requester"), requester},
            {QStringLiteral("start"), iso(start)},
            {QStringLiteral("end"), iso(end)},
            {QStringLiteral("asked_of"), QJsonArray::fromStringList(askedOf)},
            {QStringLiteral("reason"), reason},
            {QStringLiteral("created"), iso(createdAt)},
            {QStringLiteral("expires"), iso(expiresAt)},
            {QStringLiteral("state"), QString::fromLatin1(stateNames[static_cast<int>(state)])},
            {QStringLiteral("taken_by"), takenBy},
            {QStringLiteral("declined_by"), QJsonArray::fromStringList(declinedBy)},
            {QStringLiteral("decided_by"), decidedBy},
            {QStringLiteral("decided"), iso(decidedAt)},
            {QStringLiteral("note"), note},
            {QStringLiteral("overrides"), QJsonArray::fromStringList(overrideIds)},
            {QStringLiteral("told_of"), QString::fromLatin1(stateNames[static_cast<int>(toldOf)])},
            {QStringLiteral("ask_sent"), askSent},
            {QStringLiteral("asked"), QJsonArray::fromStringList(asked)},
            {QStringLiteral("expiry_told"), expiryTold}};
}

ShiftRequest ShiftRequest::fromJson(const QJsonObject &j)
{
    auto strings = [&](const char *key) {
        QStringList out;
        for (const QJsonValue v : j.value(QLatin1String(key)).toArray())
            out << v.toString();
        return out;
    };
    ShiftRequest r;
    r.id = j.value(QStringLiteral("id")).toString();
    r.kind = j.value(QStringLiteral("kind")).toString() == QLatin1String("swap") ? Kind::Swap
                                                                                 : Kind::Cover;
    r.rotation = j.value(QStringLiteral("rotation")).toString();
    r.layer = rotationLayerFromName(j.value(QStringLiteral("layer")).toString())
                  .value_or(RotationLayer::Primary);
    r.requester = j.value(QStringLiteral("requester")).toString();
    r.start = instant(j.value(QStringLiteral("start")));
    r.end = instant(j.value(QStringLiteral("end")));
    r.askedOf = strings("asked_of");
    r.reason = j.value(QStringLiteral("reason")).toString();
    r.createdAt = instant(j.value(QStringLiteral("created")));
    r.expiresAt = instant(j.value(QStringLiteral("expires")));
    r.state = stateFrom(j.value(QStringLiteral("state")).toString());
    r.takenBy = j.value(QStringLiteral("taken_by")).toString();
    r.declinedBy = strings("declined_by");
    r.decidedBy = j.value(QStringLiteral("decided_by")).toString();
    r.decidedAt = instant(j.value(QStringLiteral("decided")));
    r.note = j.value(QStringLiteral("note")).toString();
    r.overrideIds = strings("overrides");
    r.toldOf = stateFrom(j.value(QStringLiteral("told_of")).toString());
    r.askSent = j.value(QStringLiteral("ask_sent")).toBool();
    r.asked = strings("asked");
    r.expiryTold = j.value(QStringLiteral("expiry_told")).toBool();
    return r;
}

} // namespace wk
