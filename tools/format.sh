#!/usr/bin/env bash
# Formats every C++ source of the project with clang-format (the style is .clang-format).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
git ls-files -co --exclude-standard -- '*.cpp' '*.h' | xargs clang-format -i
