#pragma once

#include "domain/event.h"
#include "domain/workspace.h"

#include <QString>

namespace wk::test {

// The bundled demo workspace, as most tests start from it. A demo that does not load
// stops the test at once, naming every problem.
QString demoPath();
Workspace demoWorkspace();
// The demo's people, pipelines and sources with these rules (YAML list items) instead of its own.
Workspace demoWorkspaceWithRules(const QString &rulesYaml);
// Gives the demo's sources something quiet to read in dir: an event file holding only its
// header, and dbt run results without a result, so that a console started there reports
// no failing source.
void writeQuietDemoSources(const QString &dir);
// n "time out" errors of one user on the demo's app-errors source, a second apart from at:
// five make a burst for the demo's rules.
QList<Event> errorBurst(const QString &user, TimestampNs at, int n = 5);

} // namespace wk::test
