#!/usr/bin/env bash
# Holds N idle, authenticated WebSocket connections to a syncbench server started here, and prints
# what each costs the server (heap after a full GC, resident memory, threads, file descriptors),
# then whether every connection still answers a PING within 5 s.
#
#   scripts/idle-connections.sh <connections> -- <server command ...>
#
# The server command must print PORT=<n> on stdout once listening and find its JWT secret in the
# environment. Each connection takes a file descriptor in the server and one here (limit: ulimit -n).
# Example:
#   STORAGE_BACKEND=memory JWT_SECRET=test-e2e-secret scripts/idle-connections.sh 10000 -- java -Xmx4g -jar server/target/syncbench-server.jar --port 0
set -euo pipefail

if [[ $# -lt 3 || "$2" != "--" ]]; then
  sed -n '2,11p' "$0" >&2
  exit 2
fi
connections=$1
shift 2
needed=$((connections + 200))
if [[ $(ulimit -n) -lt $needed ]]; then
  ulimit -n "$needed" 2>/dev/null || { echo "idle-connections: needs ulimit -n >= $needed (hard limit $(ulimit -Hn))" >&2; exit 2; }
fi

here="$(cd "$(dirname "$0")" && pwd)"
jdk="${JAVA_HOME:+$JAVA_HOME/bin/}"
work=$(mktemp -d)
server_pid="" client_pid=""
cleanup() {
  [[ -n "$client_pid" ]] && kill "$client_pid" 2>/dev/null || true
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null || true
  exec 3>&- 2>/dev/null || true
}
trap cleanup EXIT

"$@" >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
for _ in $(seq 100); do
  grep -q '^PORT=' "$work/server.out" 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { echo "idle-connections: the server exited:" >&2; cat "$work/server.err" >&2; exit 1; }
  sleep 0.1
done
port=$(grep -m1 '^PORT=' "$work/server.out" | cut -d= -f2)
[[ -n "$port" ]] || { echo "idle-connections: the server printed no PORT= line" >&2; exit 1; }

# heap in KiB after a full GC, resident KiB, threads, file descriptors
measure() {
  "${jdk}jcmd" "$server_pid" GC.run >/dev/null
  local heap
  heap=$("${jdk}jcmd" "$server_pid" GC.heap_info | sed -n 's/.* used \([0-9]*\)K.*/\1/p' | head -1)
  echo "$heap $(awk '/^VmRSS/ {print $2}' "/proc/$server_pid/status") $(ls "/proc/$server_pid/task" | wc -l) $(ls "/proc/$server_pid/fd" | wc -l)"
}

sleep 2
read -r heap0 rss0 threads0 fds0 <<<"$(measure)"
mkfifo "$work/go"
"${jdk}java" "$here/IdleConnections.java" "$port" "$connections" "${JWT_SECRET:-test-e2e-secret}" <"$work/go" >"$work/client.out" &
client_pid=$!
exec 3>"$work/go"
until grep -q '^CONNECTED' "$work/client.out" 2>/dev/null; do
  kill -0 "$client_pid" 2>/dev/null || { echo "idle-connections: the client failed" >&2; exit 1; }
  sleep 1
done
sleep 3
read -r heap1 rss1 threads1 fds1 <<<"$(measure)"

echo "idle-connections: $connections connections open and authenticated"
printf 'heap after GC:   %8d KiB -> %8d KiB  (%.1f KiB per connection)\n' "$heap0" "$heap1" "$(echo "($heap1 - $heap0) / $connections" | bc -l)"
printf 'resident memory: %8d KiB -> %8d KiB  (%.1f KiB per connection)\n' "$rss0" "$rss1" "$(echo "($rss1 - $rss0) / $connections" | bc -l)"
echo "threads:         $threads0 -> $threads1"
echo "file descriptors: $fds0 -> $fds1"
echo >&3
wait "$client_pid"
client_pid=""
sed -n 's/^PONGS/PING answered:/p' "$work/client.out"
