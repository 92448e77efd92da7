#pragma once

#include "domain/timestamp.h"
#include "domain/workspace.h"
#include "paging/alertmessage.h"
#include "report/handoffreport.h"

#include <QDate>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace wk {

class OnCallSchedule;

// At each handoff of a rotation, the outgoing week's handoff report (what the Handoff page
// shows) goes to the rotation's people and to its channel: the whole report as HTML for
// email, and a short summary with a link to the report for chat and phones.
class HandoffDigest
{
public:
    struct Due
    {
        QString rotation;
        QDateTime at; // the handoff: a primary turn of the plan begins
    };
    // The handoffs in (after, upTo], in time order.
    static QList<Due> due(const Workspace &workspace, const OnCallSchedule &schedule,
                          TimestampNs after, TimestampNs upTo);
    // Who hears it: the participants who did not turn digests off, then the channel.
    static QStringList readers(const Workspace &workspace, const Rotation &rotation);
    // The outgoing week: the seven local days before the handoff's day.
    static QDate weekStart(const Rotation &rotation, const QDateTime &handoff);
    // The message; link: the report on the receiver (empty when there is none).
    static AlertMessage message(const HandoffReport &report, const Rotation &rotation,
                                const QDateTime &handoff, const QString &link);
    // Names the digest: a handoff is told once.
    static QString step(const Due &due);
};

} // namespace wk
