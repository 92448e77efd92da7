#pragma once

#include "timestamp.h"

#include <QList>
#include <QMetaType>
#include <QPair>
#include <QString>

namespace wk {

// Mutes notifications for alerts that match every matcher while it is in force,
// e.g. during planned maintenance of one pipeline.
struct Silence
{
    QString id;
    // (field, value) pairs; fields: pipeline, rule, severity, subject.
    QList<QPair<QString, QString>> matchers;
    TimestampNs startsAt = 0;
    TimestampNs endsAt = 0;
    QString createdBy;
    QString comment;

    bool operator==(const Silence &) const = default;
};

} // namespace wk

Q_DECLARE_METATYPE(wk::Silence)
