#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace wk {

// Plain-text tables for terminals: columns padded to their widest cell, two spaces apart.
class TextTable
{
public:
    // rightAligned lists the columns (by index) whose cells align right, e.g. counts.
    static QString render(const QStringList &header, const QList<QStringList> &rows,
                          const QList<int> &rightAligned = {});
};

} // namespace wk
