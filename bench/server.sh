# Shared by the benchmark scripts (sourced, not run): packages the current code (and runs a copy of the jar,
# $BENCH_JAR, so that a build during the run cannot break the running server), creates a database of its own on a
# PostgreSQL server with normal settings (by default the local service on 127.0.0.1:5432; PGHOST, PGPORT, PGUSER to
# change), starts the jar (java -jar, not Maven; BENCH_JAVA_OPTS replaces the default -Xmx512m) against it with rate
# limits and work budgets lifted (one client address sends everything), and on exit stops the server and drops the
# database (unless KEEP_DB is set).
#
#   start_server <database name> <port> <log file> [environment assignments for the server...]
PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
export PGHOST PGPORT PGUSER

start_server() {
  BENCH_DB=$1 BENCH_PORT=$2 BENCH_LOG=$3
  shift 3
  # always package: a jar left from an earlier build would measure old code
  mvn -B -q package -DskipTests
  BENCH_JAR=$(mktemp /tmp/ozg-bench-XXXXXX.jar)
  cp target/ozg-registry-0.1.0-SNAPSHOT.jar "$BENCH_JAR"
  psql -q -d postgres -c "create database $BENCH_DB"
  trap stop_server EXIT
  env OZG_DB_MODE=external OZG_DB_HOST="$PGHOST" OZG_DB_PORT="$PGPORT" OZG_DB_USER="$PGUSER" \
    OZG_DB_NAME="$BENCH_DB" PORT="$BENCH_PORT" \
    OZG_RATE_LIMIT_PER_ADDRESS=100000000 OZG_RATE_LIMIT_PER_TOKEN=100000000 \
    OZG_WORK_BUDGET_PER_ADDRESS=1000000000000 OZG_WORK_BUDGET_PER_TOKEN=1000000000000 "$@" \
    java ${BENCH_JAVA_OPTS:--Xmx512m} -jar "$BENCH_JAR" --ozg.security.generate-admin-token=false \
    > "$BENCH_LOG" 2>&1 &
  BENCH_SERVER=$!
  # seeding takes a minute on an idle machine, several on a busy one
  for _ in $(seq 1 600); do
    grep -q "ozg-registry is ready" "$BENCH_LOG" 2>/dev/null && break
    kill -0 "$BENCH_SERVER" 2>/dev/null || { cat "$BENCH_LOG"; exit 1; }
    sleep 1
  done
  grep -q "ozg-registry is ready" "$BENCH_LOG" || { echo "the server did not get ready in 600 s"; exit 1; }
  echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(java -version 2>&1 | head -1);" \
    "PostgreSQL $(psql -At -d postgres -c 'show server_version')"
}

stop_server() {
  if [ -n "${BENCH_SERVER:-}" ]; then
    kill "$BENCH_SERVER" 2>/dev/null && wait "$BENCH_SERVER" 2>/dev/null || true
  fi
  rm -f "${BENCH_JAR:-}"
  [ -n "${KEEP_DB:-}" ] || psql -q -d postgres -c "drop database if exists $BENCH_DB with (force)"
}
