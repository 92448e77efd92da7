#include "alerttablemodel.h"
#include "appearance.h"
#include "severitystyle.h"

#include <QtTest>

using namespace wk;

class tst_Appearance : public QObject
{
    Q_OBJECT
private slots:
    void followsTheDesktopsChoice()
    {
        const QPalette light; // the platform's default, light here
        QProcessEnvironment env;
        auto answer = [](const char *text) { return [text] { return QString::fromLatin1(text); }; };
        QVERIFY(!Appearance::desktopPrefersDark(env, answer("'default'\n"), light));
        QVERIFY(Appearance::desktopPrefersDark(env, answer("'prefer-dark'\n"), light));
        // GTK_THEME decides before gsettings, as it does for GTK applications.
        env.insert(QStringLiteral("GTK_THEME"), QStringLiteral("Adwaita:dark"));
        QVERIFY(Appearance::desktopPrefersDark(env, answer("'default'"), light));
        env.insert(QStringLiteral("GTK_THEME"), QStringLiteral("Adwaita"));
        QVERIFY(!Appearance::desktopPrefersDark(env, answer("'prefer-dark'"), light));
        // Nothing said: the platform theme's palette tells.
        QVERIFY(!Appearance::desktopPrefersDark({}, {}, light));
        QVERIFY(Appearance::desktopPrefersDark({}, {}, Appearance::darkPalette()));
    }

    void everythingReadsInBothPalettes()
    {
        const QPalette dark = Appearance::darkPalette();
        QVERIFY(dark.color(QPalette::Base).lightness() < 64);
        for (auto [fg, bg] : {std::pair{QPalette::Text, QPalette::Base},
                              std::pair{QPalette::WindowText, QPalette::Window},
                              std::pair{QPalette::ButtonText, QPalette::Button},
                              std::pair{QPalette::HighlightedText, QPalette::Highlight}})
            QVERIFY2(
                Appearance::contrast(dark.color(fg), dark.color(bg)) >= 4.5,
                qPrintable(QString::number(Appearance::contrast(dark.color(fg), dark.color(bg)))));
        // Each severity's colour stands out at 3:1 (WCAG's bar for graphics and large text)
        // from the base it is drawn on, light or dark, and from the other severities' hue.
        const QColor lightBase(Qt::white), darkBase = dark.color(QPalette::Base);
        for (Severity s : allSeverities) {
            const double onLight = Appearance::contrast(SeverityStyle::colour(s, false), lightBase);
            const double onDark = Appearance::contrast(SeverityStyle::colour(s, true), darkBase);
            QVERIFY2(onLight >= 3.0, qPrintable(severityName(s) + QString::number(onLight)));
            QVERIFY2(onDark >= 3.0, qPrintable(severityName(s) + QString::number(onDark)));
        }
        for (bool onDark : {false, true}) {
            QSet<int> hues;
            for (Severity s : allSeverities)
                hues.insert(SeverityStyle::colour(s, onDark).hslHue() / 30);
            QCOMPARE(hues.size(), 3);
        }
        // The application's palette picks the variant.
        QApplication::setPalette(dark);
        QCOMPARE(SeverityStyle::colour(Severity::High),
                 SeverityStyle::colour(Severity::High, true));
        QApplication::setPalette(QPalette());
        QCOMPARE(SeverityStyle::colour(Severity::High),
                 SeverityStyle::colour(Severity::High, false));
    }
};

QTEST_MAIN(tst_Appearance)
#include "tst_appearance.moc"
