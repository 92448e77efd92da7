#include "identitybar.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

namespace wk {

IdentityBar::IdentityBar(QWidget *parent) : QFrame(parent)
{
    setObjectName(QStringLiteral("identityBar"));
    setFrameShape(QFrame::StyledPanel);
    // A notice in light amber with dark text, whichever palette the rest has.
    setStyleSheet(QStringLiteral("#identityBar { background: #fff4d6; } "
                                 "#identityBar > QLabel { color: #3a2e00; }"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 8, 4);
    m_label = new QLabel(this);
    m_label->setWordWrap(true);
    m_person = new QComboBox(this);
    m_person->setObjectName(QStringLiteral("identityPerson"));
    m_label->setBuddy(m_person);
    auto *confirm = new QPushButton(tr("This is me"), this);
    confirm->setObjectName(QStringLiteral("identityConfirm"));
    layout->addWidget(m_label, 1);
    layout->addWidget(m_person);
    layout->addWidget(confirm);
    connect(confirm, &QPushButton::clicked, this, [this] {
        hide();
        emit chosen(m_person->currentData().toString());
    });
}

void IdentityBar::ask(const Workspace &workspace, const QString &fallback)
{
    m_label->setText(tr("Who is at this console? Acknowledgements and handoff notes are "
                        "recorded as <b>%1</b> until you choose.")
                         .arg(fallback.toHtmlEscaped()));
    m_person->clear();
    for (const Person &p : workspace.people)
        m_person->addItem(p.name, p.id);
    show();
}

} // namespace wk
