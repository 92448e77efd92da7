#!/usr/bin/env bash
# Installs what is missing, builds, and starts the console on the bundled demo workspace.
# Extra arguments go to watchkeeper, e.g. --workspace my-team.yaml.
set -euo pipefail
WK_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$WK_ROOT/tools/deps.sh"
wk_install_missing
wk_build "$WK_ROOT/build"
exec "$WK_ROOT/build/app/watchkeeper" "$@"
