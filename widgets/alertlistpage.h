#pragma once

#include "domain/workspace.h"

#include <QList>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QSettings;
class QTableView;

namespace wk {

class AlertFilterProxyModel;
class AlertTableModel;

// The live alert list: filters on top, the table below, keyboard actions on the selection
// (A acknowledge, R resolve, S snooze, E escalate, Enter details, / filter).
class AlertListPage : public QWidget
{
    Q_OBJECT
public:
    explicit AlertListPage(AlertTableModel *model, QWidget *parent = nullptr);

    void setWorkspace(const Workspace &workspace);
    QTableView *view() const { return m_view; }
    AlertFilterProxyModel *proxy() const { return m_proxy; }
    QList<qint64> selectedIds() const;

    void saveState(QSettings &settings) const;
    void restoreState(const QSettings &settings);

signals:
    void acknowledgeRequested(const QList<qint64> &ids);
    void resolveRequested(const QList<qint64> &ids);
    void snoozeRequested(const QList<qint64> &ids);
    void escalateRequested(const QList<qint64> &ids);
    void detailsRequested(qint64 id);

private:
    void applyFilters();
    void updateSummary();

    AlertTableModel *m_model;
    AlertFilterProxyModel *m_proxy;
    QTableView *m_view;
    QLineEdit *m_text;
    QComboBox *m_severity;
    QComboBox *m_state;
    QComboBox *m_pipeline;
    QComboBox *m_owner;
    QLabel *m_summary;
};

} // namespace wk
