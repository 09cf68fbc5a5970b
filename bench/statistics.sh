#!/usr/bin/env bash
# Statistics at national scale: loads the synthetic scenario (bench/synthetic/national-scenario.sql, ~3 million
# coverage rows, labelled synthetic; needs a superuser for the bulk load) into the benchmark database (see
# bench/server.sh) and measures the coordinators' reports with 8 concurrent clients.
#
#   bench/statistics.sh           # CLIENTS, SECONDS_PER_OPERATION, WARMUP tune the run; KEEP_DB=1 keeps the database
#
# The response cache is off unless OZG_RESPONSE_CACHE_MB is set: every request runs its SQL (and the bulk load, which
# bypasses the registry, happens after the server started).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/server.sh
start_server "ozg_statistics_$$" "${PORT:-18083}" target/bench-statistics-server.log \
  OZG_ILLUSTRATIVE_DATA=false OZG_REQUEST_TIMEOUT=60s OZG_RESPONSE_CACHE_MB="${OZG_RESPONSE_CACHE_MB:-0}"
start=$(date +%s)
psql -q -d "$BENCH_DB" -f bench/synthetic/national-scenario.sql | tail -3
echo "synthetic scenario loaded in $(( $(date +%s) - start )) s"
node bench/load.mjs --suite statistics --url "http://localhost:$BENCH_PORT/graphql" --clients "${CLIENTS:-8}" \
  --seconds "${SECONDS_PER_OPERATION:-20}" --warmup "${WARMUP:-10}"
