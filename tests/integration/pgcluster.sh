#!/usr/bin/env bash
# Starts or stops the test suite's own PostgreSQL server, from Debian's postgresql package.
# usage: pgcluster.sh start|stop DIR PORT
set -euo pipefail
action=$1 dir=$2 port=$3

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "pgcluster: PostgreSQL server binaries not found; install Debian's 'postgresql' package" >&2
  exit 1
fi

# PostgreSQL refuses to run as root, so under root the server runs as the postgres user.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$action" in
start)
  if [ -d "$dir/data" ]; then
    as_owner "$bindir/pg_ctl" -D "$dir/data" stop -m immediate >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  mkdir -p "$dir"
  if [ "$(id -u)" = 0 ]; then chown postgres: "$dir"; fi
  as_owner "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; exit 1; }
  # One login must prove a password, so that the probe tests show the keychain's is used.
  sed -i '1i host all wk_probe 127.0.0.1/32 scram-sha-256' "$dir/data/pg_hba.conf"
  as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off" start ||
    { cat "$dir/server.log" >&2; exit 1; }
  echo "pgcluster: PostgreSQL running on 127.0.0.1:$port ($dir)"
  ;;
stop)
  if [ -d "$dir/data" ]; then
    as_owner "$bindir/pg_ctl" -D "$dir/data" stop -m fast -w
  fi
  rm -rf "$dir"
  ;;
*)
  echo "usage: $0 start|stop DIR PORT" >&2
  exit 2
  ;;
esac
