#pragma once

#include "notifier.h"

#include "domain/workspace.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QSpinBox;

namespace wk {

// Preferences: notifications, and which person of the workspace the console acts as.
class SettingsDialog : public QDialog
{
    Q_OBJECT
public:
    // `person`: whom this workspace's actions are recorded as now (empty: the login name).
    // baseDir: where the workspace's relative paths start (for Send test by email).
    SettingsDialog(const Workspace &workspace, const Notifier::Settings &current,
                   const QString &person, QWidget *parent = nullptr, const QString &baseDir = {});
    Notifier::Settings notifierSettings() const;
    QString person() const;

private:
    QCheckBox *m_tray;
    QCheckBox *m_popups;
    QCheckBox *m_sound;
    QSpinBox *m_warning;
    QComboBox *m_person;
    class ContactMethodsPanel *m_methods;

public:
    ContactMethodsPanel *methodsPanel() const { return m_methods; }
};

} // namespace wk
