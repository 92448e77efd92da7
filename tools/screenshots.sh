#!/usr/bin/env bash
# Takes the README's pictures of each page of the console on the demo workspace, under Xvfb,
# so that they show the console as it is now: docs/screenshots/<page>.png.
#   tools/screenshots.sh [seconds to let the demo run first, default 20]
# WK_BUILD_DIR picks the build to use (default: build/, as run-demo.sh makes it).
# Each picture comes from a console started afresh on an empty demo store (a private
# XDG_DATA_HOME), at 1200×760, after the demo's live feed has run for that long.
set -euo pipefail
WK_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$WK_ROOT/tools/deps.sh"
WK_PACKAGES+=(xvfb xauth)
wk_install_missing
build=${WK_BUILD_DIR:-$WK_ROOT/build}
wk_build "$build" >/dev/null

wait_s=${1:-20}
out="$WK_ROOT/docs/screenshots"
mkdir -p "$out"
pages=(alerts pipelines on-call runbooks insights handoff)
for i in "${!pages[@]}"; do
  data=$(mktemp -d)
  XDG_DATA_HOME="$data" XDG_CONFIG_HOME="$data/config" \
    xvfb-run -a -s "-screen 0 1280x800x24" \
    "$build/app/watchkeeper" --page $((i + 1)) \
    --screenshot "$out/${pages[$i]}.png" --screenshot-after "$wait_s" >/dev/null 2>&1
  rm -rf "$data"
  if [[ ! -s "$out/${pages[$i]}.png" ]]; then
    echo "screenshots: no picture of the ${pages[$i]} page" >&2
    exit 1
  fi
  echo "$out/${pages[$i]}.png"
done
