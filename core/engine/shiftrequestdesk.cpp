#include "shiftrequestdesk.h"

#include "domain/delivery.h"
#include "paging/actionlinkpage.h"
#include "paging/deliveryplanner.h"
#include "paging/noticemessage.h"
#include "paging/shiftrequestnotices.h"
#include "schedule/oncallschedule.h"
#include "schedule/shiftrequestrules.h"
#include "storage/deliverystore.h"
#include "storage/shiftrequeststore.h"

namespace wk {

namespace {

ShiftRequestDesk::Outcome refusal(const QString &message, const ShiftRequest &r = {})
{
    return {false, message, r, {}};
}

QString capitalised(QString text)
{
    if (!text.isEmpty())
        text[0] = text.at(0).toUpper();
    return text;
}

} // namespace

ShiftRequestDesk::Outcome ShiftRequestDesk::ask(ShiftRequest r, const OnCallSchedule &schedule,
                                                const QDateTime &now)
{
    if (const QString problem = ShiftRequestRules::problem(schedule, r, now); !problem.isEmpty())
        return refusal(capitalised(problem) + QLatin1Char('.'), r);
    r.state = ShiftRequest::State::Open;
    r.version = 0;
    QString error;
    if (!ShiftRequestStore(m_db).add(r, &error))
        return refusal(QStringLiteral("The request could not be stored: %1").arg(error), r);
    return {
        true, QStringLiteral("Asked: %1.").arg(ShiftRequestRules::describe(m_workspace, r)), r, {}};
}

ShiftRequestDesk::Outcome ShiftRequestDesk::answer(const QString &id, const QString &person,
                                                   Answer answer, const OnCallSchedule &schedule,
                                                   const QDateTime &now, const QString &note)
{
    QString error;
    ShiftRequestStore store(m_db);
    const std::optional<ShiftRequest> found = store.find(id, &error);
    if (!found)
        return refusal(capitalised(error) + QLatin1Char('.'));
    ShiftRequest r = *found;
    const Rotation *rotation = m_workspace.rotation(r.rotation);
    const QString approver = rotation ? rotation->swapApprover : QString();
    const QString who = m_workspace.personName(person);
    if (!r.isLive(now)) {
        const QString state = r.stateName(now);
        return refusal(
            r.state == ShiftRequest::State::Taken
                ? QStringLiteral("%1 took it already.").arg(m_workspace.personName(r.takenBy))
                : QStringLiteral("The request is %1.").arg(state),
            r);
    }
    QList<ScheduleOverride> made;
    QString done;
    switch (answer) {
    case Answer::Withdraw:
        if (person != r.requester)
            return refusal(QStringLiteral("Only %1, who asked, can withdraw it.")
                               .arg(m_workspace.personName(r.requester)),
                           r);
        r.state = ShiftRequest::State::Withdrawn;
        done = QStringLiteral("Withdrawn.");
        break;
    case Answer::Decline:
        if (r.state != ShiftRequest::State::Open)
            return refusal(QStringLiteral("%1 took it already; it waits for approval.")
                               .arg(m_workspace.personName(r.takenBy)),
                           r);
        if (r.declinedBy.contains(person))
            return {true, QStringLiteral("You said no already."), r, {}};
        r.declinedBy << person;
        done = QStringLiteral("%1 said no.").arg(who);
        break;
    case Answer::Take: {
        if (r.state != ShiftRequest::State::Open)
            return refusal(
                QStringLiteral("%1 took it already; it waits for %2's approval.")
                    .arg(m_workspace.personName(r.takenBy), m_workspace.personName(approver)),
                r);
        QString why;
        made = ShiftRequestRules::take(schedule, r, person, person, now, &why);
        if (made.isEmpty())
            return refusal(capitalised(why) + QLatin1Char('.'), r);
        r.takenBy = person;
        r.declinedBy.removeAll(person);
        if (!approver.isEmpty() && approver != person) {
            // Nothing changes in the schedule until the approver says yes.
            made.clear();
            r.state = ShiftRequest::State::AwaitingApproval;
            done = QStringLiteral("%1 takes it once %2 approves.")
                       .arg(who, m_workspace.personName(approver));
        } else {
            r.state = ShiftRequest::State::Taken;
            done = QStringLiteral("%1 has the shift.").arg(who);
        }
        break;
    }
    case Answer::Approve:
    case Answer::Refuse: {
        if (person != approver)
            return refusal(approver.isEmpty()
                               ? QStringLiteral("This rotation needs nobody's approval.")
                               : QStringLiteral("Only %1 approves changes to this rotation.")
                                     .arg(m_workspace.personName(approver)),
                           r);
        if (r.state != ShiftRequest::State::AwaitingApproval)
            return refusal(QStringLiteral("Nobody has offered to take it yet."), r);
        if (answer == Answer::Refuse) {
            r.state = ShiftRequest::State::Refused;
            r.note = note;
            done = QStringLiteral("Refused; the schedule stays as it was.");
            break;
        }
        QString why;
        made = ShiftRequestRules::take(schedule, r, r.takenBy, person, now, &why);
        if (made.isEmpty())
            return refusal(QStringLiteral("It cannot be approved now: %1.").arg(why), r);
        r.state = ShiftRequest::State::Taken;
        done = QStringLiteral("Approved: %1 has the shift.").arg(m_workspace.personName(r.takenBy));
        break;
    }
    }
    if (r.state != found->state) {
        r.decidedBy = person;
        if (r.state != ShiftRequest::State::AwaitingApproval)
            r.decidedAt = now;
    }
    for (const ScheduleOverride &o : std::as_const(made))
        r.overrideIds << o.id;
    const std::optional<bool> stored = store.update(r, made, &error);
    if (!stored)
        return refusal(QStringLiteral("The answer could not be stored: %1").arg(error), r);
    if (!*stored) {
        // Another console decided between our read and our write: say what it decided.
        const auto now_ = store.find(id, &error);
        if (now_ && now_->state == ShiftRequest::State::Taken)
            return refusal(
                QStringLiteral("%1 took it first.").arg(m_workspace.personName(now_->takenBy)),
                *now_);
        return refusal(QStringLiteral("Someone answered at the same moment; look again."),
                       now_.value_or(r));
    }
    return {true, done, r, made};
}

std::optional<QList<ShiftRequest>> ShiftRequestDesk::list(const QDateTime &now,
                                                          QString *error) const
{
    return ShiftRequestStore(m_db).load(now.addDays(-14), error);
}

ShiftRequestDesk::Telling ShiftRequestDesk::tell(const DeliveryPlanner &planner,
                                                 const OnCallSchedule &schedule,
                                                 const QDateTime &now, qint64 realNowNs) const
{
    Telling out;
    QString error;
    const auto requests = list(now, &error);
    if (!requests)
        return out;
    auto send = [&](const ShiftRequestNotices::Notice &n, qint64 expires) {
        NoticeOffer offer;
        if (!n.offer.isEmpty())
            offer = {n.message.details.value(QStringLiteral("request")).toString(), n.offer,
                     expires};
        out.deliveries += planner.notice(n.person, n.message, n.step, realNowNs, realNowNs, offer);
    };
    for (ShiftRequest r : *requests) {
        bool changed = false;
        const qint64 expires = r.expiresAt.toMSecsSinceEpoch() * 1'000'000;
        if (r.state == ShiftRequest::State::Open && !r.askSent && r.isLive(now)) {
            for (const QString &p : ShiftRequestRules::eligible(schedule, r)) {
                send(ShiftRequestNotices::ask(r, m_workspace, p,
                                              r.kind == ShiftRequest::Kind::Swap
                                                  ? ShiftRequestRules::exchangeTurn(schedule, r, p)
                                                  : std::nullopt),
                     expires);
                r.asked << p;
            }
            r.askSent = true;
            changed = true;
        }
        if (r.state != r.toldOf) {
            for (const auto &n : ShiftRequestNotices::outcome(r, m_workspace, r.asked))
                send(n, expires);
            r.toldOf = r.state;
            changed = true;
        }
        if (r.state == ShiftRequest::State::Open && !r.isLive(now) && !r.expiryTold) {
            send(ShiftRequestNotices::expired(r, m_workspace), 0);
            r.expiryTold = true;
            changed = true;
        }
        if (changed)
            out.told << r;
    }
    return out;
}

void ShiftRequestDesk::markTold(QList<ShiftRequest> told)
{
    QString error;
    ShiftRequestStore store(m_db);
    for (ShiftRequest &r : told)
        store.update(r, {}, &error);
}

WebhookReceiver::Page ShiftRequestDesk::page(const ActionLink &link, bool post,
                                             const OnCallSchedule &schedule, const QDateTime &now,
                                             Outcome *acted)
{
    QString error;
    const std::optional<ShiftRequest> found = ShiftRequestStore(m_db).find(link.request, &error);
    if (!found)
        return {404, ActionLinkPage::refused(QStringLiteral("No such request"),
                                             QStringLiteral("This console does not know the "
                                                            "request the link was made for."))};
    const ShiftRequest &r = *found;
    const QString requester = m_workspace.personName(r.requester);
    const Person *reader = m_workspace.person(link.person);
    const QTimeZone zone = NoticeMessage::zone(reader ? reader->timeZone : QString());
    QList<std::pair<QString, QString>> facts{
        {QStringLiteral("Seat"), ShiftRequestRules::describe(m_workspace, r)},
        {QStringLiteral("In your time"),
         QStringLiteral("%1 – %2").arg(NoticeMessage::local(r.start, zone),
                                       NoticeMessage::local(r.end, zone))},
        {QStringLiteral("Asked by"), requester},
        {QStringLiteral("Reason"), r.reason},
        {QStringLiteral("Now"), r.stateName(now)}};
    if (r.kind == ShiftRequest::Kind::Swap && link.action == ActionLink::Action::Take) {
        if (const auto back = ShiftRequestRules::exchangeTurn(schedule, r, link.person, now))
            facts << std::pair{QStringLiteral("You give in exchange"),
                               ShiftRequestRules::describeTurn(m_workspace, *back)};
    }
    if (!r.takenBy.isEmpty())
        facts << std::pair{QStringLiteral("Taken by"), m_workspace.personName(r.takenBy)};

    const Answer answer = link.action == ActionLink::Action::Take      ? Answer::Take
                          : link.action == ActionLink::Action::Decline ? Answer::Decline
                          : link.action == ActionLink::Action::Approve ? Answer::Approve
                                                                       : Answer::Refuse;
    if (!r.isLive(now))
        return {410, ActionLinkPage::refused(
                         QStringLiteral("This request is %1").arg(r.stateName(now)),
                         r.state == ShiftRequest::State::Taken
                             ? QStringLiteral("%1 took it.").arg(m_workspace.personName(r.takenBy))
                             : QStringLiteral("Nothing more can be done with it."))};
    DeliveryStore links(m_db);
    if (!post) {
        if (links.linkUsed(link.nonce, &error).value_or(false))
            return {410, ActionLinkPage::refused(QStringLiteral("This link was used already"),
                                                 QStringLiteral("Each link works once."))};
        QString question;
        const QString taker = m_workspace.personName(r.takenBy);
        switch (answer) {
        case Answer::Take:
            question = QStringLiteral("Take %1's shift, %2?")
                           .arg(requester, m_workspace.personName(link.person));
            break;
        case Answer::Decline:
            question = QStringLiteral("Say no to %1's request?").arg(requester);
            break;
        case Answer::Approve:
            question = QStringLiteral("Approve %1 taking %2's shift?").arg(taker, requester);
            break;
        default:
            question = QStringLiteral("Refuse %1 taking %2's shift?").arg(taker, requester);
            break;
        }
        return {200, ActionLinkPage::confirmRequest(link, question, facts)};
    }
    const auto claimed = links.claimLink(link.nonce, 0, toTimestamp(now), &error);
    if (!claimed)
        return {503, ActionLinkPage::refused(QStringLiteral("Not now"),
                                             QStringLiteral("The store did not answer (%1); try "
                                                            "again in a moment.")
                                                 .arg(error))};
    if (!*claimed)
        return {410, ActionLinkPage::refused(QStringLiteral("This link was used already"),
                                             QStringLiteral("Each link works once."))};
    Outcome o = this->answer(r.id, link.person, answer, schedule, now);
    if (!o.ok) {
        links.releaseLink(link.nonce, &error);
        return {409, ActionLinkPage::refused(QStringLiteral("Nothing changed"), o.message)};
    }
    if (acted)
        *acted = o;
    facts[4].second = o.request.stateName(now);
    return {200, ActionLinkPage::requestDone(o.message, facts)};
}

} // namespace wk
