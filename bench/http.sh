#!/usr/bin/env bash
# The FHIR API under load: reads and searches with 64 connections (wrk), beside a bare axum
# "hello" handler measured in the same run as the ceiling. Starts a demo instance (SQLite),
# pushes one patient with 500 appointments through the API, then prints requests per second,
# p99 latency and the ratio to hello. Needs wrk (Debian package) and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-64}"

cargo build --release --locked -p zorgkring -p zk-bench >/dev/null
data=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$data"' EXIT
ZK_LOG=warn ./target/release/zorgkring serve --demo --listen 127.0.0.1:18181 --data-dir "$data" >/dev/null &
./target/release/zk-hello 127.0.0.1:18182 &
for _ in $(seq 1 100); do curl -sf http://127.0.0.1:18181/healthz >/dev/null && break; sleep 0.2; done
token=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['providers'][0]['api_token'])" "$data/demo.json")

python3 - "$token" <<'PY'
import json, sys, urllib.request
token = sys.argv[1]
entries = [{"resource": {"resourceType": "Patient", "id": "p-bench",
             "identifier": [{"system": "urn:example:clientnummer", "value": "BENCH-1"}],
             "name": [{"family": "Bench", "given": ["Bo"]}], "birthDate": "1980-01-01"},
            "request": {"method": "PUT", "url": "Patient/p-bench"}}]
for i in range(500):
    day = 1 + i % 28
    month = 1 + (i // 28) % 12
    start = f"2026-{month:02d}-{day:02d}T{8 + i % 9:02d}:00:00Z"
    end = f"2026-{month:02d}-{day:02d}T{8 + i % 9:02d}:45:00Z"
    entries.append({"resource": {"resourceType": "Appointment", "id": f"ap-{i}", "status": "booked",
                                 "description": "Gesprek", "start": start, "end": end,
                                 "participant": [{"actor": {"reference": "Patient/p-bench"}, "status": "accepted"}]},
                    "request": {"method": "PUT", "url": f"Appointment/ap-{i}"}})
body = json.dumps({"resourceType": "Bundle", "type": "transaction", "entry": entries}).encode()
req = urllib.request.Request("http://127.0.0.1:18181/fhir/r4", data=body, method="POST",
                             headers={"Authorization": f"Bearer {token}", "Content-Type": "application/fhir+json"})
with urllib.request.urlopen(req) as r:
    assert r.status == 200, r.status
PY

run() { # name url [header]
  local out
  if [ $# -eq 3 ]; then
    out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -H "$3" "$2")
  else
    out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$2")
  fi
  local rps p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx or 3xx responses/ {print $5}' <<<"$out")
  printf '%s\t%s\t%s\t%s\n' "$1" "$rps" "$p99" "${errors:-0}"
}

auth="Authorization: Bearer $token"
{
  run "hello (bare axum)" "http://127.0.0.1:18182/"
  run "FHIR read Appointment/{id}" "http://127.0.0.1:18181/fhir/r4/Appointment/ap-250" "$auth"
  run "FHIR search Appointment?patient (page of 20)" "http://127.0.0.1:18181/fhir/r4/Appointment?patient=p-bench&_count=20" "$auth"
  run "FHIR search with date (page of 20)" "http://127.0.0.1:18181/fhir/r4/Appointment?patient=p-bench&date=ge2026-06-01&_count=20" "$auth"
} | awk -F'\t' 'NR == 1 {hello = $2} {printf "| %s | %.0f | %s | %.3f | %s |\n", $1, $2, $3, $2 / hello, $4}'
