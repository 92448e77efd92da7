#include "handoffreport.h"

#include "domain/duration.h"
#include "insights.h"

#include <QLocale>

#include <algorithm>
#include <cmath>

namespace wk {

namespace {

QString minutes(const std::optional<qint64> &secs)
{
    if (!secs)
        return QStringLiteral("–");
    if (*secs < 3600)
        return QStringLiteral("%1 min").arg((*secs + 30) / 60);
    return QStringLiteral("%1 h %2 min").arg(*secs / 3600).arg((*secs % 3600 + 30) / 60);
}

QString describe(const RunbookRevision &r)
{
    const QString day = QLocale::c().toString(r.recordedAt.date(), QStringLiteral("ddd d MMM"));
    switch (r.change) {
    case RunbookRevision::Change::Baseline:
        return QStringLiteral("recorded %1").arg(day);
    case RunbookRevision::Change::Added:
        return QStringLiteral("added %1, %2 lines").arg(day).arg(r.linesAdded);
    case RunbookRevision::Change::Removed:
        return QStringLiteral("removed %1").arg(day);
    case RunbookRevision::Change::Edited:
        break;
    }
    return QStringLiteral("edited %1, +%2 −%3 lines")
        .arg(day)
        .arg(r.linesAdded)
        .arg(r.linesRemoved);
}

QString escape(const QString &s)
{
    return s.toHtmlEscaped();
}

} // namespace

HandoffReport HandoffReport::build(const Workspace &workspace, const QList<Alert> &alerts,
                                   const OnCallSchedule &schedule, const QDate &weekStart,
                                   const QTimeZone &zone, const HandoffNote &note,
                                   const QDateTime &now)
{
    HandoffReport r;
    for (const Person &p : workspace.people)
        r.m_names.insert(p.id, p.name);
    r.workspace = workspace.name;
    r.weekStart = weekStart;
    r.from = QDateTime(weekStart, QTime(0, 0), zone).toUTC();
    r.to = QDateTime(weekStart.addDays(7), QTime(0, 0), zone).toUTC();
    r.note = note;
    r.openedBySeverity = {0, 0, 0};
    auto inWeek = [&](TimestampNs t) {
        const QDateTime d = toDateTime(t);
        return r.from <= d && d < r.to;
    };
    const TimestampNs end = toTimestamp(r.to);
    const TimestampNs passed = now.isValid() ? std::min(end, toTimestamp(now)) : end;
    // The counts and response times are the Insights figures of the week.
    InsightsQuery query;
    query.from = weekStart;
    query.to = weekStart.addDays(7);
    query.zone = zone;
    query.topCustomers = 0;
    const Insights week = Insights::compute(AlertFacts::build(alerts, workspace, nullptr),
                                            workspace, query, end, nullptr);
    r.opened = week.alerts;
    double ackMinutes = 0, resolveMinutes = 0;
    for (const Insights::Day &d : week.days)
        for (int s = 0; s < 3; ++s)
            r.openedBySeverity[s] += d.opened[static_cast<size_t>(s)];
    for (const Insights::Week &w : week.weeks) {
        r.acknowledged += w.acknowledged;
        r.resolved += w.resolved;
        ackMinutes += w.mttaMinutes.value_or(0) * w.acknowledged;
        resolveMinutes += w.mttrMinutes.value_or(0) * w.resolved;
    }
    if (r.acknowledged > 0)
        r.mttaSeconds = std::llround(ackMinutes * 60 / r.acknowledged);
    if (r.resolved > 0)
        r.mttrSeconds = std::llround(resolveMinutes * 60 / r.resolved);
    for (const Alert &a : alerts) {
        // Open at the end of the week: raised before it ended, not closed before it ended.
        bool closedBefore = false;
        for (const TimelineEntry &e : a.timeline) {
            if (e.at < end &&
                (e.action == QLatin1String("resolved") || e.action == QLatin1String("won't fix")))
                closedBefore = true;
            if (inWeek(e.at) && e.action == QLatin1String("escalated"))
                ++r.escalations;
        }
        if (a.triggeredAt < end && !closedBefore && !(a.resolvedAt && *a.resolvedAt < end))
            r.openAtEnd << a;
        const bool responseBreach = inWeek(a.ackBy) && a.ackBy < passed &&
                                    (!a.acknowledgedAt || *a.acknowledgedAt > a.ackBy);
        const bool resolutionBreach = inWeek(a.resolveBy) && a.resolveBy < passed &&
                                      (!a.resolvedAt || *a.resolvedAt > a.resolveBy);
        r.responseBreaches += responseBreach ? 1 : 0;
        r.resolutionBreaches += resolutionBreach ? 1 : 0;
        if (responseBreach || resolutionBreach)
            r.breached << a;
    }
    r.stillOpen = static_cast<int>(r.openAtEnd.size());
    std::stable_sort(r.openAtEnd.begin(), r.openAtEnd.end(),
                     [](const Alert &a, const Alert &b) { return a.revenue > b.revenue; });
    for (const Rotation &rot : workspace.rotations) {
        // The seats as they stood at the end of the week, and just after.
        const OnCallAnswer out = schedule.onCallFor(rot.id, r.to.addSecs(-60));
        const OnCallAnswer in = schedule.onCallFor(rot.id, r.to.addSecs(60 + 7 * 86400 / 2));
        r.seats.append({rot.name, out.primary, out.secondary, in.primary, in.secondary});
    }
    return r;
}

QString HandoffReport::name(const QString &personId) const
{
    if (personId.isEmpty())
        return QStringLiteral("–");
    return m_names.value(personId, personId);
}

QString HandoffReport::toMarkdown() const
{
    const QLocale c = QLocale::c();
    QString md;
    md += QStringLiteral("# Handoff: %1, week of %2\n\n")
              .arg(workspace, c.toString(weekStart, QStringLiteral("d MMMM yyyy")));
    md += QStringLiteral("| Figure | Value |\n|---|---|\n");
    md += QStringLiteral("| Alerts opened | %1 (critical %2, high %3, medium %4) |\n")
              .arg(opened)
              .arg(openedBySeverity.value(0))
              .arg(openedBySeverity.value(1))
              .arg(openedBySeverity.value(2));
    md += QStringLiteral("| Acknowledged | %1 |\n| Resolved | %2 |\n| Still open | %3 |\n")
              .arg(acknowledged)
              .arg(resolved)
              .arg(stillOpen);
    md += QStringLiteral("| SLA breaches | %1 response, %2 resolution |\n")
              .arg(responseBreaches)
              .arg(resolutionBreaches);
    md += QStringLiteral("| MTTA | %1 |\n| MTTR | %2 |\n| Escalations | %3 |\n\n")
              .arg(minutes(mttaSeconds), minutes(mttrSeconds))
              .arg(escalations);
    if (!seats.isEmpty()) {
        md += QStringLiteral("## On call\n\n| Rotation | Outgoing | Incoming |\n|---|---|---|\n");
        for (const Seats &s : seats)
            md += QStringLiteral("| %1 | %2 / %3 | %4 / %5 |\n")
                      .arg(s.rotation, name(s.outgoingPrimary), name(s.outgoingSecondary),
                           name(s.incomingPrimary), name(s.incomingSecondary));
        md += QLatin1Char('\n');
    }
    if (!openAtEnd.isEmpty()) {
        md += QStringLiteral("## Still open\n\n");
        for (const Alert &a : openAtEnd)
            md += QStringLiteral("- #%1 [%2] %3, %4, $%5 at stake\n")
                      .arg(a.id)
                      .arg(severityName(a.severity), a.title, name(a.assignee))
                      .arg(a.revenue, 0, 'f', 0);
        md += QLatin1Char('\n');
    }
    if (!breached.isEmpty()) {
        md += QStringLiteral("## SLA breaches\n\n");
        for (const Alert &a : breached)
            md +=
                QStringLiteral("- #%1 [%2] %3\n").arg(a.id).arg(severityName(a.severity), a.title);
        md += QLatin1Char('\n');
    }
    if (!runbookChanges.isEmpty()) {
        md += QStringLiteral("## Runbook changes\n\n");
        for (const RunbookRevision &r : runbookChanges)
            md += QStringLiteral("- %1: %2 (%3)\n").arg(r.title, describe(r), r.pipeline);
        md += QLatin1Char('\n');
    }
    md += QStringLiteral("## Notes from the outgoing engineer\n\n");
    md += note.body.trimmed().isEmpty() ? QStringLiteral("(none)\n")
                                        : note.body.trimmed() + QStringLiteral("\n\n— ") +
                                              name(note.author) + QLatin1Char('\n');
    return md;
}

QString HandoffReport::toHtml(const MarkdownToHtml &notes) const
{
    const QLocale c = QLocale::c();
    QString h =
        QStringLiteral("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Handoff "
                       "%1</title><style>body{font-family:sans-serif;margin:2em}"
                       "table{border-collapse:collapse}td,th{border:1px solid #bbb;"
                       "padding:4px 10px;text-align:left}</style></head><body>\n")
            .arg(weekStart.toString(Qt::ISODate));
    h += QStringLiteral("<h1>Handoff: %1, week of %2</h1>\n")
             .arg(escape(workspace), c.toString(weekStart, QStringLiteral("d MMMM yyyy")));
    h += QStringLiteral("<table>\n");
    auto row = [&](const QString &k, const QString &v) {
        h += QStringLiteral("<tr><th>%1</th><td>%2</td></tr>\n").arg(k, v);
    };
    row(QStringLiteral("Alerts opened"), QStringLiteral("%1 (critical %2, high %3, medium %4)")
                                             .arg(opened)
                                             .arg(openedBySeverity.value(0))
                                             .arg(openedBySeverity.value(1))
                                             .arg(openedBySeverity.value(2)));
    row(QStringLiteral("Acknowledged"), QString::number(acknowledged));
    row(QStringLiteral("Resolved"), QString::number(resolved));
    row(QStringLiteral("Still open"), QString::number(stillOpen));
    row(QStringLiteral("SLA breaches"),
        QStringLiteral("%1 response, %2 resolution").arg(responseBreaches).arg(resolutionBreaches));
    row(QStringLiteral("MTTA"), minutes(mttaSeconds));
    row(QStringLiteral("MTTR"), minutes(mttrSeconds));
    row(QStringLiteral("Escalations"), QString::number(escalations));
    h += QStringLiteral("</table>\n");
    if (!seats.isEmpty()) {
        h += QStringLiteral("<h2>On call</h2>\n<table><tr><th>Rotation</th><th>Outgoing</th>"
                            "<th>Incoming</th></tr>\n");
        for (const Seats &s : seats)
            h += QStringLiteral("<tr><td>%1</td><td>%2 / %3</td><td>%4 / %5</td></tr>\n")
                     .arg(escape(s.rotation), escape(name(s.outgoingPrimary)),
                          escape(name(s.outgoingSecondary)), escape(name(s.incomingPrimary)),
                          escape(name(s.incomingSecondary)));
        h += QStringLiteral("</table>\n");
    }
    if (!openAtEnd.isEmpty()) {
        h += QStringLiteral("<h2>Still open</h2>\n<ul>\n");
        for (const Alert &a : openAtEnd)
            h += QStringLiteral("<li>#%1 [%2] %3, %4, $%5 at stake</li>\n")
                     .arg(a.id)
                     .arg(severityName(a.severity), escape(a.title), escape(name(a.assignee)))
                     .arg(a.revenue, 0, 'f', 0);
        h += QStringLiteral("</ul>\n");
    }
    if (!breached.isEmpty()) {
        h += QStringLiteral("<h2>SLA breaches</h2>\n<ul>\n");
        for (const Alert &a : breached)
            h += QStringLiteral("<li>#%1 [%2] %3</li>\n")
                     .arg(a.id)
                     .arg(severityName(a.severity), escape(a.title));
        h += QStringLiteral("</ul>\n");
    }
    if (!runbookChanges.isEmpty()) {
        h += QStringLiteral("<h2>Runbook changes</h2>\n<ul>\n");
        for (const RunbookRevision &r : runbookChanges)
            h += QStringLiteral("<li>%1: %2 (%3)</li>\n")
                     .arg(escape(r.title), escape(describe(r)), escape(r.pipeline));
        h += QStringLiteral("</ul>\n");
    }
    h += QStringLiteral("<h2>Notes from the outgoing engineer</h2>\n");
    if (note.body.trimmed().isEmpty())
        h += QStringLiteral("<p>(none)</p>\n");
    else
        h += QStringLiteral("%1\n<p>— %2</p>\n")
                 .arg(notes ? notes(note.body.trimmed())
                            : QStringLiteral("<pre>%1</pre>").arg(escape(note.body.trimmed())),
                      escape(name(note.author)));
    h += QStringLiteral("</body></html>\n");
    return h;
}

} // namespace wk
