#pragma once

#include "domain/alert.h"
#include "domain/delivery.h"
#include "domain/workspace.h"
#include "score/alertscore.h"

#include <QWidget>

class QDialogButtonBox;
class QLabel;
class QPushButton;
class QTabWidget;
class QTextBrowser;
class QTreeWidget;

namespace wk {

// Everything about one alert: what it is, the evidence, its SLA clocks, who owns it, its
// timeline, the pages sent about it, and the pipeline's runbook, with buttons for the
// actions. Shown beside the alert list, and in a dialog of its own for a second screen.
class AlertDetailsView : public QWidget
{
    Q_OBJECT
public:
    explicit AlertDetailsView(const Workspace &workspace, QWidget *parent = nullptr);

    void setWorkspace(const Workspace &workspace);
    // The buttons answer A, R, S, E and N too: in a window of their own, where no list
    // answers those letters.
    void setLetterShortcuts(bool on);
    // Shows that no alert is chosen.
    void clear();

    // Asks for the alert's pages again (deliveriesRequested) when it changed or is new.
    // score: its actionable score, if any (whyNoScore says why there is none).
    void setAlert(const Alert &alert, TimestampNs now, const AlertScore *score = nullptr,
                  const QString &whyNoScore = {});
    // The pages about the shown alert, newest first; error: why they could not be read.
    void setDeliveries(qint64 alertId, const QList<Delivery> &deliveries, const QString &error);
    // The Pages tab as text, a row per page, for tests and the clipboard.
    QStringList deliveryRows() const;
    qint64 alertId() const { return m_alert.id; }
    const Alert &alert() const { return m_alert; }
    QString detailsHtml() const;
    // The links the details show, in order (the sender's pages, for one).
    QStringList evidenceLinks() const;
    QString runbookText() const;

signals:
    void acknowledgeRequested(qint64 id);
    void resolveRequested(qint64 id);
    void snoozeRequested(qint64 id);
    void escalateRequested(qint64 id);
    // How the alert ended (the button opens the outcome with noise chosen).
    void outcomeRequested(qint64 id);
    void tuneRequested(const QString &ruleId);
    void deliveriesRequested(qint64 id);

private:
    static QString linked(const QString &escaped); // URLs become links
    Workspace m_workspace;
    Alert m_alert;
    QLabel *m_heading;
    QTabWidget *m_tabs;
    QTextBrowser *m_details;
    QTextBrowser *m_runbook;
    QTreeWidget *m_pages;
    QPushButton *m_ack;
    QPushButton *m_resolve;
    QPushButton *m_snooze;
    QPushButton *m_escalate;
    QPushButton *m_outcome;
    QPushButton *m_tune;
    QDialogButtonBox *m_buttons;
};

} // namespace wk
