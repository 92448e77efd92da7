#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QString>

namespace wk {

// One recorded state of a pipeline's runbook and how it differs from the one before.
struct RunbookRevision
{
    // Baseline: the first recording in a store, the state things started from, not a change.
    enum class Change { Baseline, Added, Edited, Removed };

    QString pipeline;
    QDateTime recordedAt; // UTC
    Change change = Change::Added;
    QString title;
    int linesAdded = 0;
    int linesRemoved = 0;

    bool operator==(const RunbookRevision &) const = default;
};

} // namespace wk

Q_DECLARE_METATYPE(wk::RunbookRevision)
