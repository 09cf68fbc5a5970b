#!/usr/bin/env bash
# Benchmark of search, reuseOptions and gaps with 32 concurrent clients on the seed data.
# Runs the packaged jar (java -jar, not Maven) against a PostgreSQL server with its normal settings (not the
# embedded test server): by default the local service on 127.0.0.1:5432, in a database of its own that it drops
# afterwards. Rate limits are lifted for the run (one client address sends everything).
#
#   bench/discovery.sh            # PGHOST, PGPORT, PGUSER may point elsewhere; CLIENTS, SECONDS, WARMUP tune the run
set -euo pipefail
cd "$(dirname "$0")/.."
PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
DB=ozg_bench_$$
PORT=${PORT:-18080}
export PGHOST PGPORT PGUSER

[ -f target/ozg-registry-0.1.0-SNAPSHOT.jar ] || mvn -B -q package -DskipTests
psql -q -d postgres -c "create database $DB"
cleanup() {
  [ -n "${SERVER:-}" ] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null || true
  psql -q -d postgres -c "drop database if exists $DB with (force)"
}
trap cleanup EXIT

OZG_DB_MODE=external OZG_DB_HOST=$PGHOST OZG_DB_PORT=$PGPORT OZG_DB_USER=$PGUSER OZG_DB_NAME=$DB \
OZG_SECURITY_GENERATE_ADMIN_TOKEN=false PORT=$PORT \
OZG_RATE_LIMIT_PER_ADDRESS=100000000 OZG_RATE_LIMIT_PER_TOKEN=100000000 \
  java -Xmx512m -jar target/ozg-registry-0.1.0-SNAPSHOT.jar --ozg.security.generate-admin-token=false \
  > target/bench-server.log 2>&1 &
SERVER=$!
for _ in $(seq 1 120); do
  grep -q "ozg-registry is ready" target/bench-server.log 2>/dev/null && break
  kill -0 "$SERVER" 2>/dev/null || { cat target/bench-server.log; exit 1; }
  sleep 1
done
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(java -version 2>&1 | head -1); $(psql -At -d postgres -c 'show server_version')"
node bench/load.mjs --suite discovery --url "http://localhost:$PORT/graphql" --clients "${CLIENTS:-32}" \
  --seconds "${SECONDS_PER_OPERATION:-20}" --warmup "${WARMUP:-15}"
