#pragma once

#include "domain/severity.h"

#include <QColor>
#include <QIcon>

namespace wk {

// The shape and colour a severity has everywhere in the console: the alert list, the
// summary strip, the charts, the details and the tray. Colours follow the application's
// palette; onDark picks them for a dark base. Critical's colour also marks what is failing
// (a source, a contact method).
class SeverityStyle
{
public:
    static QIcon icon(Severity s);
    static QColor colour(Severity s);
    static QColor colour(Severity s, bool onDark);
};

} // namespace wk
