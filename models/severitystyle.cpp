#include "severitystyle.h"

#include <QGuiApplication>
#include <QPainter>
#include <QPalette>
#include <QPixmap>
#include <QPolygonF>

namespace wk {

namespace {

bool darkBase()
{
    // Models also serve tools and tests without a GUI application, and so no palette.
    if (!qobject_cast<QGuiApplication *>(QCoreApplication::instance()))
        return false;
    return QGuiApplication::palette().color(QPalette::Base).lightness() < 128;
}

} // namespace

QColor SeverityStyle::colour(Severity s, bool onDark)
{
    // Deeper on light bases, lighter on dark ones: 3:1 or better against either, so a
    // severity's word and shape read in both palettes.
    switch (s) {
    case Severity::Critical:
        return onDark ? QColor(0xff, 0x6b, 0x6b) : QColor(0xc6, 0x28, 0x28);
    case Severity::High:
        return onDark ? QColor(0xf5, 0xa6, 0x3c) : QColor(0xa8, 0x58, 0x00);
    case Severity::Medium:
        return onDark ? QColor(0x6c, 0xb2, 0xf0) : QColor(0x1f, 0x6f, 0xb8);
    }
    return {};
}

QColor SeverityStyle::colour(Severity s)
{
    return colour(s, darkBase());
}

// A filled shape per severity, distinct in form as well as colour: circle, diamond, square.
QIcon SeverityStyle::icon(Severity s)
{
    static QIcon icons[2][3];
    const bool dark = darkBase();
    QIcon &icon = icons[dark ? 1 : 0][static_cast<int>(s)];
    if (icon.isNull()) {
        QPixmap pixmap(16, 16);
        pixmap.fill(Qt::transparent);
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(QPen(QColor(0, 0, 0, 90), 1));
        p.setBrush(colour(s));
        if (s == wk::Severity::Critical)
            p.drawEllipse(QRectF(2, 2, 12, 12));
        else if (s == wk::Severity::High)
            p.drawPolygon(
                QPolygonF({QPointF(8, 1.5), QPointF(14.5, 8), QPointF(8, 14.5), QPointF(1.5, 8)}));
        else
            p.drawRect(QRectF(3, 3, 10, 10));
        icon = QIcon(pixmap);
    }
    return icon;
}

} // namespace wk
