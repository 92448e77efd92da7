#pragma once

#include "report/handoffreport.h"

#include <QString>

namespace wk {

// Prints the handoff report to an A4 PDF through Qt's text layout. Needs a QGuiApplication
// (the offscreen platform is enough), for fonts.
class HandoffPdf
{
public:
    static bool write(const HandoffReport &report, const QString &path, QString *error);
};

} // namespace wk
