#include "deliveryplanner.h"

#include "actionlink.h"
#include "alertmessage.h"
#include "pagepayload.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTimeZone>
#include <QUuid>

#include <cmath>

namespace wk {

namespace {

// How long after a page was due its links keep working: a day covers a night's sleep and
// a morning's commute; later, the console is the place to act.
constexpr qint64 linkLifetime = 24 * 3600 * nanosPerSecond;

bool sendsBy(const ContactMethod &m, const Workspace &ws)
{
    switch (m.kind) {
    case ContactMethod::Kind::Email:
        return ws.smtp.configured() || m.dryRun;
    case ContactMethod::Kind::Desktop:
        return false;
    default:
        return true; // by HTTP
    }
}

// Where a method's page goes, and for ntfy the topic its body names: ntfy publishes JSON
// to the server's root.
std::pair<QString, QString> targetOf(const ContactMethod &m, const QString &alertKey,
                                     PagePayload::Action action)
{
    const QString url = m.address.isEmpty() ? m.defaultUrl() : m.address;
    switch (m.kind) {
    case ContactMethod::Kind::Ntfy: {
        QUrl server(url);
        QStringList path = server.path().split(QLatin1Char('/'), Qt::SkipEmptyParts);
        const QString topic = path.isEmpty() ? QString() : path.takeLast();
        server.setPath(QLatin1Char('/') + path.join(QLatin1Char('/')));
        return {server.toString(), topic};
    }
    case ContactMethod::Kind::Opsgenie: {
        QString base = url;
        while (base.endsWith(QLatin1Char('/')))
            base.chop(1);
        return {base + PagePayload::opsgeniePath(alertKey, action), {}};
    }
    default:
        return {url, {}};
    }
}

// The person's methods to send by, with their positions; their own email when they list
// none and the workspace has a mail server.
QList<std::pair<int, ContactMethod>> methodsOf(const Person &p, const Workspace &ws)
{
    QList<std::pair<int, ContactMethod>> out;
    for (int i = 0; i < p.contacts.size(); ++i) {
        if (sendsBy(p.contacts.at(i), ws))
            out.append({i, p.contacts.at(i)});
    }
    if (p.contacts.isEmpty() && ws.smtp.configured() && !p.email.isEmpty()) {
        ContactMethod own;
        own.address = p.email;
        out.append({-1, own});
    }
    return out;
}

// The first instant at or after `at` outside the person's quiet hours, for the severities
// those hold back; `at` itself otherwise.
TimestampNs afterQuietHours(const Person &p, Severity severity, TimestampNs at)
{
    if (!p.quietHours || !p.quietHours->hold.contains(severity) || !p.quietHours->from.isValid() ||
        !p.quietHours->to.isValid())
        return at;
    const QTimeZone zone = QTimeZone::isTimeZoneIdAvailable(p.timeZone.toUtf8())
                               ? QTimeZone(p.timeZone.toUtf8())
                               : QTimeZone::utc();
    const QDateTime t = toDateTime(at).toTimeZone(zone);
    const QTime from = p.quietHours->from;
    const QTime to = p.quietHours->to;
    const QTime now = t.time();
    if (from < to)
        return now >= from && now < to ? toTimestamp(QDateTime(t.date(), to, zone)) : at;
    // Across midnight: the evening part ends tomorrow, the early part today.
    if (now >= from)
        return toTimestamp(QDateTime(t.date().addDays(1), to, zone));
    if (now < to)
        return toTimestamp(QDateTime(t.date(), to, zone));
    return at;
}

// The clock escalates at the ack-by deadline; a person may escalate at any time.
bool escalatedByPerson(const Alert &a)
{
    for (auto it = a.timeline.crbegin(); it != a.timeline.crend(); ++it) {
        if (it->action == QLatin1String("escalated"))
            return it->actor != QLatin1String("engine");
    }
    return false;
}

bool wantsPage(const Alert &a)
{
    return a.state == AlertState::Triggered && a.silencedBy.isEmpty() && a.inhibitedBy.isEmpty() &&
           !a.assignee.isEmpty();
}

} // namespace

DeliveryPlanner::DeliveryPlanner(Workspace workspace) : m_workspace(std::move(workspace))
{
    for (const Person &p : m_workspace.people) {
        for (const auto &[index, method] : methodsOf(p, m_workspace)) {
            m_pages = true;
            m_usesScore = m_usesScore || method.gatesOnScore();
        }
    }
}

QList<Delivery> DeliveryPlanner::deliveriesFor(const Alert &a, const QString &personId,
                                               const QString &step, TimestampNs now, TimestampNs at,
                                               TimestampNs engineNow, PagePayload::Action action,
                                               int onlyContact) const
{
    const Person *person = m_workspace.person(personId);
    if (!person)
        return {};
    // Composing is the costly part of planning: left to the sender when it is deferred.
    const AlertMessage message =
        m_composing ? AlertMessage::forAlert(a, m_workspace, person->id) : AlertMessage();
    const std::optional<int> score = m_usesScore ? scoreWhenRaised(a) : std::nullopt;
    QList<Delivery> out;
    for (const auto &[index, method] : methodsOf(*person, m_workspace)) {
        if (!method.carries(a.severity) || (action != PagePayload::Action::Trigger &&
                                            (!method.isForwarding() || index != onlyContact)))
            continue;
        // Telling a service of an acknowledgement follows the trigger it was handed.
        if (action == PagePayload::Action::Trigger && !method.carriesScore(score))
            continue;
        // Telling a service that the alert is handled waits for nothing.
        const TimestampNs sendAt =
            action != PagePayload::Action::Trigger
                ? at
                : afterQuietHours(*person, a.severity, at + method.afterSeconds * nanosPerSecond);
        const TimestampNs due = now + qMax<qint64>(0, sendAt - engineNow);
        Delivery d = addressed(a.id, a.dedupKey, *person, index, method, step, action);
        if (m_composing)
            write(d, message, *person, method, action, due);
        d.createdAt = now;
        d.nextAttemptAt = due;
        out << d;
    }
    return out;
}

QList<AlertMessage::Link> DeliveryPlanner::linksFor(qint64 alertId, const QString &person,
                                                    const QString &via, TimestampNs expires) const
{
    QList<AlertMessage::Link> out;
    for (const auto action : {ActionLink::Action::Acknowledge, ActionLink::Action::Resolve}) {
        ActionLink link;
        link.action = action;
        link.alertId = alertId;
        link.person = person;
        link.via = via;
        link.expiresAt = expires / nanosPerSecond;
        link.nonce = QString::fromLatin1(QUuid::createUuid().toRfc4122().toBase64(
            QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
        out << AlertMessage::Link{action == ActionLink::Action::Acknowledge
                                      ? QStringLiteral("Acknowledge")
                                      : QStringLiteral("Resolve"),
                                  QStringLiteral("%1/a/%2").arg(m_linkBase, link.token(m_linkKey))};
    }
    return out;
}

QList<AlertMessage::Link> DeliveryPlanner::offerLinks(const NoticeOffer &offer,
                                                      const QString &person,
                                                      const QString &via) const
{
    QList<AlertMessage::Link> out;
    for (const ActionLink::Action action : offer.actions) {
        ActionLink link;
        link.action = action;
        link.request = offer.request;
        link.person = person;
        link.via = via;
        link.expiresAt = offer.expires / nanosPerSecond;
        link.nonce = QString::fromLatin1(QUuid::createUuid().toRfc4122().toBase64(
            QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
        QString label = link.actionName();
        label[0] = label.at(0).toUpper();
        out << AlertMessage::Link{action == ActionLink::Action::Take ? QStringLiteral("Take it")
                                                                     : label,
                                  QStringLiteral("%1/a/%2").arg(m_linkBase, link.token(m_linkKey))};
    }
    return out;
}

Delivery DeliveryPlanner::addressed(qint64 alertId, const QString &alertKey, const Person &person,
                                    int index, const ContactMethod &method, const QString &step,
                                    PagePayload::Action action)
{
    Delivery d;
    d.key = Delivery::makeKey(alertId, step, person.id, index);
    d.alertId = alertId;
    d.alertKey = alertKey;
    d.step = step;
    d.person = person.id;
    d.contact = index;
    d.kind = contactKindName(method.kind);
    d.target = targetOf(method, alertKey, action).first;
    return d;
}

void DeliveryPlanner::fill(Delivery &d, const ContactMethod &method, const AlertMessage &message,
                           const PagePayload &payload, PagePayload::Action action)
{
    d.subject = message.subject;
    // Only what is sent is stored: under a storm of pages every byte is written twice (the
    // journal, then the database).
    if (method.kind == ContactMethod::Kind::Email) {
        d.text = message.text;
        d.html = message.html;
    } else {
        const QString topic = targetOf(method, d.alertKey, action).second;
        d.json = QString::fromUtf8(payload.forKind(method.kind, action, topic));
    }
}

void DeliveryPlanner::write(Delivery &d, const AlertMessage &message, const Person &person,
                            const ContactMethod &method, PagePayload::Action action,
                            TimestampNs due) const
{
    // Links name the method they came by, so each method's message is its own. Only an
    // email carries the HTML body: the other formats need not have the links put in it.
    AlertMessage withLinks = message;
    if (method.kind != ContactMethod::Kind::Email)
        withLinks.html.clear();
    if (action == PagePayload::Action::Trigger && !method.isForwarding()) {
        if (m_linkKey.isEmpty())
            withLinks.sayNoLinks();
        else
            withLinks.addLinks(
                linksFor(d.alertId, person.id, contactKindName(method.kind), due + linkLifetime));
    }
    fill(d, method, withLinks, PagePayload(withLinks, d.step), action);
}

bool DeliveryPlanner::needsWriting(const Delivery &d)
{
    return d.subject.isEmpty() && d.json.isEmpty();
}

std::optional<Delivery> DeliveryPlanner::written(const Delivery &planned, const Alert &alert,
                                                 QString *problem) const
{
    return written(planned, AlertMessage::forAlert(alert, m_workspace, planned.person), problem);
}

std::optional<Delivery> DeliveryPlanner::written(const Delivery &planned,
                                                 const AlertMessage &message,
                                                 QString *problem) const
{
    const Person *person = m_workspace.person(planned.person);
    if (!person) {
        *problem = QStringLiteral("%1 is no longer in the workspace").arg(planned.person);
        return std::nullopt;
    }
    for (const auto &[index, method] : methodsOf(*person, m_workspace)) {
        if (index != planned.contact)
            continue;
        const PagePayload::Action action =
            planned.step == QLatin1String("acknowledged") ? PagePayload::Action::Acknowledge
            : planned.step == QLatin1String("resolved")   ? PagePayload::Action::Resolve
                                                          : PagePayload::Action::Trigger;
        Delivery d = planned;
        // The links expire counting from when the page was first due, as if written then.
        write(d, message, *person, method, action, planned.nextAttemptAt);
        return d;
    }
    *problem = QStringLiteral("%1 no longer has that contact method").arg(person->name);
    return std::nullopt;
}

QList<Delivery> DeliveryPlanner::notice(const QString &personId, const AlertMessage &message,
                                        const QString &step, TimestampNs now, TimestampNs due,
                                        const NoticeOffer &offer,
                                        std::optional<TimestampNs> engineNow) const
{
    const TimestampNs judged = engineNow.value_or(due);
    const Person *person = m_workspace.person(personId);
    if (!person)
        return {};
    QList<Delivery> out;
    for (const auto &[index, method] : methodsOf(*person, m_workspace)) {
        // A method kept for critical pages (the phone) is not for news; nor is a method's
        // wait for an acknowledgement, which a notice never gets.
        if (method.isForwarding() || !method.carries(Severity::Medium))
            continue;
        AlertMessage m = message;
        if (!offer.actions.isEmpty()) {
            if (m_linkKey.isEmpty()) {
                const QString note = QStringLiteral("Answer it in the Watchkeeper console, on "
                                                    "the On-call page (this workspace's receiver "
                                                    "is off, so notices carry no links).");
                m.text += QStringLiteral("\n") + note + QLatin1Char('\n');
                m.html.replace(
                    QStringLiteral("</body></html>"),
                    QStringLiteral("<p>%1</p>\n</body></html>").arg(note.toHtmlEscaped()));
            } else {
                m.addLinks(offerLinks(offer, person->id, contactKindName(method.kind)));
            }
        }
        Delivery d = compose(0, *person, index, method, m, PagePayload(m, step), step,
                             PagePayload::Action::Trigger);
        d.createdAt = now;
        d.nextAttemptAt = due + (afterQuietHours(*person, Severity::Medium, judged) - judged);
        out << d;
    }
    return out;
}

Delivery DeliveryPlanner::compose(qint64 alertId, const Person &person, int index,
                                  const ContactMethod &method, const AlertMessage &message,
                                  const PagePayload &payload, const QString &step,
                                  PagePayload::Action action)
{
    Delivery d = addressed(alertId, message.key, person, index, method, step, action);
    fill(d, method, message, payload, action);
    return d;
}

TimestampNs DeliveryPlanner::nextWorkingTime(const QString &pipelineId, TimestampNs at) const
{
    const Rotation *rotation = m_workspace.rotationFor(pipelineId);
    const WorkingHours hours = rotation && rotation->workingHours
                                   ? *rotation->workingHours
                                   : WorkingHours{{1, 2, 3, 4, 5}, QTime(9, 0), QTime(18, 0)};
    const QTimeZone zone = rotation && QTimeZone::isTimeZoneIdAvailable(rotation->timeZone.toUtf8())
                               ? QTimeZone(rotation->timeZone.toUtf8())
                               : QTimeZone::utc();
    const QDateTime t = toDateTime(at).toTimeZone(zone);
    for (int day = 0; day < 8; ++day) {
        const QDate date = t.date().addDays(day);
        if (!hours.weekdays.contains(date.dayOfWeek()))
            continue;
        const QDateTime from(date, hours.from, zone);
        const QDateTime to(date, hours.to, zone);
        if (day == 0 && t >= to)
            continue;
        return toTimestamp(day == 0 && t >= from ? t : from);
    }
    return at; // no working day at all: never hold a page back for ever
}

QStringList DeliveryPlanner::targetsOf(const Alert &a, const EscalationStep &step, TimestampNs at,
                                       const OnCallSchedule &schedule) const
{
    const QDateTime when = toDateTime(at);
    switch (step.target) {
    case EscalationStep::Target::Primary: {
        // At once it is whoever the alert went to; later, whoever holds the seat then.
        const QString later = at > a.triggeredAt
                                  ? schedule.answering(a.pipelineId, RotationLayer::Primary, when)
                                  : QString();
        return {later.isEmpty() ? a.assignee : later};
    }
    case EscalationStep::Target::Secondary: {
        QString who = schedule.answering(a.pipelineId, RotationLayer::Secondary, when);
        if (who.isEmpty() || who == a.assignee) {
            if (const Pipeline *p = m_workspace.pipeline(a.pipelineId))
                who = p->secondaryOwner != a.assignee ? p->secondaryOwner : QString();
        }
        return who.isEmpty() ? QStringList() : QStringList{who};
    }
    case EscalationStep::Target::People:
        return step.people;
    case EscalationStep::Target::Team:
        for (const Team &t : m_workspace.teams) {
            if (t.id == step.team)
                return t.members;
        }
        return {};
    }
    return {};
}

QList<Delivery> DeliveryPlanner::chainFor(const Alert &a, const EscalationPolicy &policy,
                                          TimestampNs now, TimestampNs engineNow,
                                          const OnCallSchedule &schedule) const
{
    const qint64 hour = 3600 * nanosPerSecond;
    const qint64 response = a.ackBy > a.triggeredAt ? a.ackBy - a.triggeredAt : hour;
    auto delayOf = [&](const EscalationStep &s) -> qint64 {
        return s.afterShare ? qint64(std::llround(*s.afterShare * double(response)))
                            : s.afterSeconds * nanosPerSecond;
    };
    // A repeat starts one more gap after the last step: the gap between the last two steps,
    // or the response time when the chain has one step.
    const qsizetype n = policy.steps.size();
    qint64 cycle = 0;
    if (n > 0) {
        const qint64 last = delayOf(policy.steps.at(n - 1));
        cycle = n >= 2 ? last + (last - delayOf(policy.steps.at(n - 2))) : last + response;
    }
    if (cycle <= 0)
        cycle = response;

    QList<Delivery> out;
    for (int run = 0; run <= policy.repeat; ++run) {
        for (qsizetype i = 0; i < n; ++i) {
            const EscalationStep &s = policy.steps.at(i);
            TimestampNs at = a.triggeredAt + delayOf(s) + run * cycle;
            if (s.workingHoursOnly)
                at = nextWorkingTime(a.pipelineId, at);
            const QString name = run == 0 ? QStringLiteral("step%1").arg(i + 1)
                                          : QStringLiteral("step%1.%2").arg(i + 1).arg(run);
            QStringList people = targetsOf(a, s, at, schedule);
            people.removeDuplicates();
            for (const QString &person : std::as_const(people))
                out += deliveriesFor(a, person, name, now, at, engineNow);
        }
    }
    return out;
}

DeliveryChanges DeliveryPlanner::plan(const QList<Alert> &changed, TimestampNs now,
                                      TimestampNs engineNow, const OnCallSchedule &schedule)
{
    DeliveryChanges changes;
    if (!m_pages)
        return changes;
    for (const Alert &a : changed) {
        if (!wantsPage(a)) {
            if (m_withPending.remove(a.id))
                changes.cancelled << a.id;
            if (m_forwarded.contains(a.id))
                changes.planned += keepInStep(a, now, engineNow);
            if (!a.isOpen()) {
                m_raised.remove(a.id);
                m_escalated.remove(a.id);
            }
            continue;
        }
        // Most changes are of alerts paged already (a count going up): nothing to work out.
        const bool raise = !m_raised.contains(a.id);
        const bool escalate = a.escalated && !m_escalated.contains(a.id);
        if (!raise && !escalate)
            continue;
        const EscalationPolicy *policy = m_workspace.escalationFor(a.pipelineId);
        QList<Delivery> planned;
        if (raise) {
            m_raised.insert(a.id);
            planned += policy ? chainFor(a, *policy, now, engineNow, schedule)
                              : deliveriesFor(a, a.assignee, QStringLiteral("raised"), now,
                                              engineNow, engineNow);
        }
        if (escalate) {
            m_escalated.insert(a.id);
            if (!policy || escalatedByPerson(a))
                planned += deliveriesFor(a, a.assignee, QStringLiteral("escalated"), now, engineNow,
                                         engineNow);
        }
        if (!planned.isEmpty())
            m_withPending.insert(a.id);
        for (const Delivery &d : std::as_const(planned)) {
            ContactMethod method;
            method.kind = contactKindFromName(d.kind).value_or(ContactMethod::Kind::Email);
            if (method.isForwarding())
                m_forwarded[a.id].append({d.person, d.contact, d.nextAttemptAt});
        }
        changes.planned += planned;
    }
    return changes;
}

QList<Delivery> DeliveryPlanner::keepInStep(const Alert &a, TimestampNs now, TimestampNs engineNow)
{
    const bool resolved = !a.isOpen();
    const bool acknowledged = a.state == AlertState::Acknowledged && !m_forwardAcked.contains(a.id);
    if (!resolved && !acknowledged)
        return {};
    const auto action = resolved ? PagePayload::Action::Resolve : PagePayload::Action::Acknowledge;
    const QString step = resolved ? QStringLiteral("resolved") : QStringLiteral("acknowledged");
    QList<Delivery> out;
    QSet<std::pair<QString, int>> told;
    for (const Forwarded &f : m_forwarded.value(a.id)) {
        // A step still in the future was cancelled: that service never heard of the alert.
        if (f.due > now || told.contains({f.person, f.contact}))
            continue;
        told.insert({f.person, f.contact});
        out += deliveriesFor(a, f.person, step, now, engineNow, engineNow, action, f.contact);
    }
    if (resolved) {
        m_forwarded.remove(a.id);
        m_forwardAcked.remove(a.id);
    } else {
        m_forwardAcked.insert(a.id);
    }
    return out;
}

void DeliveryPlanner::forget(const DeliveryChanges &changes)
{
    for (const Delivery &d : changes.planned) {
        if (d.step == QLatin1String("acknowledged")) {
            m_forwardAcked.remove(d.alertId);
            continue;
        }
        if (d.step == QLatin1String("resolved")) {
            // Told again when the alert next changes, or when the open alerts are replanned.
            m_forwarded[d.alertId].append({d.person, d.contact, 0});
            continue;
        }
        if (d.step == QLatin1String("escalated"))
            m_escalated.remove(d.alertId);
        else
            m_raised.remove(d.alertId); // "raised" or a policy's step: all planned at raise
    }
    for (qint64 id : changes.cancelled)
        m_withPending.insert(id);
}

} // namespace wk
