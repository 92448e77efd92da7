#include "settingsdialog.h"

#include "contactmethodspanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QSpinBox>
#include <QVBoxLayout>

namespace wk {

SettingsDialog::SettingsDialog(const Workspace &workspace, const Notifier::Settings &current,
                               const QString &person, QWidget *parent, const QString &baseDir)
    : QDialog(parent)
{
    setWindowTitle(tr("Settings"));
    m_tray = new QCheckBox(tr("Show a tray icon with the open critical alerts"));
    m_tray->setChecked(current.tray);
    m_popups = new QCheckBox(tr("Desktop notification for new critical and high alerts"));
    m_popups->setChecked(current.popups);
    m_sound = new QCheckBox(tr("Play a sound with each notification"));
    m_sound->setChecked(current.sound);
    m_warning = new QSpinBox;
    m_warning->setRange(0, 120);
    m_warning->setSuffix(tr(" min"));
    m_warning->setValue(current.ackWarningMinutes);
    m_person = new QComboBox;
    m_person->addItem(tr("(my login name)"), QString());
    for (const Person &p : workspace.people)
        m_person->addItem(p.name, p.id);
    m_person->setCurrentIndex(std::max(0, m_person->findData(person)));
    m_methods = new ContactMethodsPanel(workspace, baseDir);
    m_methods->setPerson(m_person->currentData().toString());
    connect(m_person, &QComboBox::currentIndexChanged, this,
            [this] { m_methods->setPerson(m_person->currentData().toString()); });
    auto *paging = new QGroupBox(tr("How I'm notified"));
    (new QVBoxLayout(paging))->addWidget(m_methods);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *form = new QFormLayout(this);
    form->addRow(m_tray);
    form->addRow(m_popups);
    form->addRow(m_sound);
    form->addRow(tr("Warn before an ack deadline:"), m_warning);
    form->addRow(tr("Record my actions as:"), m_person);
    form->addRow(paging);
    form->addRow(buttons);
}

Notifier::Settings SettingsDialog::notifierSettings() const
{
    Notifier::Settings s;
    s.tray = m_tray->isChecked();
    s.popups = m_popups->isChecked();
    s.sound = m_sound->isChecked();
    s.ackWarningMinutes = m_warning->value();
    return s;
}

QString SettingsDialog::person() const
{
    return m_person->currentData().toString();
}

} // namespace wk
