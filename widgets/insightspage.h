#pragma once

#include "alertselection.h"
#include "domain/workspace.h"
#include "report/insights.h"
#include "schedule/oncallschedule.h"

#include <QFutureWatcher>
#include <QMap>
#include <QWidget>

#include <memory>

class QChart;
class QChartView;
class QComboBox;
class QDateEdit;
class QLabel;
class QTimer;

namespace wk {

class AlertTableModel;
class InsightsChart;

// The Insights page: alert volume, response times, SLA compliance, error budgets, on-call
// load and customer impact for a range of days, filtered by pipeline or team. Figures are
// computed on a pool thread (facts once per change of the alerts, the aggregation once per
// change of range or filter), then plotted; long ranges are bucketed by week before they
// are drawn. Hovering shows exact values; clicking a bar or point asks for its alerts.
class InsightsPage : public QWidget
{
    Q_OBJECT

public:
    explicit InsightsPage(QWidget *parent = nullptr);
    ~InsightsPage() override;

    void setWorkspace(const Workspace &workspace);
    void setAlertModel(const AlertTableModel *model);
    void setStoredOverrides(const QList<ScheduleOverride> &overrides);
    // The clock the range ends at and open alerts' downtime runs to.
    void setNow(TimestampNs now);

    // The range in days ending today (7, 30, 90), or 0 for the custom dates.
    void setRange(int days);
    void setCustomRange(const QDate &first, const QDate &last);
    void setPipelineFilter(const QString &pipelineId); // empty: all
    void setTeamFilter(const QString &teamId);         // empty: all

    const Insights &insights() const { return m_insights; }
    // volume, response, sla, budget, load, customers
    QStringList chartKeys() const { return m_charts.keys(); }
    QChart *chart(const QString &key) const;
    // A picture of the chart (.png) or its figures (.csv), by the file's suffix.
    bool exportChart(const QString &key, const QString &path, QString *error) const;
    bool isComputing() const;

signals:
    // New figures are plotted.
    void updated();
    void alertsRequested(const wk::AlertSelection &selection);
    // A click on a rule of "Noisiest rules".
    void tuneRequested(const QString &ruleId);

protected:
    void showEvent(QShowEvent *event) override;

private:
    struct Panel
    {
        QChartView *view = nullptr;
        QLabel *title = nullptr;
        InsightsChart *chart = nullptr;
    };
    InsightsQuery query() const;
    QTimeZone rangeZone() const;
    QDate today() const; // in rangeZone(): the last day of the default ranges
    void factsChanged();
    void rowsChanged(int first, int last);
    void rebuildFacts();
    void recompute();
    void plot();
    void exportDialog(const QString &key);
    qint64 dayStartNs(const QDate &day) const;

    Workspace m_workspace;
    OnCallSchedule m_schedule;
    QList<ScheduleOverride> m_stored;
    const AlertTableModel *m_alertModel = nullptr;
    TimestampNs m_now = 0;
    std::shared_ptr<const AlertFacts> m_facts;
    Insights m_insights;
    QFutureWatcher<std::shared_ptr<const AlertFacts>> m_factsWatcher;
    QFutureWatcher<Insights> m_insightsWatcher;
    bool m_factsStale = true;
    bool m_fullRebuild = true; // else only the rows in [m_firstChanged, m_lastChanged]
    int m_firstChanged = -1;
    int m_lastChanged = -1;
    bool m_recomputePending = false;
    QComboBox *m_range;
    QDateEdit *m_from;
    QDateEdit *m_to;
    QComboBox *m_pipeline;
    QComboBox *m_team;
    QLabel *m_status;
    QTimer *m_factsTimer;
    QMap<QString, Panel> m_charts;
};

} // namespace wk
