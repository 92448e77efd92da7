#pragma once

#include "alertfilterproxymodel.h"
#include "alertselection.h"
#include "domain/alert.h"
#include "domain/workspace.h"

#include <QList>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QAction;
class QSettings;
class QSplitter;
class QTreeView;
class QTimer;
class QToolButton;

namespace wk {

class AlertDetailsView;
class AlertGroupModel;
class AlertSummaryStrip;
class AlertTableModel;

// The live alert list: what is burning on top (a summary strip whose figures filter), the
// filters, the list below with related alerts folded into groups, keyboard actions on the
// selection (A acknowledge, R resolve, S snooze, E escalate, N noise, O outcome, Enter
// details, / filter). An
// action on a group acts on each of its alerts.
class AlertListPage : public QWidget
{
    Q_OBJECT
public:
    explicit AlertListPage(AlertTableModel *model, QWidget *parent = nullptr);

    void setWorkspace(const Workspace &workspace);
    QTreeView *view() const { return m_view; }
    AlertFilterProxyModel *proxy() const { return m_proxy; }
    AlertGroupModel *groups() const { return m_groups; }
    // The chosen alerts: rows of their own, and the members of chosen groups (only those
    // memberApplies to, when given).
    QList<qint64> selectedIds(bool (*memberApplies)(const Alert &) = nullptr) const;
    // Shows the alerts of a selection, open or closed, replacing the current filters.
    void showSelection(const AlertSelection &selection);

    AlertSummaryStrip *summaryStrip() const { return m_strip; }
    // The details of the current alert, beside the list; F8 shows and hides it.
    AlertDetailsView *detailsPane() const { return m_pane; }
    QAction *paneAction() const { return m_paneAction; }
    // Folds related alerts into groups (on by default); Ctrl+G switches it.
    QAction *groupAction() const { return m_groupAction; }
    // Shows the current alert in the pane again (its score arrived).
    void refreshPane() { showCurrentInPane(); }
    // The model's clock moved: overdue figures and the overdue filter are judged again.
    void timeMoved();

    void saveState(QSettings &settings) const;
    void restoreState(const QSettings &settings);

signals:
    void acknowledgeRequested(const QList<qint64> &ids);
    void resolveRequested(const QList<qint64> &ids);
    void snoozeRequested(const QList<qint64> &ids);
    void escalateRequested(const QList<qint64> &ids);
    // N (noise chosen) and O (the history's outcome chosen): how the alerts ended.
    void outcomeRequested(const QList<qint64> &ids, wk::AlertOutcome::Kind preset);
    void detailsRequested(qint64 id);
    // T: tune the current alert's rule, with a backtest of each change.
    void tuneRequested(const QString &ruleId);
    // The pane shows an alert whose pages it does not have yet.
    void deliveriesRequested(qint64 id);

private:
    void applyFilters();
    void updateSummary();
    void scheduleFigures();
    void updateFigures();
    void filterBy(int severity, AlertFilterProxyModel::Attention attention);
    void showCurrentInPane();

    AlertTableModel *m_model;
    AlertFilterProxyModel *m_proxy;
    AlertGroupModel *m_groups;
    QTreeView *m_view;
    QLineEdit *m_text;
    QComboBox *m_severity;
    QComboBox *m_state;
    QComboBox *m_pipeline;
    QComboBox *m_owner;
    QLabel *m_summary;
    AlertSummaryStrip *m_strip;
    QTimer *m_figuresTimer;
    QSplitter *m_split;
    AlertDetailsView *m_pane;
    QAction *m_paneAction;
    QAction *m_groupAction;
    AlertFilterProxyModel::Attention m_attention = AlertFilterProxyModel::Attention::Any;
    QToolButton *m_range; // the raised-between filter, when one is set; click to clear
    qint64 m_raisedFrom = 0;
    qint64 m_raisedTo = 0;
};

} // namespace wk
