#include "texttable.h"

#include <algorithm>

namespace wk {

QString TextTable::render(const QStringList &header, const QList<QStringList> &rows,
                          const QList<int> &rightAligned)
{
    QList<qsizetype> width(header.size(), 0);
    auto measure = [&](const QStringList &line) {
        for (qsizetype c = 0; c < line.size() && c < width.size(); ++c)
            width[c] = std::max(width[c], line[c].size());
    };
    measure(header);
    for (const QStringList &line : rows)
        measure(line);
    QString out;
    auto print = [&](const QStringList &line) {
        QString text;
        for (qsizetype c = 0; c < line.size() && c < width.size(); ++c) {
            text += rightAligned.contains(static_cast<int>(c)) ? line[c].rightJustified(width[c])
                                                               : line[c].leftJustified(width[c]);
            if (c + 1 < line.size())
                text += QStringLiteral("  ");
        }
        while (text.endsWith(QLatin1Char(' ')))
            text.chop(1);
        out += text + QLatin1Char('\n');
    };
    print(header);
    for (const QStringList &line : rows)
        print(line);
    return out;
}

} // namespace wk
