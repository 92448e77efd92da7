#pragma once

#include "domain/event.h"
#include "domain/rule.h"
#include "domain/severity.h"
#include "text/diagnostic.h"

#include <QList>
#include <QString>

#include <optional>
#include <vector>

namespace wk {

struct Workspace;

// One alert a rule raised in a replay of its source's history: from the evaluation that
// first saw the problem to the one that saw it gone.
struct ReplayedAlert
{
    QString dedupKey;
    QString subject;
    QString title;
    Severity severity = Severity::Medium;
    QString customerId;
    double revenue = 0;
    TimestampNs raisedAt = 0;
    std::optional<TimestampNs> clearedAt; // still holding when the history ends
    int raisedCount = 0;
    int peakCount = 0;

    bool operator==(const ReplayedAlert &) const = default;
};

// Runs one rule over a history of events the way the engine runs it live: the events in
// time order, the rule evaluated at each event's time and on a steady tick between them (so
// that staleness and clearing are seen when they happen, not at the next event). Events
// pass a duplicates rule of the same source first, as they do in the engine.
class RuleReplay
{
public:
    RuleReplay(const Workspace &workspace, QString baseDir);

    // The alerts raised from `from` (earlier events still fill the windows) to `until`.
    // Events must be sorted by time; with deduplicated, a duplicates rule of the source has
    // already dropped its duplicates from them. Nothing, with the problems in *errors, when the
    // rule cannot be replayed (an sql rule, or extra files that cannot be read).
    std::optional<QList<ReplayedAlert>> run(const Rule &rule, const std::vector<Event> &events,
                                            TimestampNs from, TimestampNs until,
                                            QList<Diagnostic> *errors,
                                            bool deduplicated = false) const;

    // The tick between events: short enough to see a window empty, at most a minute.
    static qint64 tickNs(const Rule &rule);

private:
    const Workspace &m_workspace;
    QString m_baseDir;
};

} // namespace wk
