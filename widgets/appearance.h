#pragma once

#include <QPalette>
#include <QProcessEnvironment>
#include <QString>

#include <functional>

namespace wk {

// The console follows the desktop's light or dark choice. Qt 6.4 does not read GNOME's
// colour scheme by itself, so this asks the way GNOME apps are told: GTK_THEME, then
// gsettings' color-scheme, then whatever palette the platform theme gave.
class Appearance
{
public:
    // readSetting answers `gsettings get org.gnome.desktop.interface color-scheme`.
    static bool desktopPrefersDark(const QProcessEnvironment &env,
                                   const std::function<QString()> &readSetting,
                                   const QPalette &platform);
    static bool desktopPrefersDark();
    // A dark palette whose text reads at 7:1 or better on its bases.
    static QPalette darkPalette();
    // Switches the application to the dark palette when the desktop prefers it.
    static void followDesktop();

    // WCAG's contrast ratio of two colours, 1 to 21.
    static double contrast(const QColor &a, const QColor &b);
};

} // namespace wk
