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
    SettingsDialog(const Workspace &workspace, const Notifier::Settings &current,
                   const QString &person, QWidget *parent = nullptr);
    Notifier::Settings notifierSettings() const;
    QString person() const;

private:
    QCheckBox *m_tray;
    QCheckBox *m_popups;
    QCheckBox *m_sound;
    QSpinBox *m_warning;
    QComboBox *m_person;
};

} // namespace wk
