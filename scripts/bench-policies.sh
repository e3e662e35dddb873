#!/usr/bin/env bash
# Prints an access policies file (ACCESS_POLICIES_FILE) of N policies for the load tests: N-2 on
# other maps (allow and deny, conditions, roles), one that names a role on every map (so the
# bench map's verdict is looked up per subject), and last the one that lets the load users read
# and write the bench map.
#   scripts/bench-policies.sh 100 > target/policies-100.json
#   ACCESS_POLICIES_FILE=target/policies-100.json mvn gatling:test -Dtarget=jar ...
set -euo pipefail
n=${1:?usage: bench-policies.sh N (N >= 2)}
(( n >= 2 )) || { echo "bench-policies.sh: N must be at least 2" >&2; exit 2; }
echo '{"policies": ['
for ((i = 1; i <= n - 2; i++)); do
  case $((i % 4)) in
    0) echo "  {\"id\":\"p$i\",\"mapPattern\":\"tenant-$i.**\",\"action\":\"all\",\"effect\":\"allow\"},";;
    1) echo "  {\"id\":\"p$i\",\"mapPattern\":\"docs-$i\",\"action\":\"write\",\"effect\":\"allow\",\"conditionExpr\":\"auth.id == data.ownerId\"},";;
    2) echo "  {\"id\":\"p$i\",\"mapPattern\":\"tenant-$i.private\",\"action\":\"read\",\"effect\":\"deny\",\"roles\":[\"guest\"]},";;
    3) echo "  {\"id\":\"p$i\",\"mapPattern\":\"shared.*.m$i\",\"action\":\"write\",\"effect\":\"allow\",\"subjects\":[\"svc-$i\"]},";;
  esac
done
echo '  {"id":"suspended","mapPattern":"**","action":"write","effect":"deny","roles":["suspended"]},'
echo '  {"id":"zz-bench","mapPattern":"bench","action":"all","effect":"allow"}'
echo ']}'
