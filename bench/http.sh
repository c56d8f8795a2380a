#!/usr/bin/env bash
# The FHIR API and the care page under load with 64 connections (wrk), beside a bare axum
# "hello" handler measured in the same run as the ceiling. Starts a demo instance (SQLite),
# pushes 500 appointments through the API for the client of the first demo account (its
# Patient takes over the client record by client number), logs that account in (password and
# the SMS code from the demo outbox), then prints requests per second, p99 latency and the
# ratio to hello. Needs wrk (Debian package), curl and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-64}"

# ZORGKRING_BIN measures another build of the server (e.g. the one before a change) in the
# same conditions; by default the release build of this tree.
cargo build --release --locked -p zorgkring -p zk-bench >/dev/null
bin="${ZORGKRING_BIN:-./target/release/zorgkring}"
data=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$data"' EXIT
ZK_LOG=warn "$bin" serve --demo --listen 127.0.0.1:18181 --data-dir "$data" >/dev/null &
./target/release/zk-hello 127.0.0.1:18182 &
for _ in $(seq 1 100); do curl -sf http://127.0.0.1:18181/healthz >/dev/null && break; sleep 0.2; done

# The first demo account, its provider's token and its client (number, names, birth date).
read -r token email password number given family birth < <(python3 - "$data/demo.json" <<'PY'
import json, sys
demo = json.load(open(sys.argv[1]))
account = demo["accounts"][0]
provider = next(p for p in demo["providers"] if p["name"] == account["provider"])
client = next(c for c in demo["clients"]
              if c["provider"] == account["provider"] and c["name"] == account["client_name"])
given, family = client["name"].split(" ", 1)
print(provider["api_token"], account["email"], account["password"].replace(" ", "+"),
      client["client_number"], given, family.replace(" ", "_"), client["birth_date"])
PY
)

python3 - "$token" "$number" "$given" "${family//_/ }" "$birth" <<'PY'
import json, sys, urllib.request
token, number, given, family, birth = sys.argv[1:6]
entries = [{"resource": {"resourceType": "Patient", "id": "p-bench",
             "identifier": [{"system": "urn:example:clientnummer", "value": number}],
             "name": [{"family": family, "given": [given]}], "birthDate": birth},
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

# Log the demo account in like a browser without JavaScript: password, then the SMS code.
jar="$data/cookies"
curl -sf -o /dev/null -c "$jar" -b "$jar" --data "email=$email&wachtwoord=$password" http://127.0.0.1:18181/inloggen
code=""
for _ in $(seq 1 100); do
  code=$(grep -rhoE 'is [0-9]{6}' "$data"/outbox/sms 2>/dev/null | tail -n 1 | cut -c4- || true)
  [ -n "$code" ] && break
  sleep 0.2
done
curl -sf -o /dev/null -c "$jar" -b "$jar" --data "code=$code" http://127.0.0.1:18181/inloggen/sms
session=$(awk 'NF == 7 {printf "%s=%s; ", $6, $7}' "$jar")
appointments=$(curl -sf -H "Cookie: $session" http://127.0.0.1:18181/zorgpagina | grep -c 'Gesprek' || true)
[ "$appointments" -gt 0 ] || { echo "the care page shows no pushed appointments" >&2; exit 1; }

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
  run "care page /zorgpagina (client with 500 appointments)" "http://127.0.0.1:18181/zorgpagina" "Cookie: $session"
} | awk -F'\t' 'NR == 1 {hello = $2} {printf "| %s | %.0f | %s | %.3f | %s |\n", $1, $2, $3, $2 / hello, $4}'
