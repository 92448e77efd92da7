#!/usr/bin/env bash
# Installs the Debian 12 packages Watchkeeper needs that are not installed yet.
# Sourced by run-demo.sh and test.sh; uses sudo only when not already root.
set -euo pipefail

WK_PACKAGES=(
  cmake ninja-build g++ pkg-config
  qt6-base-dev qt6-base-dev-tools qt6-charts-dev libqt6opengl6-dev
  libqt6sql6-sqlite libqt6sql6-psql libgl-dev
  qt6-httpserver-dev qt6-websockets-dev
  libyaml-cpp-dev libical-dev qtkeychain-qt6-dev libxgboost-dev
  prometheus-alertmanager gnome-keyring dbus-daemon
  postgresql sqlite3 libsqlite3-dev
  libcurl4-openssl-dev python3-aiosmtpd openssl
  chromium chromium-driver
)

wk_install_missing() {
  local missing=()
  for p in "${WK_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$p")
    fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=()
  [ "$(id -u)" = 0 ] || sudo=(sudo)
  echo "Installing: ${missing[*]}"
  "${sudo[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# How the test suite's builds are configured (tools/test.sh, tools/lint.sh). The project's
# libraries are shared there: ninety test executables then load one copy of the core instead
# of each carrying its own, which keeps a sanitized build to a few gigabytes, not twelve.
WK_TEST_CONFIG=(-DWK_WERROR=ON -DBUILD_SHARED_LIBS=ON)

wk_build() {
  local dir=$1
  shift
  cmake -S "$WK_ROOT" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_EXPORT_COMPILE_COMMANDS=ON "$@"
  cmake --build "$dir" --parallel
}
