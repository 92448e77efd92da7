#pragma once

#include "alertselection.h"
#include "domain/workspace.h"
#include "report/insights.h"

#include <QDate>
#include <QObject>
#include <QString>

#include <functional>

class QChart;

namespace wk {

// One chart of the Insights page: draws its figures into a fresh chart, shows exact values
// on hover and, on a click, asks for the alerts behind the bar or point. It reads the
// page's figures as they are when the person points, not as they were when drawn.
class InsightsChart : public QObject
{
    Q_OBJECT

public:
    struct Context
    {
        const Insights *insights = nullptr;
        const Workspace *workspace = nullptr;
        // The first instant of a day in the range's time zone.
        std::function<qint64(const QDate &)> dayStartNs;
        // The pipeline the page is filtered to; empty for all.
        std::function<QString()> pipelineFilter;
    };

    explicit InsightsChart(Context context, QObject *parent = nullptr);

    // The name in exports and object names: volume, response, sla, budget, load, customers,
    // rules.
    virtual QString key() const = 0;
    // The heading over the chart, for the figures last plotted.
    virtual QString title() const = 0;
    virtual void plot(QChart *chart) = 0;

signals:
    void alertsRequested(const wk::AlertSelection &selection);
    // A chart of rules: change this one, with a backtest (Tune Rule…).
    void tuneRequested(const QString &ruleId);

protected:
    const Insights &insights() const { return *m_context.insights; }
    const Workspace &workspace() const { return *m_context.workspace; }
    qint64 dayStartNs(const QDate &day) const { return m_context.dayStartNs(day); }
    QString pipelineFilter() const { return m_context.pipelineFilter(); }
    // The alerts raised over the whole range, to be narrowed by the caller.
    AlertSelection raisedInRange() const;

private:
    Context m_context;
};

} // namespace wk
