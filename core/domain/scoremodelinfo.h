#pragma once

#include "timestamp.h"

#include <QByteArray>
#include <QMetaType>
#include <QString>

namespace wk {

// The actionable score's latest training, as the store keeps it and the consoles share it:
// the model when there is one, else why there is none.
struct ScoreModelInfo
{
    TimestampNs trainedAt = 0;
    int history = 0;    // ended alerts with a known outcome it learned from
    QByteArray model;   // empty: no score
    QString evaluation; // the newer-part figures, as noise evaluate prints them
    QString whyNone;    // why there is no model

    bool hasModel() const { return !model.isEmpty(); }
    bool operator==(const ScoreModelInfo &) const = default;
};

} // namespace wk

Q_DECLARE_METATYPE(wk::ScoreModelInfo)
