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

} // namespace wk::test
