#pragma once

#include "alertmessage.h"

#include "domain/person.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QTimeZone>

#include <utility>

namespace wk {

// What notices to people (shift reminders, shift changes) share: times in the reader's
// zone, and one way of laying out a heading, a sentence and labelled facts as text and HTML.
class NoticeMessage
{
public:
    // The zone named (a person's or a rotation's), UTC when unknown.
    static QTimeZone zone(const QString &name);
    // "Mon 14 Dec 2026, 10:00 GMT"
    static QString local(const QDateTime &t, const QTimeZone &zone);
    // The message; a list of lines under a heading after the facts, when given.
    static AlertMessage write(const QString &key, const QString &subject, const QString &title,
                              const QString &intro, const QList<std::pair<QString, QString>> &facts,
                              const QJsonObject &details, const QString &listHeading = {},
                              const QStringList &list = {});
};

} // namespace wk
