#pragma once

#include "domain/alert.h"
#include "domain/workspace.h"
#include "schedule/oncallschedule.h"
#include "storage/runbookhistory.h"
#include "storage/schedulestore.h"

#include <QDate>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>

#include <functional>

#include <optional>

namespace wk {

// The week in figures for the rotation meeting: what happened to alerts between two
// handoffs, who held the seats and who takes them next, and the outgoing engineer's notes.
struct HandoffReport
{
    struct Seats
    {
        QString rotation;
        QString outgoingPrimary;
        QString outgoingSecondary;
        QString incomingPrimary;
        QString incomingSecondary;
    };

    QString workspace;
    QDate weekStart;
    QDateTime from; // [from, to) in UTC
    QDateTime to;
    int opened = 0;
    int acknowledged = 0;
    int resolved = 0;
    int stillOpen = 0;
    int responseBreaches = 0;   // ack-by passed in the week without an acknowledgement by then
    int resolutionBreaches = 0; // resolve-by passed in the week without a resolution by then
    int escalations = 0;
    std::optional<qint64> mttaSeconds; // mean time to acknowledge, alerts acknowledged this week
    std::optional<qint64> mttrSeconds; // mean time to resolve, alerts resolved this week
    QList<int> openedBySeverity;       // critical, high, medium
    QList<Alert> openAtEnd;            // by revenue at stake, highest first
    QList<Alert> breached;
    QList<Seats> seats;
    HandoffNote note;
    QList<RunbookRevision> runbookChanges; // recorded in the week; the caller reads the store

    // The week starts at weekStart 00:00 in zone and lasts seven days. A deadline counts as
    // breached once it has passed: before now, when now is given (the week still running).
    static HandoffReport build(const Workspace &workspace, const QList<Alert> &alerts,
                               const OnCallSchedule &schedule, const QDate &weekStart,
                               const QTimeZone &zone, const HandoffNote &note,
                               const QDateTime &now = QDateTime());
    QString toMarkdown() const;
    // Turns the notes' Markdown into an HTML fragment. core has no text layout of its own,
    // so those who have one (the console, the PDF and HTML writers) pass it; without it the
    // notes are shown as written.
    using MarkdownToHtml = std::function<QString(const QString &markdown)>;
    QString toHtml(const MarkdownToHtml &notes = {}) const;

private:
    QHash<QString, QString> m_names; // person id -> name, for the text
    QString name(const QString &personId) const;
};

} // namespace wk
