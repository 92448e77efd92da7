#include "alertdetailsdialog.h"

#include <QDialogButtonBox>
#include <QVBoxLayout>

namespace wk {

AlertDetailsDialog::AlertDetailsDialog(const Workspace &workspace, QWidget *parent)
    : QDialog(parent), m_view(new AlertDetailsView(workspace))
{
    setWindowTitle(tr("Alert details"));
    resize(760, 620);
    m_view->setLetterShortcuts(true);
    auto *close = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_view, 1);
    layout->addWidget(close);
}

} // namespace wk
