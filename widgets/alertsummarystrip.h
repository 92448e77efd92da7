#pragma once

#include "alertfilterproxymodel.h"
#include "domain/alertsummary.h"

#include <QWidget>

class QToolButton;

namespace wk {

// A line of figures above the alert list: open alerts by severity, unacknowledged, overdue.
// Each figure is a button that filters the list to what it counts; clicking the lit one
// again shows everything open.
class AlertSummaryStrip : public QWidget
{
    Q_OBJECT
public:
    explicit AlertSummaryStrip(QWidget *parent = nullptr);

    void setSummary(const AlertSummary &summary);
    AlertSummary summary() const { return m_summary; }
    // Lights the figure the list is filtered by, if any (-1: no severity).
    void setActive(int severity, AlertFilterProxyModel::Attention attention);

signals:
    // A figure was clicked: filter by it; (-1, Any) when the lit figure was clicked again.
    void chosen(int severity, wk::AlertFilterProxyModel::Attention attention);

private:
    QToolButton *addFigure(const QString &objectName, const QString &tip);

    AlertSummary m_summary;
    QToolButton *m_severity[3] = {};
    QToolButton *m_unacknowledged = nullptr;
    QToolButton *m_overdue = nullptr;
};

} // namespace wk
