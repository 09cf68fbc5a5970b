#!/usr/bin/env bash
# Imports (issue 15): how long a spreadsheet of ROWS adoptions (default 10,000) takes to check (dry run) and to apply
# through importAdoptions, and the server's peak heap meanwhile (-Xmx512m, jstat every second). The file is built
# here: real Gemeinden of the seed (ARS) × SOLUTIONS solutions published for the run (default: enough for ROWS),
# status live; it is synthetic (no real adoption data exists) and is dropped with the database.
#
#   bench/import.sh              # ROWS, SOLUTIONS tune the run; BENCH_JAVA_OPTS replaces -Xmx512m; KEEP_DB=1 keeps it;
#                                # the import time limit is lifted to an hour (OZG_IMPORT_TIMEOUT; default 10 min)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/server.sh
ROWS=${ROWS:-10000}
SOLUTIONS=${SOLUTIONS:-$(( (ROWS + 9999) / 10000 ))}
TOKEN="bench-admin-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
start_server "ozg_import_$$" "${PORT:-18088}" target/bench-import-server.log OZG_ADMIN_TOKEN="$TOKEN" \
  OZG_ILLUSTRATIVE_DATA=false OZG_RESPONSE_CACHE_MB=0 OZG_IMPORT_TIMEOUT=${OZG_IMPORT_TIMEOUT:-3600s} OZG_MAX_IMPORT_SIZE=64MB
URL="http://localhost:$BENCH_PORT/graphql"
gql() {  # <json body file> -> response on stdout
  curl -sS --max-time 3600 -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    --data-binary @"$1" "$URL"
}
work=$(mktemp -d)
bund=$(psql -At -d "$BENCH_DB" -c "select id from organization where 'FEDERAL' = any (kinds) limit 1")
names=()
for i in $(seq 1 "$SOLUTIONS"); do
  name="Bench-Lösung $i (synthetisch)"
  printf '{"query":"mutation($i: PublishSolutionInput!) { publishSolution(input: $i) { solution { id } } }","variables":{"i":{"name":"%s","summary":"Synthetic solution of the import benchmark","providerId":"%s","ozgIds":[10160],"reuseModel":"OPEN_SOURCE","lifecycle":"PRODUCTION"}}}' \
    "$name" "$bund" > "$work/publish.json"
  gql "$work/publish.json" | grep -q '"id"' || { echo "publishing failed"; exit 1; }
  names+=("$name")
done
psql -At -F';' -d "$BENCH_DB" -c "select ars from organization where 'MUNICIPALITY' = any (kinds) order by ars" \
  > "$work/ars.txt"
python3 - "$work" "$ROWS" "${names[@]}" <<'EOF'
import base64, json, sys
work, rows, names = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
ars = open(work + "/ars.txt").read().split()
lines = ["ARS;Lösung;Status;Datum"]
for i in range(rows):
    lines.append(f"{ars[i % len(ars)]};{names[i // len(ars)]};live;01.03.2024")
content = ("\r\n".join(lines) + "\r\n").encode("windows-1252")
print(f"file: {rows} rows, {len(content) / 1e6:.1f} MB as CSV, {len(base64.b64encode(content)) / 1e6:.1f} MB base64")
for dry in (True, False):
    body = {"query": "mutation($i: ImportAdoptionsInput!) { importAdoptions(input: $i) { report { applied created "
                     "changed unchanged refused rows(outcome: REFUSED, first: 3) { line message } } } }",
            "variables": {"i": {"fileName": "bench.csv", "content": base64.b64encode(content).decode(),
                                "dryRun": dry}}}
    json.dump(body, open(work + ("/dry.json" if dry else "/apply.json"), "w"))
EOF
samples=target/bench-import-jstat.txt
jstat -gc "$BENCH_SERVER" 1000 > "$samples" 2>&1 &
sampler=$!
for step in dry apply; do
  start=$(date +%s.%N)
  answer=$(gql "$work/$step.json")
  end=$(date +%s.%N)
  echo "$step: $(echo "$answer" | head -c 400) in $(echo "$end - $start" | bc) s"
done
kill "$sampler" 2>/dev/null || true
awk 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
     $1 ~ /^[0-9.]+$/ { used = $col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"]; if (used > peak) peak = used; n++ }
     END { printf "peak heap in use: %.0f MB (%d samples)\n", peak / 1024, n }' "$samples"
echo "adoptions in the database: $(psql -At -d "$BENCH_DB" -c "select count(*) from adoption where source = 'IMPORTED'")"
rm -rf "$work"
