#!/usr/bin/env bash
# HTTP caching (issue 16): what nginx (deploy/nginx/ozg-registry.conf, unchanged but for ports and paths) absorbs in
# front of two registry instances on one database, and the read throughput with and without it.
#
#   bench/http-cache.sh        # DURATION (default 15) seconds per run, CONNECTIONS (default 32); KEEP_DB=1 keeps it
#
# Packages the jar, starts two instances against one new database on the machine's PostgreSQL (bench/server.sh:
# 127.0.0.1:5432, user postgres), installs nginx-light and wrk from Debian if missing, and runs wrk with a mix of
# QUERIES (default 200) distinct anonymous queries over GET, each URL in turn, three times:
#   direct   one instance (its own response cache on, as in production)
#   proxied  nginx round robin over both instances, proxy_cache off (what two instances do without an HTTP cache)
#   cached   nginx as configured: proxy_cache honouring the registry's Cache-Control (max-age 10 s) and ETag
# and reports requests per second, latency, and for "cached" the share of requests nginx answered from its cache
# (X-Cache-Status HIT, UPDATING, REVALIDATED: the last after a bodiless 304 from the registry).
# Waits while /tmp/ozg-bench.lock exists (another benchmark) and holds /tmp/ozg-bench-caching.lock while it runs.
set -euo pipefail
cd "$(dirname "$0")/.."
while [ -e /tmp/ozg-bench.lock ]; do sleep 15; done
touch /tmp/ozg-bench-caching.lock
PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
export PGHOST PGPORT PGUSER
DURATION=${DURATION:-15} CONNECTIONS=${CONNECTIONS:-32} QUERIES=${QUERIES:-200}
PORT_A=${PORT_A:-18191} PORT_B=${PORT_B:-18192} PORT_CACHED=${PORT_CACHED:-18190} PORT_PROXIED=${PORT_PROXIED:-18189}
DB="ozg_http_cache_$$"
WORK=$(pwd)/target/bench-http-cache
cleanup() {
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  kill ${SERVER_A:-} ${SERVER_B:-} 2>/dev/null || true
  wait 2>/dev/null || true
  [ -n "${KEEP_DB:-}" ] || psql -q -d postgres -c "drop database if exists $DB with (force)" || true
  rm -f /tmp/ozg-bench-caching.lock
}
trap cleanup EXIT
command -v nginx >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light; }
command -v wrk >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk
rm -rf "$WORK" && mkdir -p "$WORK/cache" "$WORK/temp" && chmod -R 777 "$WORK"
mvn -B -q package -DskipTests
psql -q -d postgres -c "create database $DB"
run() {  # <log> <port>
  env OZG_DB_MODE=external OZG_DB_HOST="$PGHOST" OZG_DB_PORT="$PGPORT" OZG_DB_USER="$PGUSER" OZG_DB_NAME="$DB" \
    PORT="$2" OZG_ILLUSTRATIVE_DATA=false OZG_RATE_LIMIT_PER_ADDRESS=100000000 OZG_RATE_LIMIT_PER_TOKEN=100000000 \
    OZG_WORK_BUDGET_PER_ADDRESS=1000000000000 OZG_WORK_BUDGET_PER_TOKEN=1000000000000 \
    java ${BENCH_JAVA_OPTS:--Xmx512m} -jar target/ozg-registry-0.1.0-SNAPSHOT.jar \
    --ozg.security.generate-admin-token=false > "$1" 2>&1 &
  echo $!
}
ready() {
  for _ in $(seq 1 600); do grep -q "ozg-registry is ready" "$1" && return 0; sleep 1; done
  echo "not ready: $1"; tail -20 "$1"; exit 1
}
# the first instance migrates and seeds; the second finds everything in place
SERVER_A=$(run "$WORK/a.log" "$PORT_A"); ready "$WORK/a.log"
SERVER_B=$(run "$WORK/b.log" "$PORT_B"); ready "$WORK/b.log"
echo "machine: $(nproc) cores; $(java -version 2>&1 | head -1); $(nginx -v 2>&1); $(wrk -v 2>&1 | head -1 | cut -c1-20)"

# the configuration as shipped, with the bench's ports and paths
sed -e "s#/var/cache/nginx/ozg-registry#$WORK/cache#" -e "s#127.0.0.1:8081#127.0.0.1:$PORT_A#" \
  -e "s#127.0.0.1:8082#127.0.0.1:$PORT_B#" -e "s#listen 80;#listen $PORT_CACHED;#" \
  deploy/nginx/ozg-registry.conf > "$WORK/ozg-registry.conf"
