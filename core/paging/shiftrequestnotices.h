#pragma once

#include "actionlink.h"
#include "alertmessage.h"

#include "domain/shiftrequest.h"
#include "domain/workspace.h"
#include "schedule/shift.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace wk {

// What people are told about a swap or cover request as it moves on: the ask (with take
// and decline links) to each person it is offered to, the approver's question, and the
// outcome to those concerned. Times are in each reader's zone.
class ShiftRequestNotices
{
public:
    struct Notice
    {
        QString person;
        QString step; // names the notice: the same news is told once per person
        AlertMessage message;
        QList<ActionLink::Action> offer; // the links the notice carries
    };

    // The ask to one person; exchange: for a swap, the turn they would give.
    static Notice ask(const ShiftRequest &r, const Workspace &ws, const QString &person,
                      const std::optional<Shift> &exchange);
    // The news of r's state to those concerned: `asked` are the people the ask went to.
    // Nothing for an open request.
    static QList<Notice> outcome(const ShiftRequest &r, const Workspace &ws,
                                 const QStringList &asked);
    // Nobody took it before it expired: the requester is told.
    static Notice expired(const ShiftRequest &r, const Workspace &ws);
};

} // namespace wk
