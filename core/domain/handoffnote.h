#pragma once

#include <QDate>
#include <QDateTime>
#include <QMetaType>
#include <QString>

namespace wk {

// The outgoing engineer's notes for a week's handoff meeting.
struct HandoffNote
{
    QDate weekStart;
    QString author; // person id
    QString body;   // Markdown
    QDateTime updatedAt;

    bool operator==(const HandoffNote &) const = default;
};

} // namespace wk

Q_DECLARE_METATYPE(wk::HandoffNote)
