#!/usr/bin/env bash
# Federation (issue 14): how long a new node takes to bootstrap from a peer holding the synthetic national scenario
# (bench/synthetic/national-scenario.sql: 1,500 solutions, 27,568 adoptions, labelled synthetic), and how soon a
# write on the peer is visible on the node in steady state (push hint; the scheduled pull is 30 s).
#
#   bench/federation.sh          # WRITES (default 30) steady-state writes; KEEP_DB=1 keeps both databases
#   SOURCE_DB=ozg_fed_source_123 bench/federation.sh   # reuses a source database a run with KEEP_DB=1 kept (loaded
#                                # and signed: skips the 3 to 4 minutes of that); the new node's database is new
#   PROFILE=1 bench/federation.sh    # also records JFR profiles of both (target/bench-federation-{source,node}.jfr)
#   LOG_STATEMENTS=40 bench/federation.sh  # the new node's statements above 40 ms go to PostgreSQL's server log
#
# Both nodes run the packaged jar against databases of their own on the machine's PostgreSQL (bench/server.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/server.sh
TOKEN="bench-admin-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
SOURCE_PORT=${SOURCE_PORT:-18086}
NODE_PORT=${NODE_PORT:-18087}
REUSED_SOURCE=${SOURCE_DB:-}
SOURCE_DB=${SOURCE_DB:-"ozg_fed_source_$$"}
NODE_DB="ozg_fed_node_$$"
common=(OZG_ADMIN_TOKEN="$TOKEN" OZG_ILLUSTRATIVE_DATA=false OZG_RESPONSE_CACHE_MB=0 OZG_REQUEST_TIMEOUT=300s
  OZG_FEDERATION_ALLOW_PRIVATE_ADDRESSES=true)
if [ -z "$REUSED_SOURCE" ]; then
  # the source: scope * (it owns everything it holds); the scenario is loaded, then the source restarts so that seeding
  # writes the change log entries of the loaded records (its feed)
  start_server "$SOURCE_DB" "$SOURCE_PORT" target/bench-federation-source.log "${common[@]}" OZG_NODE_ID=source \
    OZG_FEDERATION_BASE_URL="http://localhost:$SOURCE_PORT"
  SOURCE_SERVER=$BENCH_SERVER
  start=$(date +%s)
  psql -q -d "$SOURCE_DB" -f bench/synthetic/national-scenario.sql | tail -1
  echo "synthetic scenario loaded in $(( $(date +%s) - start )) s"
  kill "$SOURCE_SERVER"; wait "$SOURCE_SERVER" 2>/dev/null || true
else
  mvn -B -q package -DskipTests
  echo "reusing the source database $SOURCE_DB (loaded and signed by an earlier run)"
fi
psql -q -d postgres -c "create database $NODE_DB"
[ -z "${LOG_STATEMENTS:-}" ] || psql -q -d postgres -c "alter database $NODE_DB set log_min_duration_statement = $LOG_STATEMENTS"
cleanup() {
  kill "${SOURCE_SERVER:-}" "${NODE_SERVER:-}" 2>/dev/null || true
  wait 2>/dev/null || true
  if [ -z "${KEEP_DB:-}" ]; then
    [ -n "$REUSED_SOURCE" ] || psql -q -d postgres -c "drop database if exists $SOURCE_DB with (force)"
    psql -q -d postgres -c "drop database if exists $NODE_DB with (force)"
  fi
}
trap cleanup EXIT
run() {  # <log> <db> <port> <env...>
  local log=$1 db=$2 port=$3
  shift 3
  env OZG_DB_MODE=external OZG_DB_HOST="$PGHOST" OZG_DB_PORT="$PGPORT" OZG_DB_USER="$PGUSER" OZG_DB_NAME="$db" \
    PORT="$port" OZG_RATE_LIMIT_PER_ADDRESS=100000000 OZG_RATE_LIMIT_PER_TOKEN=100000000 \
    OZG_WORK_BUDGET_PER_ADDRESS=1000000000000 OZG_WORK_BUDGET_PER_TOKEN=1000000000000 "${common[@]}" "$@" \
    java -Xmx512m -jar target/ozg-registry-0.1.0-SNAPSHOT.jar --ozg.security.generate-admin-token=false > "$log" 2>&1 &
  echo $!
}
ready() {
  for _ in $(seq 1 600); do grep -q "ozg-registry is ready" "$1" && return 0; sleep 1; done
  echo "not ready: $1"; exit 1
}
profile() {  # <name>: the JVM option recording its profile, if PROFILE is set
  [ -z "${PROFILE:-}" ] || echo "JAVA_TOOL_OPTIONS=-XX:StartFlightRecording=filename=target/bench-federation-$1.jfr,settings=profile,dumponexit=true"
}
SOURCE_SERVER=$(run target/bench-federation-source.log "$SOURCE_DB" "$SOURCE_PORT" $(profile source) OZG_NODE_ID=source \
  OZG_FEDERATION_BASE_URL="http://localhost:$SOURCE_PORT")
ready target/bench-federation-source.log
entries=$(psql -At -d "$SOURCE_DB" -c "select count(*) from change_log where registry_node_id = 'source'
  and entity_type in ('ORGANIZATION', 'SOLUTION', 'ADOPTION', 'CONFIRMATION')")
echo "source ready: $entries entries in its feed"
# a node in steady state has signed its entries as they came (once each, soon after commit); the scenario's 40,000
# arrive at once, so wait until the source has signed them
start=$(date +%s)
until [ "$(psql -At -d "$SOURCE_DB" -c "select count(*) from change_log c where registry_node_id = 'source'
  and entity_type in ('ORGANIZATION', 'SOLUTION', 'ADOPTION', 'CONFIRMATION')
  and not exists (select 1 from change_signature s where s.seq = c.seq)")" = 0 ]; do sleep 1; done
echo "source signed its feed in $(( $(date +%s) - start )) s (once; not part of the bootstrap)"
# the new node: authoritative for nothing of the scenario (a made-up organization ID), pulling from the source
NODE_SERVER=$(run target/bench-federation-node.log "$NODE_DB" "$NODE_PORT" $(profile node) OZG_NODE_ID=node \
  OZG_FEDERATION_BASE_URL="http://localhost:$NODE_PORT" OZG_FEDERATION_SCOPE=00000000-0000-0000-0000-000000000001 \
  OZG_FEDERATION_PEERS_0_NODE_ID=source OZG_FEDERATION_PEERS_0_URL="http://localhost:$SOURCE_PORT")
ready target/bench-federation-node.log
node bench/federation.mjs --source "http://localhost:$SOURCE_PORT/graphql" --node "http://localhost:$NODE_PORT/graphql" \
  --token "$TOKEN" --entries "$entries" --writes "${WRITES:-30}"
