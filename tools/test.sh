#!/usr/bin/env bash
# Installs what is missing, builds with warnings as errors, and runs the whole test suite
# (ctest starts and stops its own PostgreSQL server on 127.0.0.1 for the storage tests).
set -euo pipefail
WK_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$WK_ROOT/tools/deps.sh"
wk_install_missing
if [ "${1:-}" = "--sanitize" ]; then
  # AddressSanitizer and UndefinedBehaviorSanitizer over the whole suite, in a build of its
  # own. Leak reports are off: Qt and fontconfig keep caches until exit by design.
  wk_build "$WK_ROOT/build-asan" "${WK_TEST_CONFIG[@]}" -DWK_SANITIZE=ON -DWK_BUILD_BENCH=OFF
  ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
    QT_QPA_PLATFORM=offscreen ctest --test-dir "$WK_ROOT/build-asan" --output-on-failure --parallel 2
  exit
fi
wk_build "$WK_ROOT/build-test" "${WK_TEST_CONFIG[@]}"
QT_QPA_PLATFORM=offscreen ctest --test-dir "$WK_ROOT/build-test" --output-on-failure --parallel 2
