#include "duration.h"

#include "timestamp.h"

#include <QRegularExpression>

#include <cmath>

namespace wk {

std::optional<qint64> parseDuration(const QString &text)
{
    static const QRegularExpression re(QStringLiteral(R"(^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$)"));
    const auto m = re.match(text);
    if (!m.hasMatch())
        return std::nullopt;
    const double value = m.captured(1).toDouble();
    double unit = 1;
    const QString u = m.captured(2);
    if (u == QLatin1String("m"))
        unit = 60;
    else if (u == QLatin1String("h"))
        unit = 3600;
    else if (u == QLatin1String("d"))
        unit = 86400;
    else if (u == QLatin1String("w"))
        unit = 7 * 86400;
    const double seconds = value * unit;
    const double whole = std::round(seconds);
    // 7.2m is 432.00000000000006 s in binary floating point; accept that, reject 0.5s.
    if (std::abs(seconds - whole) > 1e-6 || whole > 1e15)
        return std::nullopt;
    return static_cast<qint64>(whole);
}

QString formatDuration(qint64 seconds)
{
    if (seconds != 0 && seconds % 3600 == 0)
        return QStringLiteral("%1h").arg(seconds / 3600);
    if (seconds != 0 && seconds % 60 == 0)
        return QStringLiteral("%1m").arg(seconds / 60);
    return QStringLiteral("%1s").arg(seconds);
}

QString formatCountdown(qint64 nanos)
{
    const bool late = nanos < 0;
    const qint64 s = (late ? -nanos : nanos) / nanosPerSecond;
    QString text;
    if (s >= 86400)
        text = QStringLiteral("%1d %2h").arg(s / 86400).arg(s % 86400 / 3600);
    else if (s >= 3600)
        text = QStringLiteral("%1h %2m").arg(s / 3600).arg(s % 3600 / 60, 2, 10, QLatin1Char('0'));
    else
        text = QStringLiteral("%1m %2s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    return late ? QStringLiteral("%1 overdue").arg(text) : text;
}

} // namespace wk
