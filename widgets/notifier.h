#pragma once

#include "domain/alert.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>

class QSystemTrayIcon;
class QTimer;
class QWidget;

namespace wk {

class Clock;

// Tells the person on call without them looking: a tray icon with the number of open
// critical alerts, a desktop notification when a critical or high alert fires or an
// acknowledgement deadline is about to pass, and an optional sound. Silenced alerts stay quiet.
class Notifier : public QObject
{
    Q_OBJECT
public:
    struct Settings
    {
        bool tray = true;
        bool popups = true;
        bool sound = false;
        int ackWarningMinutes = 5;

        static Settings load();
        void save() const;
    };

    Notifier(const Clock &clock, QWidget *window);
    ~Notifier() override;

    void setSettings(const Settings &settings);
    void setClock(const Clock &clock) { m_clock = &clock; }
    const Settings &settings() const { return m_settings; }
    // initial: alerts restored at start; they set the counts but raise no notification.
    void alertsChanged(const QList<Alert> &changed, bool initial = false);
    void checkDeadlines();
    int openCritical() const;

signals:
    void notified(const QString &title, const QString &message);

private:
    void notify(const QString &title, const QString &message, bool critical);
    void updateTray();

    const Clock *m_clock;
    QWidget *m_window;
    Settings m_settings;
    QSystemTrayIcon *m_tray = nullptr;
    QTimer *m_deadlines;
    QHash<qint64, Alert> m_open;
    QSet<qint64> m_seen;
    QSet<qint64> m_warned;
};

} // namespace wk
