#pragma once

#include <QString>

namespace wk {

// The alerts behind a figure, e.g. a bar of a chart: any field left empty matches all.
struct AlertSelection
{
    QString pipeline;
    int severity = -1; // Severity as int
    QString assignee;
    QString text;
    qint64 raisedFrom = 0; // [from, to) in ns; equal: any time
    qint64 raisedTo = 0;
    QString label; // says what the selection is, e.g. "raised 16–22 Nov"
};

} // namespace wk
