#include "shiftrequestnotices.h"

#include "noticemessage.h"

#include "schedule/shift.h"

#include <QJsonObject>

namespace wk {

namespace {

QTimeZone zoneOf(const Workspace &ws, const QString &person)
{
    const Person *p = ws.person(person);
    return NoticeMessage::zone(p ? p->timeZone : QString());
}

QString seatOf(const Workspace &ws, const ShiftRequest &r)
{
    const Rotation *rot = ws.rotation(r.rotation);
    return QStringLiteral("%1 of %2").arg(rotationLayerName(r.layer), rot ? rot->name : r.rotation);
}

QString spanFor(const Workspace &ws, const QString &reader, const QDateTime &from,
                const QDateTime &to)
{
    const QTimeZone zone = zoneOf(ws, reader);
    return QStringLiteral("%1 – %2").arg(NoticeMessage::local(from, zone),
                                         NoticeMessage::local(to, zone));
}

QList<std::pair<QString, QString>> factsFor(const ShiftRequest &r, const Workspace &ws,
                                            const QString &reader)
{
    return {{QStringLiteral("Seat"), seatOf(ws, r)},
            {QStringLiteral("When"), spanFor(ws, reader, r.start, r.end)},
            {QStringLiteral("Asked by"), ws.personName(r.requester)},
            {QStringLiteral("Reason"), r.reason},
            {QStringLiteral("Open until"), NoticeMessage::local(r.expiresAt, zoneOf(ws, reader))}};
}

QJsonObject detailsOf(const ShiftRequest &r, const QString &news)
{
    return {{QStringLiteral("notice"), QStringLiteral("shift request")},
            {QStringLiteral("news"), news},
            {QStringLiteral("request"), r.id},
            {QStringLiteral("kind"), ShiftRequest::kindName(r.kind)},
            {QStringLiteral("rotation"), r.rotation},
            {QStringLiteral("seat"), rotationLayerName(r.layer)},
            {QStringLiteral("requester"), r.requester},
            {QStringLiteral("taken_by"), r.takenBy},
            {QStringLiteral("start"), r.start.toUTC().toString(Qt::ISODate)},
            {QStringLiteral("end"), r.end.toUTC().toString(Qt::ISODate)}};
}

ShiftRequestNotices::Notice notice(const ShiftRequest &r, const Workspace &ws,
                                   const QString &person, const QString &news,
                                   const QString &subject, const QString &intro,
                                   const QList<std::pair<QString, QString>> &extra = {},
                                   const QList<ActionLink::Action> &offer = {})
{
    const QString step = QStringLiteral("request %1 %2").arg(r.id, news);
    QList<std::pair<QString, QString>> facts = factsFor(r, ws, person);
    facts += extra;
    return {person, step,
            NoticeMessage::write(QStringLiteral("notice:%1").arg(step), subject, subject, intro,
                                 facts, detailsOf(r, news)),
            offer};
}

} // namespace

ShiftRequestNotices::Notice ShiftRequestNotices::ask(const ShiftRequest &r, const Workspace &ws,
                                                     const QString &person,
                                                     const std::optional<Shift> &exchange)
{
    const QString who = ws.personName(r.requester);
    const bool swap = r.kind == ShiftRequest::Kind::Swap;
    QList<std::pair<QString, QString>> extra;
    if (swap && exchange)
        extra << std::pair{QStringLiteral("You give in exchange"),
                           spanFor(ws, person, exchange->start, exchange->end)};
    return notice(
        r, ws, person, QStringLiteral("ask"),
        swap ? QStringLiteral("%1 asks to swap turns: %2 from %3")
                   .arg(who, seatOf(ws, r), NoticeMessage::local(r.start, zoneOf(ws, person)))
             : QStringLiteral("%1 asks for cover: %2 from %3")
                   .arg(who, seatOf(ws, r), NoticeMessage::local(r.start, zoneOf(ws, person))),
        swap ? QStringLiteral("%1 asks you to take their turn and give one of yours in exchange. "
                              "The first to take it has it.")
                   .arg(who)
             : QStringLiteral("%1 asks someone to take this shift. The first to take it has it.")
                   .arg(who),
        extra, {ActionLink::Action::Take, ActionLink::Action::Decline});
}

QList<ShiftRequestNotices::Notice>
ShiftRequestNotices::outcome(const ShiftRequest &r, const Workspace &ws, const QStringList &asked)
{
    QList<Notice> out;
    const QString requester = ws.personName(r.requester);
    const QString taker = ws.personName(r.takenBy);
    const QString decider = ws.personName(r.decidedBy);
    const Rotation *rot = ws.rotation(r.rotation);
    switch (r.state) {
    case ShiftRequest::State::Open:
        break;
    case ShiftRequest::State::AwaitingApproval: {
        const QString approver = rot ? rot->swapApprover : QString();
        if (!approver.isEmpty())
            out << notice(
                r, ws, approver, QStringLiteral("approve"),
                QStringLiteral("Approve %1 taking %2's %3?").arg(taker, requester, seatOf(ws, r)),
                QStringLiteral("%1 offered to take %2's shift; it changes the schedule "
                               "once you approve.")
                    .arg(taker, requester),
                {{QStringLiteral("Taken by"), taker}},
                {ActionLink::Action::Approve, ActionLink::Action::Refuse});
        out << notice(
            r, ws, r.requester, QStringLiteral("offered"),
            QStringLiteral("%1 offered to take your shift").arg(taker),
            QStringLiteral("It takes effect when %1 approves.").arg(ws.personName(approver)),
            {{QStringLiteral("Taken by"), taker}});
        break;
    }
    case ShiftRequest::State::Taken: {
        out << notice(r, ws, r.requester, QStringLiteral("taken"),
                      QStringLiteral("%1 took your shift: %2").arg(taker, seatOf(ws, r)),
                      r.kind == ShiftRequest::Kind::Swap
                          ? QStringLiteral("%1 takes this turn, and you take one of theirs; the "
                                           "schedule shows both.")
                                .arg(taker)
                          : QStringLiteral("%1 holds the seat for this span now.").arg(taker),
                      {{QStringLiteral("Taken by"), taker}});
        out << notice(r, ws, r.takenBy, QStringLiteral("yours"),
                      QStringLiteral("You have %1's shift: %2").arg(requester, seatOf(ws, r)),
                      QStringLiteral("The schedule shows you in the seat for this span."));
        for (const QString &p : asked) {
            if (p != r.takenBy)
                out << notice(r, ws, p, QStringLiteral("gone"),
                              QStringLiteral("%1 took %2's shift").arg(taker, requester),
                              QStringLiteral("The request you were asked is no longer open."));
        }
        break;
    }
    case ShiftRequest::State::Refused:
        for (const QString &p : {r.requester, r.takenBy}) {
            if (!p.isEmpty())
                out << notice(
                    r, ws, p, QStringLiteral("refused"),
                    QStringLiteral("%1 refused the change to %2").arg(decider, seatOf(ws, r)),
                    r.note.isEmpty()
                        ? QStringLiteral("The schedule stays as it was.")
                        : QStringLiteral("The schedule stays as it was: %1").arg(r.note));
        }
        break;
    case ShiftRequest::State::Withdrawn:
        for (const QString &p : asked)
            out << notice(r, ws, p, QStringLiteral("withdrawn"),
                          QStringLiteral("%1 withdrew the request").arg(requester),
                          QStringLiteral("%1 no longer needs the shift taken.").arg(requester));
        break;
    }
    return out;
}

ShiftRequestNotices::Notice ShiftRequestNotices::expired(const ShiftRequest &r, const Workspace &ws)
{
    return notice(r, ws, r.requester, QStringLiteral("expired"),
                  QStringLiteral("Nobody took your shift: %1").arg(seatOf(ws, r)),
                  QStringLiteral("The request expired; the seat is still yours."));
}

} // namespace wk
