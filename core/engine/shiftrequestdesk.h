#pragma once

#include "domain/scheduleoverride.h"
#include "domain/shiftrequest.h"
#include "domain/workspace.h"
#include "paging/actionlink.h"
#include "sources/webhookreceiver.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace wk {

class Database;
class DeliveryPlanner;
class OnCallSchedule;
struct Delivery;

// Where swap and cover requests are asked, answered and told of, for one console. Every
// decision is checked against the schedule of that moment and stored with the version it
// read, so of two acceptances on two consoles only the first changes anything. Only the
// leading console tells people (tell()); any console may ask and answer.
class ShiftRequestDesk
{
public:
    enum class Answer { Take, Decline, Approve, Refuse, Withdraw };

    struct Outcome
    {
        bool ok = false;
        QString message; // what happened, or why nothing did
        ShiftRequest request;
        QList<ScheduleOverride> overrides; // what the decision added to the schedule
    };

    ShiftRequestDesk(Database &db, const Workspace &workspace) : m_db(db), m_workspace(workspace) {}

    // Stores a new request once the rules allow it.
    Outcome ask(ShiftRequest r, const OnCallSchedule &schedule, const QDateTime &now);
    Outcome answer(const QString &id, const QString &person, Answer answer,
                   const OnCallSchedule &schedule, const QDateTime &now, const QString &note = {});
    // The live requests and those decided in the last two weeks, newest first.
    std::optional<QList<ShiftRequest>> list(const QDateTime &now, QString *error) const;

    struct Telling
    {
        QList<Delivery> deliveries;
        QList<ShiftRequest> told; // to be marked once the deliveries are stored
    };
    // The leader's round: the notices the requests call for that nobody sent yet.
    Telling tell(const DeliveryPlanner &planner, const OnCallSchedule &schedule,
                 const QDateTime &now, qint64 realNowNs) const;
    // Marks the requests told; a request changed meanwhile is told again next round.
    void markTold(QList<ShiftRequest> told);

    // The page a request's link opens (post false) or its button posts to.
    WebhookReceiver::Page page(const ActionLink &link, bool post, const OnCallSchedule &schedule,
                               const QDateTime &now, Outcome *acted);

private:
    Database &m_db;
    const Workspace &m_workspace;
};

} // namespace wk
