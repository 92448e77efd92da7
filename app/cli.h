#pragma once

#include <QStringList>

namespace wk::cli {

// Exit statuses shared by every subcommand.
enum ExitCode { Ok = 0, Findings = 1, BadInput = 2, Unavailable = 3 };

// True when arguments ask for headless work (a subcommand, --help or --version), which
// must not need a display.
bool isHeadless(const QStringList &arguments);

// Runs a headless invocation; arguments include the program name.
int run(const QStringList &arguments);

} // namespace wk::cli
