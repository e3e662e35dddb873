#!/usr/bin/env bash
# Runs one Gatling simulation against a server started here as a separate process, and prints how
# much CPU the server and the Gatling JVM each used while the load ran (from /proc/<pid>/stat).
#
#   scripts/cpu-split.sh <FireAndWait|FireAndForget> [-Dname=value ...] -- <server command ...>
#
# The server command must print PORT=<n> on stdout once listening (syncbench's jar and TopGun's
# binary both do) and find its JWT secret in the environment. Example:
#   JWT_SECRET=test-e2e-secret scripts/cpu-split.sh FireAndWait -- java -jar server/target/syncbench-server.jar --port 0
set -euo pipefail

if [[ $# -lt 3 ]]; then
  sed -n '2,10p' "$0" >&2
  exit 2
fi
simulation="dev.syncbench.simulations.$1Simulation"
shift
gatling_args=()
while [[ $# -gt 0 && "$1" != "--" ]]; do
  gatling_args+=("$1")
  shift
done
[[ "${1:-}" == "--" ]] || { echo "cpu-split: missing -- before the server command" >&2; exit 2; }
shift

cd "$(dirname "$0")/.."
work=$(mktemp -d)
ticks=$(getconf CLK_TCK)
server_pid=""
cleanup() { [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null || true; }
trap cleanup EXIT

"$@" >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
for _ in $(seq 100); do
  grep -q '^PORT=' "$work/server.out" 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { echo "cpu-split: the server exited:" >&2; cat "$work/server.err" >&2; exit 1; }
  sleep 0.1
done
port=$(grep -m1 '^PORT=' "$work/server.out" | cut -d= -f2)
[[ -n "$port" ]] || { echo "cpu-split: the server printed no PORT= line" >&2; exit 1; }

cpu_ticks() { [[ -n "$1" ]] && awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }

log="$work/gatling.log"
mvn -o -q gatling:test -Dgatling.simulationClass="$simulation" -Dtarget="ws://127.0.0.1:$port/ws" \
    -Djwt.secret="${JWT_SECRET:-test-e2e-secret}" "${gatling_args[@]}" >"$log" 2>&1 &
mvn_pid=$!

gatling_pid="" start_ns="" s0=0 g0=0 s1=0 g1=0 end_ns=""
while kill -0 "$mvn_pid" 2>/dev/null; do
  if [[ -z "$gatling_pid" ]]; then
    gatling_pid=$(pgrep -P "$mvn_pid" -f 'gatlingbooter' | head -1 || true)
  fi
  if [[ -z "$start_ns" && -n "$gatling_pid" ]] && grep -q 'started\.\.\.' "$log"; then
    start_ns=$(date +%s%N); s0=$(cpu_ticks "$server_pid"); g0=$(cpu_ticks "$gatling_pid")
  fi
  if [[ -n "$start_ns" && -z "$end_ns" ]] && grep -q '^=== syncbench' "$log"; then
    end_ns=$(date +%s%N); s1=$(cpu_ticks "$server_pid"); g1=$(cpu_ticks "$gatling_pid")
  fi
  sleep 0.2
done
wait "$mvn_pid" && status=0 || status=$?

sed -n '/^=== syncbench/,/^$/p' "$log"
if [[ -n "$end_ns" ]]; then
  awk -v s="$((s1 - s0))" -v g="$((g1 - g0))" -v t="$ticks" -v ns="$((end_ns - start_ns))" 'BEGIN {
    wall = ns / 1e9
    printf "cpu while loaded (%.1f s wall, 2 cores = %.1f cpu-s): server %.1f cpu-s (%.0f%% of one core), gatling %.1f cpu-s (%.0f%% of one core)\n",
      wall, 2 * wall, s / t, 100 * s / t / wall, g / t, 100 * g / t / wall }'
else
  echo "cpu-split: the run ended before its load finished; the log is in $log" >&2
fi
exit "$status"
