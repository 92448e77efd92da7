#include "appearance.h"

#include <QApplication>
#include <QProcess>
#include <QStyleFactory>

#include <cmath>

namespace wk {

namespace {

double luminance(const QColor &c)
{
    auto channel = [](double v) {
        return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
}

} // namespace

double Appearance::contrast(const QColor &a, const QColor &b)
{
    const double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

bool Appearance::desktopPrefersDark(const QProcessEnvironment &env,
                                    const std::function<QString()> &readSetting,
                                    const QPalette &platform)
{
    const QString theme = env.value(QStringLiteral("GTK_THEME"));
    if (!theme.isEmpty())
        return theme.endsWith(QLatin1String(":dark"), Qt::CaseInsensitive);
    const QString scheme = readSetting ? readSetting() : QString();
    if (scheme.contains(QLatin1String("prefer-dark")))
        return true;
    if (scheme.contains(QLatin1String("prefer-light")) || scheme.contains(QLatin1String("default")))
        return false;
    return platform.color(QPalette::Window).lightness() < 128;
}

bool Appearance::desktopPrefersDark()
{
    return desktopPrefersDark(
        QProcessEnvironment::systemEnvironment(),
        [] {
            QProcess gsettings;
            gsettings.start(QStringLiteral("gsettings"),
                            {QStringLiteral("get"), QStringLiteral("org.gnome.desktop.interface"),
                             QStringLiteral("color-scheme")});
            // A desktop without gsettings answers at once; one that hangs is not waited for.
            if (!gsettings.waitForFinished(500)) {
                gsettings.kill();
                gsettings.waitForFinished(100);
                return QString();
            }
            return QString::fromUtf8(gsettings.readAllStandardOutput());
        },
        QApplication::palette());
}

QPalette Appearance::darkPalette()
{
    QPalette p;
    const QColor window(0x2b, 0x2d, 0x30), base(0x1e, 0x1f, 0x22), text(0xe8, 0xe8, 0xea);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x26, 0x28, 0x2b));
    p.setColor(QPalette::ToolTipBase, window);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9c, 0xa1));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Highlight, QColor(0x2f, 0x6f, 0xb5));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x7a, 0xb7, 0xff));
    p.setColor(QPalette::LinkVisited, QColor(0xb8, 0x9c, 0xff));
    p.setColor(QPalette::Light, QColor(0x45, 0x48, 0x4d));
    p.setColor(QPalette::Midlight, QColor(0x38, 0x3a, 0x3e));
    p.setColor(QPalette::Mid, QColor(0x24, 0x25, 0x28));
    p.setColor(QPalette::Dark, QColor(0x15, 0x16, 0x18));
    p.setColor(QPalette::Shadow, Qt::black);
    for (const auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, QColor(0x7c, 0x7e, 0x83));
    return p;
}

void Appearance::followDesktop()
{
    if (!desktopPrefersDark())
        return;
    // Fusion draws with the palette it is given; native styles may not.
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QApplication::setPalette(darkPalette());
}

} // namespace wk