cat > "$WORK/nginx.conf" <<CONF
daemon on;
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/error.log warn;
events { worker_connections 1024; }
http {
  client_body_temp_path $WORK/temp/body;
  proxy_temp_path $WORK/temp/proxy;
  log_format cache '\$upstream_cache_status \$status';
  access_log $WORK/access.log cache;
  include $WORK/ozg-registry.conf;
  # the same upstreams without the cache: what nginx adds as a plain load balancer
  server {
    listen $PORT_PROXIED;
    access_log off;
    proxy_http_version 1.1;
    proxy_set_header Connection "";
    location / { proxy_pass http://ozg_registry; }
  }
}
CONF
nginx -t -q -c "$WORK/nginx.conf" -p "$WORK"
nginx -c "$WORK/nginx.conf" -p "$WORK"

# the query mix: OZG-Leistungen with their LeiKa-Leistungen, pages of the catalogue, organizations of a Land
psql -At -d "$DB" -c "select ozg_id from ozg_service order by ozg_id limit $((QUERIES - 16))" > "$WORK/ids"
node -e '
  const fs = require("fs");
  const ids = fs.readFileSync(process.argv[1], "utf8").trim().split("\n");
  const queries = ids.map((id) => `{ozgService(ozgId:${id}){ozgId name leikaServices{key name}}}`);
  for (let land = 1; land <= 16; land++) {
    const ars = String(land).padStart(2, "0") + "0000000000";
    queries.push(`{organization(ars:"${ars}"){name children(first:20){totalCount edges{node{name ars}}}}}`);
  }
  fs.writeFileSync(process.argv[2], queries.map((q) => "/graphql?query=" + encodeURIComponent(q)).join("\n") + "\n");
' "$WORK/ids" "$WORK/paths"
cat > "$WORK/mix.lua" <<'LUA'
local paths = {}
for line in io.lines(os.getenv("PATHS")) do paths[#paths + 1] = line end
local i = math.random(#paths)
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
LUA
first=$(head -1 "$WORK/paths")
check=$(curl -s -D - -o /dev/null "http://127.0.0.1:$PORT_A$first")
echo "$check" | grep -qi '^cache-control: max-age=10, public' || { echo "no public Cache-Control: $check"; exit 1; }
etag=$(echo "$check" | awk -F': ' 'tolower($1)=="etag" {print $2}' | tr -d '\r')
revalidated=$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" "http://127.0.0.1:$PORT_CACHED$first")
echo "$(wc -l < "$WORK/paths") distinct queries; ETag $etag; If-None-Match through nginx: HTTP $revalidated"

# every query once on each instance (the registry's response caches filled), then a first round of load (JIT)
for port in "$PORT_A" "$PORT_B"; do
  while read -r path; do curl -s -o /dev/null "http://127.0.0.1:$port$path"; done < "$WORK/paths"
  PATHS="$WORK/paths" wrk -t2 -c"$CONNECTIONS" -d10s -s "$WORK/mix.lua" "http://127.0.0.1:$port" > /dev/null
done
bench() {  # <name> <port>
  PATHS="$WORK/paths" wrk -t2 -c"$CONNECTIONS" -d3s -s "$WORK/mix.lua" "http://127.0.0.1:$2" > /dev/null
  : > "$WORK/access.log"; kill -USR1 "$(cat "$WORK/nginx.pid")"; sleep 0.2
  PATHS="$WORK/paths" wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$WORK/mix.lua" \
    "http://127.0.0.1:$2" > "$WORK/$1.txt"
  rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/$1.txt")
  p50=$(awk '$1=="50%" {print $2}' "$WORK/$1.txt"); p99=$(awk '$1=="99%" {print $2}' "$WORK/$1.txt")
  non2xx=$(awk '/Non-2xx/ {print $5}' "$WORK/$1.txt")
  timeouts=$(awk '/Socket errors/ {print $NF}' "$WORK/$1.txt")
  printf '%-8s %9s req/s   p50 %8s   p99 %8s   non-2xx %s   timeouts %s   load average %s\n' "$1" "$rps" "$p50" \
    "$p99" "${non2xx:-0}" "${timeouts:-0}" "$(cut -d' ' -f1-3 /proc/loadavg)"
}
echo "wrk: 2 threads, $CONNECTIONS connections, ${DURATION} s per run"
bench direct "$PORT_A"
bench proxied "$PORT_PROXIED"
bench cached "$PORT_CACHED"
sleep 1
awk '{n[$1]++; t++} END {
  absorbed = n["HIT"] + n["UPDATING"] + n["REVALIDATED"]
  printf "cached: %d requests; HIT %d, UPDATING %d, REVALIDATED %d, EXPIRED %d, MISS %d: nginx absorbed %.1f%%\n",
    t, n["HIT"], n["UPDATING"], n["REVALIDATED"], n["EXPIRED"], n["MISS"], 100 * absorbed / t }' "$WORK/access.log"
