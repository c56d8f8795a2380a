#!/usr/bin/env bash
# Memory and answers under a burst of parallel bad logins (SPEC S7; the outside test's finding:
# 100 parallel POSTs to /inloggen took the server from 145 MiB to 2 GiB, and it stayed there).
# Starts a release build on a fresh SQLite data folder behind a pretend proxy
# (--trust-forwarded-for), then sends BURSTS bursts of PARALLEL bad logins with random
# addresses: each burst once from one client address (the per-address allowance holds most of
# them back before any hash) and once from PARALLEL different networks (only the bound on
# concurrent hashes holds them back). Prints the server's resident memory (VmRSS) before, right
# after each burst and after a pause, the peak (VmHWM), and the answers by status. Needs curl
# and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
PARALLEL="${PARALLEL:-100}"
BURSTS="${BURSTS:-3}"
PORT="${PORT:-18191}"

cargo build --release --locked -p zorgkring >/dev/null
data=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$data"' EXIT
ZK_LOG=error ./target/release/zorgkring serve --listen "127.0.0.1:$PORT" --data-dir "$data" \
    --trust-forwarded-for >/dev/null &
server=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done

python3 - "$server" "$PORT" "$PARALLEL" "$BURSTS" <<'PY'
import collections, concurrent.futures, random, sys, time, urllib.error, urllib.parse, urllib.request

pid, port, parallel, bursts = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])

def mem(field):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith(field + ":"):
            return int(line.split()[1]) // 1024
    return -1

def login(n, spread):
    body = urllib.parse.urlencode({
        "email": f"x{random.getrandbits(48):x}@voorbeeld.example",
        "wachtwoord": "geraden!!",
    }).encode()
    ip = f"10.{n // 200}.{n % 200}.1" if spread else "192.0.2.7"
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/inloggen", data=body, method="POST",
        headers={"Sec-Fetch-Site": "same-origin", "X-Forwarded-For": ip,
                 "Content-Type": "application/x-www-form-urlencoded"})
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=60) as r:
            page = r.read().decode()
            status = "200 wait" if "te vaak geprobeerd" in page else "200 checked"
    except urllib.error.HTTPError as e:
        status = f"{e.code} retry-after={e.headers.get('Retry-After')}"
    return status, time.monotonic() - started

print(f"idle: VmRSS {mem('VmRSS')} MiB")
for burst in range(bursts):
    for spread in (False, True):
        with concurrent.futures.ThreadPoolExecutor(parallel) as pool:
            results = list(pool.map(lambda n: login(n, spread), range(parallel)))
        counts = collections.Counter(s for s, _ in results)
        slowest = max(t for _, t in results)
        where = f"{parallel} networks" if spread else "one address"
        print(f"burst {burst + 1} from {where}: VmRSS {mem('VmRSS')} MiB, "
              f"slowest answer {slowest:.2f} s, answers {dict(sorted(counts.items()))}")
time.sleep(5)
print(f"5 s later: VmRSS {mem('VmRSS')} MiB, peak VmHWM {mem('VmHWM')} MiB")
PY
