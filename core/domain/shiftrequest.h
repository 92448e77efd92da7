#pragma once

#include "rotation.h"

#include <QDateTime>
#include <QJsonObject>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace wk {

// Someone holding a seat asks others to take part of it (a cover) or to trade whole turns
// (a swap). Stored so that every console of a team sees it; the first acceptance wins and
// becomes an override, or waits for the rotation's approver when it names one.
struct ShiftRequest
{
    enum class Kind { Cover, Swap };
    enum class State { Open, AwaitingApproval, Taken, Refused, Withdrawn };

    QString id;
    Kind kind = Kind::Cover;
    QString rotation;
    RotationLayer layer = RotationLayer::Primary;
    QString requester; // person id: who holds the seat then and asks
    QDateTime start;   // [start, end) in UTC; a swap's span is the requester's whole turn
    QDateTime end;
    QStringList askedOf; // person ids; empty means anyone eligible
    QString reason;
    QDateTime createdAt;
    QDateTime expiresAt; // nobody can take it from then on

    State state = State::Open;
    QString takenBy;            // who accepted (also while awaiting approval)
    QStringList declinedBy;     // who said no; the others may still accept
    QString decidedBy;          // who took, refused or withdrew it, or approved it
    QDateTime decidedAt;        // when it left the open state
    QString note;               // why it was refused, when it was
    QStringList overrideIds;    // what the acceptance made
    State toldOf = State::Open; // the last state the leader told people about
    bool askSent = false;       // the asks for the open request went out
    QStringList asked;          // whom the ask went to, told again of the outcome
    bool expiryTold = false;    // the requester heard that nobody took it
    int version = 0;            // the store's count of changes, for first-writer-wins

    // Open or awaiting approval, and not past its expiry at `now`.
    bool isLive(const QDateTime &now) const
    {
        return (state == State::Open || state == State::AwaitingApproval) && now < expiresAt;
    }
    // "open", "awaiting approval", "taken", "refused", "withdrawn"; "expired" for a live
    // state past its expiry.
    QString stateName(const QDateTime &now) const;
    static QString kindName(Kind kind);

    QJsonObject toJson() const;
    static ShiftRequest fromJson(const QJsonObject &json);

    bool operator==(const ShiftRequest &) const = default;
};

} // namespace wk

Q_DECLARE_METATYPE(wk::ShiftRequest)
