#!/usr/bin/env bash
# Benchmark of search, reuseOptions and gaps with 32 concurrent clients on the seed data (see bench/server.sh for
# the server and database it sets up).
#
#   bench/discovery.sh            # CLIENTS, SECONDS_PER_OPERATION, WARMUP tune the run;
#                                 # OZG_DISCOVERY_CACHE_SIZE=0 measures without the read cache
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/server.sh
start_server "ozg_bench_$$" "${PORT:-18080}" target/bench-server.log \
  OZG_DISCOVERY_CACHE_SIZE="${OZG_DISCOVERY_CACHE_SIZE:-10000}" OZG_RESPONSE_CACHE_MB="${OZG_RESPONSE_CACHE_MB:-0}"
node bench/load.mjs --suite discovery --url "http://localhost:$BENCH_PORT/graphql" --clients "${CLIENTS:-32}" \
  --seconds "${SECONDS_PER_OPERATION:-20}" --warmup "${WARMUP:-15}"
