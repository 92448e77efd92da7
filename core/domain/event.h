#pragma once

#include "timestamp.h"

#include <QList>
#include <QMetaType>
#include <QString>

namespace wk {

// A timestamped fact from a source: an error a user saw, a row that landed, a state an
// account reached. Which columns fill subject, name and id is set per data source.
struct Event
{
    QString source;
    TimestampNs time = 0;
    QString subject; // the user, account or entity
    QString name;    // what happened, or the state reached
    QString id;      // unique per real event; equal ids are duplicates

    bool operator==(const Event &) const = default;
};

} // namespace wk

Q_DECLARE_METATYPE(wk::Event)
