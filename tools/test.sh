#!/usr/bin/env bash
# Installs what is missing, builds with warnings as errors, and runs the whole test suite
# (ctest starts and stops its own PostgreSQL server on 127.0.0.1 for the storage tests).
set -euo pipefail
WK_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$WK_ROOT/tools/deps.sh"
wk_install_missing
wk_build "$WK_ROOT/build-test" -DWK_WERROR=ON
QT_QPA_PLATFORM=offscreen ctest --test-dir "$WK_ROOT/build-test" --output-on-failure --parallel 2
