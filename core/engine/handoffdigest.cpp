#include "handoffdigest.h"

#include "paging/noticemessage.h"
#include "schedule/oncallschedule.h"

#include <QJsonObject>
#include <QLocale>

namespace wk {

namespace {

QTimeZone zoneOf(const Rotation &r)
{
    return NoticeMessage::zone(r.timeZone);
}

QString minutes(const std::optional<qint64> &seconds)
{
    if (!seconds)
        return QStringLiteral("—");
    const qint64 m = (*seconds + 30) / 60;
    return m < 60 ? QStringLiteral("%1 min").arg(m)
                  : QStringLiteral("%1 h %2 min").arg(m / 60).arg(m % 60);
}

} // namespace

QList<HandoffDigest::Due> HandoffDigest::due(const Workspace &workspace,
                                             const OnCallSchedule &schedule, TimestampNs after,
                                             TimestampNs upTo)
{
    QList<Due> out;
    if (upTo <= after)
        return out;
    const QDateTime from = toDateTime(after);
    const QDateTime to = toDateTime(upTo);
    for (const Rotation &r : workspace.rotations) {
        for (const Shift &s : schedule.plannedShifts(r.id, from, to.addSecs(1))) {
            if (s.layer == RotationLayer::Primary && s.start > from && s.start <= to)
                out.append({r.id, s.start});
        }
    }
    std::sort(out.begin(), out.end(), [](const Due &a, const Due &b) {
        return a.at < b.at || (a.at == b.at && a.rotation < b.rotation);
    });
    return out;
}

QStringList HandoffDigest::readers(const Workspace &workspace, const Rotation &rotation)
{
    QStringList out;
    for (const QString &id : rotation.participants) {
        const Person *p = workspace.person(id);
        if (p && p->handoffDigest)
            out << id;
    }
    if (!rotation.handoffChannel.isEmpty() && !out.contains(rotation.handoffChannel))
        out << rotation.handoffChannel;
    return out;
}

QDate HandoffDigest::weekStart(const Rotation &rotation, const QDateTime &handoff)
{
    return handoff.toTimeZone(zoneOf(rotation)).date().addDays(-7);
}

AlertMessage HandoffDigest::message(const HandoffReport &report, const Rotation &rotation,
                                    const QDateTime &handoff, const QString &link)
{
    const QLocale c = QLocale::c();
    const QString week = QStringLiteral("%1 – %2").arg(
        c.toString(report.weekStart, QStringLiteral("ddd d MMM")),
        c.toString(report.weekStart.addDays(6), QStringLiteral("ddd d MMM yyyy")));
    const QString subject =
        QStringLiteral("Handoff: %1, week of %2")
            .arg(rotation.name, c.toString(report.weekStart, QStringLiteral("d MMM yyyy")));
    QString incoming;
    for (const HandoffReport::Seats &s : report.seats) {
        if (s.rotation == rotation.id)
            incoming = s.incomingSecondary.isEmpty()
                           ? s.incomingPrimary
                           : QStringLiteral("%1 (primary), %2 (secondary)")
                                 .arg(s.incomingPrimary, s.incomingSecondary);
    }
    const int critical = report.openedBySeverity.value(0);
    QList<std::pair<QString, QString>> facts{
        {QStringLiteral("Week"), week},
        {QStringLiteral("Alerts"), QStringLiteral("%1 opened (%2 critical), %3 acknowledged, %4 "
                                                  "resolved, %5 still open")
                                       .arg(report.opened)
                                       .arg(critical)
                                       .arg(report.acknowledged)
                                       .arg(report.resolved)
                                       .arg(report.stillOpen)},
        {QStringLiteral("SLA breaches"), QStringLiteral("%1 response, %2 resolution")
                                             .arg(report.responseBreaches)
                                             .arg(report.resolutionBreaches)},
        {QStringLiteral("MTTA / MTTR"),
         QStringLiteral("%1 / %2").arg(minutes(report.mttaSeconds), minutes(report.mttrSeconds))},
        {QStringLiteral("Escalations"), QString::number(report.escalations)},
        {QStringLiteral("Seats from now"), incoming.isEmpty() ? QStringLiteral("—") : incoming}};
    if (!report.note.body.trimmed().isEmpty())
        facts.append({QStringLiteral("Notes"), QStringLiteral("in the full report")});
    QStringList open;
    for (const Alert &a : report.openAtEnd.mid(0, 5))
        open << QStringLiteral("#%1 %2 (%3)").arg(a.id).arg(a.title, severityName(a.severity));
    AlertMessage m = NoticeMessage::write(
        QStringLiteral("notice:digest:%1:%2")
            .arg(rotation.id, handoff.toUTC().toString(Qt::ISODate)),
        subject, subject,
        QStringLiteral("The week handed over at %1.")
            .arg(NoticeMessage::local(handoff, zoneOf(rotation))),
        facts,
        QJsonObject{{QStringLiteral("notice"), QStringLiteral("handoff digest")},
                    {QStringLiteral("rotation"), rotation.id},
                    {QStringLiteral("week_start"), report.weekStart.toString(Qt::ISODate)},
                    {QStringLiteral("opened"), report.opened},
                    {QStringLiteral("still_open"), report.stillOpen}},
        open.isEmpty() ? QString() : QStringLiteral("Still open"), open);
    // Email carries the whole report; chat and phones the summary and the link.
    m.html = report.toHtml();
    if (!link.isEmpty())
        m.addLinks({{QStringLiteral("Full report"), link}});
    return m;
}

QString HandoffDigest::step(const Due &due)
{
    return QStringLiteral("digest %1@%2").arg(due.rotation).arg(due.at.toSecsSinceEpoch());
}

} // namespace wk
