#pragma once

#include "domain/alert.h"
#include "domain/handoffnote.h"
#include "domain/scheduleoverride.h"
#include "domain/silence.h"
#include "domain/workspace.h"

#include <QList>

namespace wk {

class Database;

// The past a team would have had with the demo workspace: about three months of alerts its
// own rules and dbt tests raised, handled by whoever its rotations had on call (mostly in
// time; some late, escalated to the secondary, left as won't fix, or raised at night),
// overrides and a swap, a maintenance silence, a handoff note for each past week and
// earlier revisions of the runbooks. The alerts go through the real AlertBook on a manual
// clock, so owners, deadlines, escalations and timelines are what the engine would have
// made. The same seed and `now` give the same history.
struct DemoHistory
{
    QList<Alert> alerts;
    QList<ScheduleOverride> overrides;
    QList<Silence> silences;
    QList<HandoffNote> notes;
    QList<QPair<QDateTime, QList<Runbook>>> runbookRevisions; // oldest first

    static DemoHistory generate(const Workspace &workspace, TimestampNs now, int days = 90,
                                quint64 seed = 7);
    // Writes it into a store that holds no alerts yet.
    bool write(Database &db, QString *error) const;
};

} // namespace wk
