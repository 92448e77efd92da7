#pragma once

#include <QStringList>

// Headless commands that live in files of their own; each takes its arguments (the first
// being "watchkeeper NAME") and returns a cli::ExitCode.
namespace wk::cli {

// notify test --workspace W --person ID --via email: one test message, exit 0 once accepted.
int notify(const QStringList &arguments);
// deliveries [--since WHEN] [--alert ID] [--format table|csv|json]: the stored pages.
int deliveries(const QStringList &arguments);

} // namespace wk::cli
