#!/usr/bin/env bash
# Runs one libFuzzer target (or "all", one after another) for SECONDS each.
#   tools/fuzz.sh TARGET SECONDS      e.g. tools/fuzz.sh icalendar 600
# Targets: timestamp eventfile csvquickscan workspace icalendar alertmanager pagerduty dbt.
# Builds them with clang-14, AddressSanitizer and UndefinedBehaviorSanitizer in build-fuzz/.
# The corpus grows in build-fuzz/corpus/TARGET from the seeds listed in fuzz/seeds.txt; a
# crash, hang (over 10 s for one input) or sanitizer report is written to
# tests/data/fuzz/TARGET/ - where it stays as a regression input replayed by the test suite -
# and fails the run.
set -euo pipefail
WK_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TARGETS=(timestamp eventfile csvquickscan workspace icalendar alertmanager pagerduty dbt)

if [ $# -ne 2 ] || ! [[ $2 =~ ^[0-9]+$ ]]; then
  echo "usage: tools/fuzz.sh TARGET|all SECONDS  (targets: ${TARGETS[*]})" >&2
  exit 2
fi
if [ "$1" = all ]; then
  selected=("${TARGETS[@]}")
elif [[ " ${TARGETS[*]} " == *" $1 "* ]]; then
  selected=("$1")
else
  echo "tools/fuzz.sh: no fuzz target '$1' (targets: ${TARGETS[*]})" >&2
  exit 2
fi
seconds=$2

source "$WK_ROOT/tools/deps.sh"
WK_PACKAGES+=(clang-14 libclang-rt-14-dev libfuzzer-14-dev)
wk_install_missing
build="$WK_ROOT/build-fuzz"
CC=clang-14 CXX=clang++-14 cmake -S "$WK_ROOT" -B "$build" -G Ninja \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWK_FUZZ=ON -DWK_BUILD_TESTS=OFF -DWK_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" --parallel --target "${selected[@]/#/fuzz_}"

export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1
export QT_QPA_PLATFORM=offscreen
status=0
for target in "${selected[@]}"; do
  corpus="$build/corpus/$target"
  artifacts="$WK_ROOT/tests/data/fuzz/$target"
  mkdir -p "$corpus" "$artifacts"
  seeds=("$artifacts")
  while read -r name path; do
    [ "$name" = "$target" ] || continue
    # libFuzzer takes folders only: a single seed file joins the working corpus.
    if [ -d "$WK_ROOT/$path" ]; then seeds+=("$WK_ROOT/$path"); else cp "$WK_ROOT/$path" "$corpus/"; fi
  done < <(grep -E '^[a-z]' "$WK_ROOT/fuzz/seeds.txt")
  echo "== fuzz_$target for ${seconds}s (seeds: ${seeds[*]#"$WK_ROOT/"})"
  # -max_len keeps mutations small enough to be fast; big real files still run as seeds.
  if ! "$build/fuzz/fuzz_$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -max_len=65536 -print_final_stats=1 -artifact_prefix="$artifacts/" \
      "$corpus" "${seeds[@]}" 2>"$build/fuzz-$target.log"; then
    tail -n 40 "$build/fuzz-$target.log" >&2
    echo "fuzz_$target FOUND A PROBLEM: see $build/fuzz-$target.log; the input is in ${artifacts#"$WK_ROOT/"}/" >&2
    status=1
  fi
  grep -E '^(stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)|Done )' \
    "$build/fuzz-$target.log" || true
done
exit $status
