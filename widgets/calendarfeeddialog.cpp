#include "calendarfeeddialog.h"

#include <QClipboard>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QUrl>
#include <QVBoxLayout>

namespace wk {

CalendarFeedDialog::CalendarFeedDialog(const Workspace &workspace, const QString &person,
                                       QWidget *parent)
    : QDialog(parent), m_workspace(workspace), m_person(person),
      m_base(workspace.receiver.linkBase() + QStringLiteral("/calendar/"))
{
    const Person *p = workspace.person(person);
    setWindowTitle(tr("Calendar feeds for %1").arg(p ? p->name : person));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(
        tr("Subscribe to these addresses in your phone or desktop calendar (\"Add calendar "
           "from URL\"); it fetches them every 15 minutes, so swaps and overrides follow. "
           "The key in them is yours: anyone with an address can read that calendar."),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    if (!workspace.receiver.enabled) {
        auto *off = new QLabel(tr("<b>The receiver is off</b>, so nothing serves these "
                                  "addresses yet: set <code>enabled: true</code> under "
                                  "<code>receiver</code> in the workspace."),
                               this);
        off->setObjectName(QStringLiteral("receiverOff"));
        off->setWordWrap(true);
        layout->addWidget(off);
    }
    auto *form = new QFormLayout;
    layout->addLayout(form);
    addRow(tr("Your shifts"), QStringLiteral("person/%1.ics").arg(person));
    for (const Rotation &r : workspace.rotations)
        addRow(r.name, QStringLiteral("%1.ics").arg(r.id));
    for (const Row &row : std::as_const(m_rows)) {
        auto *line = new QHBoxLayout;
        line->addWidget(row.field, 1);
        line->addWidget(row.copy);
        form->addRow(row.field->accessibleName(), line);
    }
    m_status = new QLabel(tr("Fetching your key…"), this);
    m_status->setObjectName(QStringLiteral("feedStatus"));
    m_status->setWordWrap(true);
    layout->addWidget(m_status);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_replace = buttons->addButton(tr("&New key…"), QDialogButtonBox::ResetRole);
    m_replace->setToolTip(tr("Make a new key; every address with the old one stops working"));
    m_replace->setEnabled(false);
    connect(m_replace, &QPushButton::clicked, this, &CalendarFeedDialog::confirmReplace);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(720, sizeHint().height());
}

void CalendarFeedDialog::addRow(const QString &label, const QString &path)
{
    auto *field = new QLineEdit(this);
    field->setReadOnly(true);
    field->setAccessibleName(label);
    field->setPlaceholderText(tr("waiting for the key"));
    auto *copy = new QPushButton(tr("Copy"), this);
    copy->setEnabled(false);
    copy->setToolTip(tr("Copy this address to the clipboard"));
    connect(copy, &QPushButton::clicked, this, [this, field] {
        QGuiApplication::clipboard()->setText(field->text());
        m_status->setText(tr("Copied: %1").arg(field->accessibleName()));
    });
    m_rows.append({path, field, copy});
}

void CalendarFeedDialog::setKey(const QString &key)
{
    for (const Row &row : std::as_const(m_rows)) {
        row.field->setText(key.isEmpty() ? QString()
                                         : m_base + row.path + QStringLiteral("?key=") +
                                               QString::fromLatin1(QUrl::toPercentEncoding(key)));
        row.field->setCursorPosition(0);
        row.copy->setEnabled(!key.isEmpty());
    }
    m_replace->setEnabled(!key.isEmpty());
    m_status->setText(key.isEmpty() ? tr("Fetching your key…") : QString());
}

void CalendarFeedDialog::showError(const QString &message)
{
    m_status->setText(tr("<b>No key:</b> %1").arg(message.toHtmlEscaped()));
    m_replace->setEnabled(true);
}

QStringList CalendarFeedDialog::addresses() const
{
    QStringList out;
    for (const Row &row : m_rows)
        out << row.field->text();
    return out;
}

void CalendarFeedDialog::confirmReplace()
{
    const auto answer = QMessageBox::question(
        this, tr("Make a new key?"),
        tr("Every calendar subscribed with the current addresses stops updating; you will "
           "subscribe again with the new ones."),
        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer != QMessageBox::Yes)
        return;
    setKey({});
    emit replaceRequested(m_person);
}

} // namespace wk
