#pragma once

#include "domain/alert.h"
#include "domain/workspace.h"

#include <QDialog>

class QLabel;
class QPushButton;
class QTabWidget;
class QTextBrowser;

namespace wk {

// Everything about one alert: what it is, the evidence, its SLA clocks, who owns it, its
// timeline, and the pipeline's runbook, with the actions one key away.
class AlertDetailsDialog : public QDialog
{
    Q_OBJECT
public:
    AlertDetailsDialog(const Workspace &workspace, QWidget *parent = nullptr);

    void setAlert(const Alert &alert, TimestampNs now);
    qint64 alertId() const { return m_alert.id; }
    QString detailsHtml() const;
    // The links the details show, in order (the sender's pages, for one).
    QStringList evidenceLinks() const;
    QString runbookText() const;

signals:
    void acknowledgeRequested(qint64 id);
    void resolveRequested(qint64 id);
    void snoozeRequested(qint64 id);
    void escalateRequested(qint64 id);

private:
    static QString linked(const QString &escaped); // URLs become links
    Workspace m_workspace;
    Alert m_alert;
    QLabel *m_heading;
    QTabWidget *m_tabs;
    QTextBrowser *m_details;
    QTextBrowser *m_runbook;
    QPushButton *m_ack;
    QPushButton *m_resolve;
    QPushButton *m_snooze;
    QPushButton *m_escalate;
};

} // namespace wk
