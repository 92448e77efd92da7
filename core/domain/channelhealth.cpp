#include "channelhealth.h"

#include "workspace.h"

#include <QHash>

namespace wk {

QList<ChannelHealth> ChannelHealth::summarise(const Workspace &ws,
                                              const QList<Delivery> &deliveries)
{
    QList<ChannelHealth> out;
    QHash<QString, qsizetype> row; // person/contact -> position in out
    auto add = [&](const Person &p, int index, const ContactMethod &m, const QString &target) {
        ChannelHealth h;
        h.person = p.id;
        h.contact = index;
        h.kind = contactKindName(m.kind);
        h.target = target;
        h.dryRun = m.dryRun;
        if (m.kind == ContactMethod::Kind::Desktop)
            h.status = Status::Local;
        row.insert(QStringLiteral("%1/%2").arg(p.id).arg(index), out.size());
        out.append(h);
    };
    for (const Person &p : ws.people) {
        for (int i = 0; i < p.contacts.size(); ++i)
            add(p, i, p.contacts.at(i), p.contacts.at(i).address);
        if (p.contacts.isEmpty() && ws.smtp.configured() && !p.email.isEmpty())
            add(p, -1, ContactMethod(), p.email);
    }
    for (const Delivery &d : deliveries) {
        const auto it = row.constFind(QStringLiteral("%1/%2").arg(d.person).arg(d.contact));
        // A method the workspace no longer lists, or one whose position now holds another
        // kind: its old pages say nothing of what is there now.
        if (it == row.constEnd() || out.at(*it).kind != d.kind)
            continue;
        ChannelHealth &h = out[*it];
        if (d.status == Delivery::Status::Sent) {
            ++h.sent;
            h.lastSent = qMax(h.lastSent, d.sentAt.value_or(d.createdAt));
        } else if (d.status == Delivery::Status::Failed) {
            ++h.failed;
        } else if (d.status == Delivery::Status::Pending && d.attempts > 0) {
            ++h.retrying;
        }
        if (d.attempts == 0 || d.status == Delivery::Status::Cancelled ||
            d.createdAt < h.lastAttempt)
            continue;
        h.lastAttempt = d.createdAt;
        h.lastResult = d.result;
        h.status = d.status == Delivery::Status::Sent     ? Status::Working
                   : d.status == Delivery::Status::Failed ? Status::Failing
                                                          : Status::Retrying;
    }
    return out;
}

} // namespace wk
