#include "notifier.h"
#include "severitystyle.h"

#include "domain/clock.h"

#include <QApplication>
#include <QIcon>
#include <QPainter>
#include <QSettings>
#include <QSystemTrayIcon>
#include <QTimer>
#include <QWidget>

namespace wk {

Notifier::Settings Notifier::Settings::load()
{
    QSettings s;
    Settings out;
    out.tray = s.value(QStringLiteral("notify/tray"), true).toBool();
    out.popups = s.value(QStringLiteral("notify/popups"), true).toBool();
    out.sound = s.value(QStringLiteral("notify/sound"), false).toBool();
    out.ackWarningMinutes = s.value(QStringLiteral("notify/ackWarningMinutes"), 5).toInt();
    return out;
}

void Notifier::Settings::save() const
{
    QSettings s;
    s.setValue(QStringLiteral("notify/tray"), tray);
    s.setValue(QStringLiteral("notify/popups"), popups);
    s.setValue(QStringLiteral("notify/sound"), sound);
    s.setValue(QStringLiteral("notify/ackWarningMinutes"), ackWarningMinutes);
}

Notifier::Notifier(const Clock &clock, QWidget *window)
    : QObject(window), m_clock(&clock), m_window(window), m_deadlines(new QTimer(this))
{
    m_deadlines->setInterval(15'000);
    connect(m_deadlines, &QTimer::timeout, this, &Notifier::checkDeadlines);
    m_deadlines->start();
    setSettings(Settings::load());
}

Notifier::~Notifier() = default;

void Notifier::setSettings(const Settings &settings)
{
    m_settings = settings;
    if (m_settings.tray && QSystemTrayIcon::isSystemTrayAvailable() && !m_tray) {
        m_tray = new QSystemTrayIcon(this);
        connect(m_tray, &QSystemTrayIcon::activated, this, [this] {
            m_window->showNormal();
            m_window->raise();
            m_window->activateWindow();
        });
    }
    if (m_tray)
        m_tray->setVisible(m_settings.tray);
    updateTray();
}

void Notifier::alertsChanged(const QList<Alert> &changed, bool initial)
{
    for (const Alert &a : changed) {
        const bool fresh = !m_seen.contains(a.id);
        m_seen.insert(a.id);
        if (a.isOpen())
            m_open.insert(a.id, a);
        else
            m_open.remove(a.id);
        if (initial || !fresh || !a.isOpen() || !a.silencedBy.isEmpty() ||
            a.severity == Severity::Medium)
            continue;
        notify(tr("%1 alert: %2").arg(severityName(a.severity).toUpper(), a.title),
               a.customerId.isEmpty()
                   ? a.pipelineId
                   : tr("%1 · customer %2 ($%3/mo)").arg(a.pipelineId, a.customerId).arg(a.revenue),
               a.severity == Severity::Critical);
    }
    updateTray();
}

void Notifier::checkDeadlines()
{
    const TimestampNs now = m_clock->now();
    const qint64 warning = static_cast<qint64>(m_settings.ackWarningMinutes) * 60 * nanosPerSecond;
    for (const Alert &a : std::as_const(m_open)) {
        if (a.state != AlertState::Triggered || !a.silencedBy.isEmpty() || m_warned.contains(a.id))
            continue;
        if (a.ackBy - now <= warning && a.ackBy > now) {
            m_warned.insert(a.id);
            notify(tr("Acknowledge soon: %1").arg(a.title),
                   tr("The acknowledgement deadline passes in %n minute(s).", nullptr,
                      static_cast<int>((a.ackBy - now) / (60 * nanosPerSecond)) + 1),
                   a.severity == Severity::Critical);
        }
    }
}

int Notifier::openCritical() const
{
    int n = 0;
    for (const Alert &a : m_open)
        n += a.severity == Severity::Critical && a.state != AlertState::Snoozed;
    return n;
}

void Notifier::notify(const QString &title, const QString &message, bool critical)
{
    if (!m_settings.popups)
        return;
    emit notified(title, message);
    if (m_tray && m_tray->isVisible())
        m_tray->showMessage(title, message,
                            critical ? QSystemTrayIcon::Critical : QSystemTrayIcon::Warning,
                            15'000);
    // Where there is no tray, the taskbar entry asks for attention instead.
    QApplication::alert(m_window);
    if (m_settings.sound)
        QApplication::beep();
}

void Notifier::updateTray()
{
    if (!m_tray)
        return;
    const int critical = openCritical();
    QPixmap pixmap = QIcon(QStringLiteral(":/icons/watchkeeper.svg")).pixmap(64, 64);
    if (critical > 0) {
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        p.setBrush(SeverityStyle::colour(Severity::Critical, false));
        p.setPen(Qt::NoPen);
        p.drawEllipse(QRect(28, 0, 36, 36));
        p.setPen(Qt::white);
        QFont f = p.font();
        f.setBold(true);
        f.setPixelSize(critical > 9 ? 18 : 24);
        p.setFont(f);
        p.drawText(QRect(28, 0, 36, 36), Qt::AlignCenter,
                   critical > 99 ? QStringLiteral("99+") : QString::number(critical));
    }
    m_tray->setIcon(QIcon(pixmap));
    m_tray->setToolTip(critical > 0
                           ? tr("Watchkeeper: %n open critical alert(s)", nullptr, critical)
                           : tr("Watchkeeper: no open critical alerts"));
}

} // namespace wk
