#include "insightschart.h"

namespace wk {

InsightsChart::InsightsChart(Context context, QObject *parent)
    : QObject(parent), m_context(std::move(context))
{}

AlertSelection InsightsChart::raisedInRange() const
{
    AlertSelection sel;
    sel.raisedFrom = dayStartNs(insights().query.from);
    sel.raisedTo = dayStartNs(insights().query.to);
    sel.label = tr("raised in the Insights range");
    return sel;
}

} // namespace wk
