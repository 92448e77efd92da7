#pragma once

#include <QList>
#include <QString>

namespace wk {

// One problem found in an input file, located precisely enough to fix it by hand.
struct Diagnostic
{
    QString file;
    int line = 0;   // 1-based; 0 when the problem is about the file as a whole
    int column = 0; // 1-based; 0 when unknown
    QString message;
    bool warning = false; // something was skipped, but what was read can be used

    // "file:line:column: message", the format editors and compilers use.
    QString toString() const;
    bool operator==(const Diagnostic &) const = default;
};

QString formatDiagnostics(const QList<Diagnostic> &diagnostics);

} // namespace wk
