#include "channelhealth.h"

#include "workspace.h"

#include <QHash>

namespace wk {

ChannelHealth::Status ChannelHealth::judge(Delivery::Status latest)
{
    switch (latest) {
    case Delivery::Status::Sent:
        return Status::Working;
    case Delivery::Status::Failed:
        return Status::Failing;
    case Delivery::Status::Pending:
        return Status::Retrying;
    case Delivery::Status::Cancelled:
        break;
    }
    return Status::Unused;
}

QList<ChannelHealth> ChannelHealth::merged(const Workspace &ws, const QList<ChannelHealth> &figures)
{
    QHash<QString, const ChannelHealth *> byMethod;
    for (const ChannelHealth &f : figures)
        byMethod.insert(QStringLiteral("%1/%2/%3").arg(f.person).arg(f.contact).arg(f.kind), &f);
    QList<ChannelHealth> out;
    auto add = [&](const Person &p, int index, const ContactMethod &m, const QString &target) {
        const QString kind = contactKindName(m.kind);
        const ChannelHealth *known =
            byMethod.value(QStringLiteral("%1/%2/%3").arg(p.id).arg(index).arg(kind));
        ChannelHealth h = known ? *known : ChannelHealth();
        h.person = p.id;
        h.contact = index;
        h.kind = kind;
        h.target = target;
        h.dryRun = m.dryRun;
        if (m.kind == ContactMethod::Kind::Desktop)
            h.status = Status::Local;
        out.append(h);
    };
    for (const Person &p : ws.people) {
        for (int i = 0; i < p.contacts.size(); ++i)
            add(p, i, p.contacts.at(i), p.contacts.at(i).address);
        if (p.contacts.isEmpty() && ws.smtp.configured() && !p.email.isEmpty())
            add(p, -1, ContactMethod(), p.email);
    }
    return out;
}

} // namespace wk
