#!/usr/bin/env bash
# marina dns --workers: queries/s with 1, 2, … worker processes on one port
# (SO_REUSEPORT), dnsperf -c 16 from many source ports so the kernel spreads
# them. Records: a Mesos /state with 1,000 running tasks (1,000 A + 1,000 SRV
# names). Loopback only, bounded in time. Usage: bench/dns/workers.sh [seconds] [workers...]
set -euo pipefail
SECS=${1:-5}; shift || true
COUNTS=("${@:-1 2}"); [ $# -gt 0 ] && COUNTS=("$@") || COUNTS=(1 2)
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d /tmp/marina-dnsworkers.XXXXXX)
PID=""
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
N=1000; PORT=15363; HTTP=15364
python3 - "$WORK" "$N" <<'PY'
import json, sys
work, n = sys.argv[1], int(sys.argv[2])
tasks, queries = [], []
for i in range(n):
    app = f"app{i}"
    tasks.append({"id": f"{app}.{i:08x}-0000-0000-0000-000000000001", "name": app, "slave_id": f"S{i % 10}", "state": "TASK_RUNNING",
                  "resources": {"ports": f"[{31000 + i % 1000}-{31000 + i % 1000}]"},
                  "statuses": [{"state": "TASK_RUNNING", "timestamp": 1700000000.0}]})
    queries += [f"{app}.marathon.mesos A", f"_{app}._tcp.marathon.mesos SRV"]
state = {"leader": "master@198.18.0.1:5050", "frameworks": [{"name": "marathon", "pid": "scheduler@198.18.0.1:8080", "hostname": "m1", "tasks": tasks}],
         "slaves": [{"id": f"S{j}", "hostname": f"agent-{j}", "pid": f"slave(1)@198.18.0.{11 + j}:5051"} for j in range(10)]}
json.dump(state, open(f"{work}/state.json", "w"))
open(f"{work}/queries.txt", "w").write("\n".join(queries) + "\n")
PY
echo "| workers | queries/s | lost | p99 ms |"
echo "|---|---|---|---|"
for W in "${COUNTS[@]}"; do
  "$ROOT/bin/marina" dns --workers "$W" --listen "127.0.0.1:$PORT" --http-listen "127.0.0.1:$HTTP" --mesos-state "$WORK/state.json" >"$WORK/dns-$W.log" 2>&1 &
  PID=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$HTTP/ready" >/dev/null && break; sleep 0.1; done
  [ "$(dig @127.0.0.1 -p $PORT +short app7.marathon.mesos)" = "198.18.0.18" ] || { echo "workers=$W: wrong answer" >&2; exit 1; }
  out=$(dnsperf -s 127.0.0.1 -p $PORT -d "$WORK/queries.txt" -l "$SECS" -c 16 -T 2 -q 200 -v 2>&1)
  qps=$(grep -oP 'Queries per second:\s+\K[0-9.]+' <<<"$out")
  lost=$(grep -oP 'Queries lost:\s+\K.*' <<<"$out")
  p99=$(grep -oP '^> NOERROR .* \K[0-9.]+$' <<<"$out" | sort -n | awk '{a[NR]=$1} END {print a[int(NR*0.99)] * 1000}')
  echo "| $W | ${qps%.*} | $lost | $p99 |"
  kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""
done
