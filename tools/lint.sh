#!/usr/bin/env bash
# Lint: clang-format over every C++ file of the repository (a check, nothing is changed),
# then clang-tidy with the checks in .clang-tidy over the C++ sources given, or, without
# any, over those changed since BASE (default: the commit before HEAD).
#   tools/lint.sh [--base REV] [FILE.cpp ...]
# Uses build-test/compile_commands.json (tools/test.sh writes it).
set -euo pipefail
WK_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$WK_ROOT"
base=HEAD~1
if [ "${1:-}" = --base ]; then
  base=$2
  shift 2
fi

source tools/deps.sh
WK_PACKAGES+=(clang-format-14 clang-tidy-14)
wk_install_missing

mapfile -t all < <(git ls-files '*.cpp' '*.h')
if ! clang-format-14 --dry-run --Werror "${all[@]}"; then
  echo "tools/lint.sh: the files above need clang-format-14 -i" >&2
  exit 1
fi
echo "clang-format: ${#all[@]} files formatted"

if [ $# -gt 0 ]; then
  files=("$@")
else
  mapfile -t files < <(git diff --name-only --diff-filter=d "$base" -- '*.cpp' | grep -v '^tests/data/' || true)
fi
if [ ${#files[@]} -eq 0 ]; then
  echo "clang-tidy: no C++ source changed since $base"
  exit 0
fi
if [ ! -f build-test/compile_commands.json ]; then
  wk_build "$WK_ROOT/build-test" "${WK_TEST_CONFIG[@]}"
fi
echo "clang-tidy: ${files[*]}"
clang-tidy-14 -p build-test --quiet "${files[@]}"
