#pragma once

#include "actionlink.h"
#include "pagepayload.h"

#include "domain/alert.h"
#include "domain/delivery.h"
#include "domain/workspace.h"
#include "schedule/oncallschedule.h"

#include <QHash>
#include <QSet>

#include <optional>

namespace wk {

// Links a notice offers its reader: take a swap or cover request, say no, approve it.
struct NoticeOffer
{
    QString request;
    QList<ActionLink::Action> actions;
    TimestampNs expires = 0;
};

// Decides who must hear of an alert and by which of their methods, as alerts change.
// - Without an escalation policy, a triggered alert pages the person it is assigned to,
//   and again the person it escalates to.
// - With one, each step of the chain (and of its repeats) is planned when the alert is
//   raised, due at its own time: pending deliveries dated in the future. The clock's own
//   escalation then pages nobody more (the policy says who hears when); a person's
//   escalation still pages the new assignee.
// An alert acknowledged, resolved, silenced or inhibited cancels what has not gone yet.
// Paging services (PagerDuty, Opsgenie) that were handed the alert hear when it is
// acknowledged or resolved here, so their incident closes with ours.
// Every method of a person is tried at once: a page that fails on one still arrives by
// another. A method may page only in a band of the actionable score the alert had when it
// was raised (ContactMethod::carriesScore). Desktop notifications stay with the console that shows
// them.
class DeliveryPlanner
{
public:
    explicit DeliveryPlanner(Workspace workspace);

    // True when some person has a method this planner sends by.
    bool pages() const { return m_pages; }
    // True when some method pages only above or below an actionable score: alerts must
    // carry their score when raised (scoreWhenRaised) before they are planned.
    bool usesScore() const { return m_usesScore; }
    // Whether the alert's raise is still to be planned.
    bool raiseToPlan(const Alert &alert) const { return !m_raised.contains(alert.id); }
    // Pages carry acknowledge and resolve links under base, signed with key; with no key
    // (the receiver is off) they say where to act instead.
    void setActionLinks(QString base, QByteArray key)
    {
        m_linkBase = std::move(base);
        m_linkKey = std::move(key);
    }

    // The deliveries and cancellations the changed alerts call for. Planning again what was
    // planned before is harmless (the store keeps the first), so after a restart the open
    // alerts are simply planned again.
    // now: the real time pages are due from; engineNow: the engine's clock, which alerts'
    // times are on; schedule: who is on call (with the console's overrides).
    DeliveryChanges plan(const QList<Alert> &changed, TimestampNs now, TimestampNs engineNow,
                         const OnCallSchedule &schedule);

    // With composing off, planned deliveries say who hears by which method and when, but
    // carry no message: the sender writes it (written()) when the page first goes, off the
    // engine's thread, from the alert as stored then. Under a storm of pages the message
    // bodies are most of what planning costs and stores.
    void setComposing(bool on) { m_composing = on; }
    static bool needsWriting(const Delivery &delivery);
    // The planned delivery with its message, for the alert as it is now; nothing (and why)
    // when its person or method has left the workspace since.
    std::optional<Delivery> written(const Delivery &planned, const Alert &alert,
                                    QString *problem) const;
    // The same from the alert's message for the delivery's person (AlertMessage::forAlert),
    // which a person's methods can share.
    std::optional<Delivery> written(const Delivery &planned, const AlertMessage &message,
                                    QString *problem) const;

    // A notice to a person (a shift reminder), not about an alert: by each of their methods
    // that carries medium alerts and tells a person rather than opening an incident (no
    // PagerDuty or Opsgenie), due at `due` past their quiet hours (held as a medium alert
    // is). step names the notice; planning the same step again is harmless.
    // With an offer, each method's message carries its links (take it, say no), made for
    // that person and method; with the receiver off it says to answer in the console.
    // engineNow: the engine's time when it runs on a clock of its own (the demo's, a
    // test's): quiet hours are judged at that time, and the hold carried over to `due`.
    QList<Delivery> notice(const QString &personId, const AlertMessage &message,
                           const QString &step, TimestampNs now, TimestampNs due,
                           const NoticeOffer &offer = {},
                           std::optional<TimestampNs> engineNow = std::nullopt) const;

    // Changes that could not be stored: they will be planned again when asked.
    void forget(const DeliveryChanges &changes);

    // One message by one method (the person's index-th; -1 for their own email): where it
    // goes and what it says in that method's format. Times are left to the caller.
    static Delivery compose(qint64 alertId, const Person &person, int index,
                            const ContactMethod &method, const AlertMessage &message,
                            const PagePayload &payload, const QString &step,
                            PagePayload::Action action);

private:
    // Who hears by which method, without the message.
    static Delivery addressed(qint64 alertId, const QString &alertKey, const Person &person,
                              int index, const ContactMethod &method, const QString &step,
                              PagePayload::Action action);
    // The message of an addressed delivery, in its method's format.
    static void fill(Delivery &d, const ContactMethod &method, const AlertMessage &message,
                     const PagePayload &payload, PagePayload::Action action);
    // The message of d for its method, with acknowledge and resolve links valid from due.
    void write(Delivery &d, const AlertMessage &message, const Person &person,
               const ContactMethod &method, PagePayload::Action action, TimestampNs due) const;
    // Every method of the person that carries the alert's severity, due at `at` on the
    // engine's clock (plus the method's own wait, past the person's quiet hours), which is
    // `now` plus however far `at` is from engineNow.
    // With an action other than Trigger: only the forwarding method at onlyContact, at once.
    QList<Delivery> deliveriesFor(const Alert &alert, const QString &person, const QString &step,
                                  TimestampNs now, TimestampNs at, TimestampNs engineNow,
                                  PagePayload::Action action = PagePayload::Action::Trigger,
                                  int onlyContact = -1) const;
    // Acknowledge or resolve, at the services that were handed the alert by now.
    QList<Delivery> keepInStep(const Alert &alert, TimestampNs now, TimestampNs engineNow);
    // Acknowledge and resolve links for one person's page by one method.
    QList<AlertMessage::Link> linksFor(qint64 alertId, const QString &person, const QString &via,
                                       TimestampNs expires) const;
    QList<AlertMessage::Link> offerLinks(const NoticeOffer &offer, const QString &person,
                                         const QString &via) const;
    QList<Delivery> chainFor(const Alert &alert, const EscalationPolicy &policy, TimestampNs now,
                             TimestampNs engineNow, const OnCallSchedule &schedule) const;
    QStringList targetsOf(const Alert &alert, const EscalationStep &step, TimestampNs at,
                          const OnCallSchedule &schedule) const;
    // The first instant at or after `at` inside the working hours of the pipeline's rotation.
    TimestampNs nextWorkingTime(const QString &pipelineId, TimestampNs at) const;

    Workspace m_workspace;
    bool m_pages = false;
    bool m_usesScore = false;
    bool m_composing = true;
    QString m_linkBase;
    QByteArray m_linkKey;
    QSet<qint64> m_raised;      // alerts whose raise this planner planned
    QSet<qint64> m_escalated;   // alerts whose escalation this planner planned
    QSet<qint64> m_withPending; // alerts this planner paged for that may have pending sends
    struct Forwarded
    {
        QString person;
        int contact = -1;
        TimestampNs due = 0; // when the trigger was to go (real time)
    };
    QHash<qint64, QList<Forwarded>> m_forwarded; // open alerts handed to a paging service
    QSet<qint64> m_forwardAcked;                 // ... whose acknowledgement was planned
};

} // namespace wk
