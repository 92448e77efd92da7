#pragma once

#include "domain/workspace.h"

#include <QString>

namespace wk::test {

// The bundled demo workspace, as most tests start from it. A demo that does not load
// stops the test at once, naming every problem.
QString demoPath();
Workspace demoWorkspace();
// The demo's people, pipelines and sources with these rules (YAML list items) instead of its own.
Workspace demoWorkspaceWithRules(const QString &rulesYaml);
// Gives the demo's event file source a file in dir, holding only its header, so that a
// console started there follows it instead of reporting a missing file.
void writeEmptyDemoEvents(const QString &dir);

} // namespace wk::test
