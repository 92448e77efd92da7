#include "deliveryplanner.h"

#include "alertmessage.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace wk {

namespace {

bool sendsBy(const ContactMethod &m, const Workspace &ws)
{
    switch (m.kind) {
    case ContactMethod::Kind::Email:
        return ws.smtp.configured();
    case ContactMethod::Kind::Webhook:
        return true;
    case ContactMethod::Kind::Desktop:
        return false;
    }
    return false;
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

QString webhookBody(const Alert &a, const Workspace &ws, const QString &step, const AlertMessage &m)
{
    const Pipeline *pipeline = ws.pipeline(a.pipelineId);
    const QJsonObject o{
        {QStringLiteral("key"), a.dedupKey},
        {QStringLiteral("id"), a.id},
        {QStringLiteral("step"), step},
        {QStringLiteral("title"), a.title},
        {QStringLiteral("severity"), severityName(a.severity)},
        {QStringLiteral("state"), alertStateName(a.state)},
        {QStringLiteral("pipeline"), a.pipelineId},
        {QStringLiteral("pipeline_name"), pipeline ? pipeline->name : a.pipelineId},
        {QStringLiteral("subject"), a.subject},
        {QStringLiteral("customer"), a.customerId},
        {QStringLiteral("revenue"), a.revenue},
        {QStringLiteral("assignee"), a.assignee},
        {QStringLiteral("triggered_at"), toDateTime(a.triggeredAt).toString(Qt::ISODateWithMs)},
        {QStringLiteral("ack_by"), toDateTime(a.ackBy).toString(Qt::ISODateWithMs)},
        {QStringLiteral("summary"), m.subject},
        {QStringLiteral("text"), m.text},
    };
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

bool wantsPage(const Alert &a)
{
    return a.state == AlertState::Triggered && a.silencedBy.isEmpty() && a.inhibitedBy.isEmpty() &&
           !a.assignee.isEmpty();
}

} // namespace

DeliveryPlanner::DeliveryPlanner(Workspace workspace) : m_workspace(std::move(workspace))
{
    for (const Person &p : m_workspace.people)
        m_pages = m_pages || !methodsOf(p, m_workspace).isEmpty();
}

QList<Delivery> DeliveryPlanner::deliveriesFor(const Alert &a, const QString &step,
                                               TimestampNs now) const
{
    const Person *person = m_workspace.person(a.assignee);
    if (!person)
        return {};
    const AlertMessage message = AlertMessage::forAlert(a, m_workspace, person->id);
    QList<Delivery> out;
    for (const auto &[index, method] : methodsOf(*person, m_workspace)) {
        Delivery d;
        d.key = Delivery::makeKey(a.id, step, person->id, index);
        d.alertId = a.id;
        d.alertKey = a.dedupKey;
        d.step = step;
        d.person = person->id;
        d.contact = index;
        d.kind = contactKindName(method.kind);
        d.target = method.address;
        d.subject = message.subject;
        d.text = message.text;
        d.html = message.html;
        if (method.kind == ContactMethod::Kind::Webhook)
            d.json = webhookBody(a, m_workspace, step, message);
        d.createdAt = now;
        d.nextAttemptAt = now;
        out << d;
    }
    return out;
}

DeliveryChanges DeliveryPlanner::plan(const QList<Alert> &changed, TimestampNs now)
{
    DeliveryChanges changes;
    if (!m_pages)
        return changes;
    for (const Alert &a : changed) {
        if (!wantsPage(a)) {
            if (m_withPending.remove(a.id))
                changes.cancelled << a.id;
            if (!a.isOpen()) {
                m_planned.remove(QStringLiteral("%1:raised").arg(a.id));
                m_planned.remove(QStringLiteral("%1:escalated").arg(a.id));
            }
            continue;
        }
        const QString step = a.escalated ? QStringLiteral("escalated") : QStringLiteral("raised");
        const QString planned = QStringLiteral("%1:%2").arg(a.id).arg(step);
        if (m_planned.contains(planned))
            continue;
        m_planned.insert(planned);
        const QList<Delivery> deliveries = deliveriesFor(a, step, now);
        if (!deliveries.isEmpty())
            m_withPending.insert(a.id);
        changes.planned += deliveries;
    }
    return changes;
}

void DeliveryPlanner::forget(const DeliveryChanges &changes)
{
    for (const Delivery &d : changes.planned)
        m_planned.remove(QStringLiteral("%1:%2").arg(d.alertId).arg(d.step));
    for (qint64 id : changes.cancelled)
        m_withPending.insert(id);
}

} // namespace wk
