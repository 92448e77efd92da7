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
    SettingsDialog(const Workspace &workspace, const Notifier::Settings &current,
                   QWidget *parent = nullptr);
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
