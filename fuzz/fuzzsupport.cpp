#include "fuzztarget.h"

#include <QCoreApplication>

namespace wk::fuzz {

void ensureApplication()
{
    if (QCoreApplication::instance())
        return;
    // QCoreApplication keeps references to argc and argv for its whole life.
    static int argc = 1;
    static char name[] = "watchkeeper-fuzz";
    static char *argv[] = {name, nullptr};
    static QCoreApplication app(argc, argv);
}

} // namespace wk::fuzz
