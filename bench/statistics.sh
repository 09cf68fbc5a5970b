#!/usr/bin/env bash
# Statistics at national scale: loads the synthetic scenario (bench/synthetic/national-scenario.sql, ~3 million
# coverage rows, labelled synthetic) into a database of its own on a PostgreSQL server with normal settings (by
# default the local service on 127.0.0.1:5432; PGHOST, PGPORT, PGUSER to change; needs a superuser for the bulk
# load), starts the packaged jar against it, and measures the coordinators' reports with 8 concurrent clients.
#
#   bench/statistics.sh            # CLIENTS, SECONDS_PER_OPERATION, WARMUP tune the run; KEEP_DB=1 keeps the database
set -euo pipefail
cd "$(dirname "$0")/.."
PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
DB=ozg_statistics_$$
PORT=${PORT:-18083}
export PGHOST PGPORT PGUSER

[ -f target/ozg-registry-0.1.0-SNAPSHOT.jar ] || mvn -B -q package -DskipTests
psql -q -d postgres -c "create database $DB"
cleanup() {
  [ -n "${SERVER:-}" ] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null || true
  [ -n "${KEEP_DB:-}" ] || psql -q -d postgres -c "drop database if exists $DB with (force)"
}
trap cleanup EXIT

OZG_DB_MODE=external OZG_DB_HOST=$PGHOST OZG_DB_PORT=$PGPORT OZG_DB_USER=$PGUSER OZG_DB_NAME=$DB \
OZG_ILLUSTRATIVE_DATA=false PORT=$PORT OZG_REQUEST_TIMEOUT=60s \
OZG_RATE_LIMIT_PER_ADDRESS=100000000 OZG_RATE_LIMIT_PER_TOKEN=100000000 \
  java -Xmx512m -jar target/ozg-registry-0.1.0-SNAPSHOT.jar --ozg.security.generate-admin-token=false \
  > target/bench-statistics-server.log 2>&1 &
SERVER=$!
for _ in $(seq 1 120); do
  grep -q "ozg-registry is ready" target/bench-statistics-server.log 2>/dev/null && break
  kill -0 "$SERVER" 2>/dev/null || { cat target/bench-statistics-server.log; exit 1; }
  sleep 1
done
start=$(date +%s)
psql -q -d "$DB" -f bench/synthetic/national-scenario.sql | tail -3
echo "synthetic scenario loaded in $(( $(date +%s) - start )) s"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(java -version 2>&1 | head -1); $(psql -At -d postgres -c 'show server_version')"
node bench/load.mjs --suite statistics --url "http://localhost:$PORT/graphql" --clients "${CLIENTS:-8}" \
  --seconds "${SECONDS_PER_OPERATION:-20}" --warmup "${WARMUP:-10}"
