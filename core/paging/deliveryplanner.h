#pragma once

#include "domain/alert.h"
#include "domain/delivery.h"
#include "domain/workspace.h"

#include <QSet>

namespace wk {

// Decides who must hear of an alert and by which of their methods, as alerts change: a
// triggered alert pages the person it is assigned to, and again the person it escalates
// to; an alert acknowledged, resolved, silenced or inhibited cancels what has not gone yet.
// Every method of the person is tried at once: a page that fails on one still arrives by
// another. Desktop notifications stay with the console that shows them.
class DeliveryPlanner
{
public:
    explicit DeliveryPlanner(Workspace workspace);

    // True when some person has a method this planner sends by.
    bool pages() const { return m_pages; }

    // The deliveries and cancellations the changed alerts call for. Planning again what was
    // planned before is harmless (the store keeps the first), so after a restart the open
    // alerts are simply planned again.
    DeliveryChanges plan(const QList<Alert> &changed, TimestampNs now);

    // Changes that could not be stored: they will be planned again when asked.
    void forget(const DeliveryChanges &changes);

private:
    QList<Delivery> deliveriesFor(const Alert &alert, const QString &step, TimestampNs now) const;

    Workspace m_workspace;
    bool m_pages = false;
    QSet<QString> m_planned;    // alert id + step already planned by this planner
    QSet<qint64> m_withPending; // alerts this planner paged for that may have pending sends
};

} // namespace wk
