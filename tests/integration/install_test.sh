#!/usr/bin/env bash
# Installs the build into a scratch prefix and checks what a package would carry.
# usage: install_test.sh BUILD_DIR
set -euo pipefail
build=$1
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null
fail=0
for f in bin/watchkeeper \
         share/applications/io.github.watchkeeper.Watchkeeper.desktop \
         share/metainfo/io.github.watchkeeper.Watchkeeper.metainfo.xml \
         share/icons/hicolor/scalable/apps/io.github.watchkeeper.Watchkeeper.svg \
         share/watchkeeper/demo/workspace.yaml; do
  if [ ! -s "$prefix/$f" ]; then echo "missing from the install: $f"; fail=1; fi
done
desktop="$prefix/share/applications/io.github.watchkeeper.Watchkeeper.desktop"
grep -q '^Exec=watchkeeper' "$desktop" || { echo "desktop entry does not start watchkeeper"; fail=1; }
grep -q '^Icon=io.github.watchkeeper.Watchkeeper$' "$desktop" || { echo "desktop entry names another icon"; fail=1; }
grep -q '<launchable type="desktop-id">io.github.watchkeeper.Watchkeeper.desktop</launchable>' \
  "$prefix/share/metainfo/io.github.watchkeeper.Watchkeeper.metainfo.xml" || { echo "metainfo launches another desktop id"; fail=1; }
grep -q '<svg' "$prefix/share/icons/hicolor/scalable/apps/io.github.watchkeeper.Watchkeeper.svg" || { echo "icon is not SVG"; fail=1; }
# The installed binary runs headless and reads the installed demo workspace.
"$prefix/bin/watchkeeper" validate "$prefix/share/watchkeeper/demo/workspace.yaml" >/dev/null || fail=1
[ $fail = 0 ] && echo "install layout ok"
exit $fail
