#!/usr/bin/env bash
# Write amplification (issue 13): the time of one adoption status transition (LIVE, DISCONTINUED) of a Bund-level
# and of a Land-level adoption of a solution with 3 OZG-Leistungen, on the seed data, against a PostgreSQL server with
# normal settings (see bench/server.sh). Each round publishes a fresh benchmark solution (labelled synthetic).
#
#   bench/writes.sh               # ROUNDS (default 30), WARMUP (untimed rounds first, default 20), LAND (2-digit
#                                 # code, default 03) tune the run
#   SCENARIO=national bench/writes.sh   # the same on the synthetic national scenario (loaded first, as by
#                                       # bench/statistics.sh: 27,000 adoptions in five years of history)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/server.sh
TOKEN="bench-admin-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
start_server "ozg_writes_$$" "${PORT:-18085}" target/bench-writes-server.log OZG_ADMIN_TOKEN="$TOKEN" \
  OZG_REQUEST_TIMEOUT="${OZG_REQUEST_TIMEOUT:-300s}" \
  OZG_RESPONSE_CACHE_MB=0
if [ "${SCENARIO:-seed}" = national ]; then
  start=$(date +%s)
  psql -q -d "$BENCH_DB" -f bench/synthetic/national-scenario.sql | tail -3
  echo "synthetic scenario loaded in $(( $(date +%s) - start )) s"
fi
node bench/writes.mjs --url "http://localhost:$BENCH_PORT/graphql" --token "$TOKEN" --rounds "${ROUNDS:-30}" \
  --warmup "${WARMUP:-20}" \
  --land "${LAND:-03}"
