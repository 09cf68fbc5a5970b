#!/usr/bin/env bash
# Memory under attack (issue 11): starts the jar with -Xmx512m (see bench/server.sh), then for SECONDS_TOTAL (45) runs
# CLIENTS (32) clients of expensive but allowed queries plus ATTACKERS (4) clients sending the probe's 50-alias
# amplification document, all from one address (rate limits and the work budget lifted, the response cache off), and
# reports answers, refusals, errors and throughput (node bench/load.mjs --suite heap) and the peak heap (jstat, every
# second: eden + survivor + old generation in use) and resident memory (VmHWM) of the server.
#
#   bench/heap.sh                 # CLIENTS, ATTACKERS, SECONDS_TOTAL tune the run; BENCH_JAVA_OPTS replaces -Xmx512m;
#                                 # OZG_REQUEST_TIMEOUT=60s lets the amplification run to its end on the old code
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/server.sh
start_server "ozg_heap_$$" "${PORT:-18084}" target/bench-heap-server.log \
  OZG_RESPONSE_CACHE_MB=0 OZG_REQUEST_TIMEOUT="${OZG_REQUEST_TIMEOUT:-10s}" OZG_WORK_BUDGET_PER_ADDRESS=2000000000 OZG_WORK_BUDGET_PER_TOKEN=2000000000
samples=target/bench-heap-jstat.txt
jstat -gc "$BENCH_SERVER" 1000 > "$samples" 2>&1 &
sampler=$!
node bench/load.mjs --suite heap --url "http://localhost:$BENCH_PORT/graphql" --clients "${CLIENTS:-32}" \
  --attackers "${ATTACKERS:-4}" --seconds "${SECONDS_TOTAL:-45}" || true
sleep 1
kill "$sampler" 2>/dev/null || true
# columns S0U S1U EU OU (KB) of jstat -gc
awk 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
     $1 ~ /^[0-9.]+$/ { used = $col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"]; if (used > peak) peak = used; n++ }
     END { printf "peak heap in use: %.0f MB (of -Xmx512m; %d samples)\n", peak / 1024, n }' "$samples"
if kill -0 "$BENCH_SERVER" 2>/dev/null; then
  echo "server: alive; peak resident (VmHWM): $(awk '/VmHWM/ {printf "%.0f MB", $2 / 1024}' /proc/"$BENCH_SERVER"/status)"
else
  echo "server: DIED during the run"
fi
echo "OutOfMemoryError in the server log: $(grep -c OutOfMemoryError target/bench-heap-server.log || true)"
