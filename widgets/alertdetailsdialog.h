#pragma once

#include "alertdetailsview.h"

#include <QDialog>

namespace wk {

// The alert details in a window of their own, for a second screen or a link that opened
// an alert; the actions answer A, R, S and E here.
class AlertDetailsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit AlertDetailsDialog(const Workspace &workspace, QWidget *parent = nullptr);

    AlertDetailsView *view() const { return m_view; }
    qint64 alertId() const { return m_view->alertId(); }

private:
    AlertDetailsView *m_view;
};

} // namespace wk
