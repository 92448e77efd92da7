#include "workspaceproblembar.h"

#include <QDateTime>
#include <QDesktopServices>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QUrl>
#include <QVBoxLayout>

namespace wk {

WorkspaceProblemBar::WorkspaceProblemBar(QWidget *parent) : QFrame(parent)
{
    setObjectName(QStringLiteral("workspaceProblemBar"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    QPalette p = palette();
    p.setColor(QPalette::Window, QColor(0xfd, 0xec, 0xea));
    p.setColor(QPalette::WindowText, QColor(0x5a, 0x14, 0x0e));
    setPalette(p);

    m_label = new QLabel;
    m_label->setWordWrap(true);
    m_label->setTextFormat(Qt::PlainText);
    m_list = new QListWidget;
    m_list->setObjectName(QStringLiteral("workspaceProblems"));
    m_list->setAccessibleName(tr("Problems in the workspace file"));
    m_list->setToolTip(tr("Double-click or press Enter to open the file"));
    auto *reload = new QPushButton(tr("Read again"));
    reload->setToolTip(tr("Read the workspace file again (F5)"));
    auto *close = new QPushButton(tr("Hide"));
    connect(reload, &QPushButton::clicked, this, &WorkspaceProblemBar::reloadRequested);
    connect(close, &QPushButton::clicked, this, &QWidget::hide);
    connect(m_list, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) {
        const int row = m_list->row(item);
        if (row >= 0 && row < m_problems.size())
            QDesktopServices::openUrl(QUrl::fromLocalFile(m_problems.at(row).file));
    });

    auto *top = new QHBoxLayout;
    top->addWidget(m_label, 1);
    top->addWidget(reload);
    top->addWidget(close);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 6, 8, 6);
    layout->addLayout(top);
    layout->addWidget(m_list);
    hide();
}

void WorkspaceProblemBar::showProblems(const QString &file, const QList<Diagnostic> &problems,
                                       const QDateTime &readAt)
{
    m_problems = problems;
    m_label->setText(tr("%1 was saved with %n problem(s) and was not applied; the console keeps "
                        "running on the version read at %2.",
                        nullptr, static_cast<int>(problems.size()))
                         .arg(QFileInfo(file).fileName(),
                              readAt.toLocalTime().toString(QStringLiteral("HH:mm:ss"))));
    m_list->clear();
    for (const Diagnostic &d : problems)
        m_list->addItem(d.toString());
    // A few lines in view; the list scrolls for more.
    const int rows = std::min<int>(static_cast<int>(problems.size()), 4);
    m_list->setFixedHeight(rows * m_list->sizeHintForRow(0) + 2 * m_list->frameWidth() + 2);
    show();
}

} // namespace wk
