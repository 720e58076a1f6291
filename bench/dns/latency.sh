#!/usr/bin/env bash
# Marina DNS alone: saturation qps, then REPEAT runs at 50 % of it, reporting
# per-query latency percentiles (dnsperf -v) and the load average at the time.
# Server pinned on core 1, dnsperf on core 0 (taskset). NICE=-20 runs both at
# raised priority, to separate the server's own latency from CPU contention
# by other work on a shared host. Loopback only.
# NODE_FLAGS passes V8/Node flags to the server (e.g. --max-semi-space-size=2).
# Usage: bench/dns/latency.sh [seconds=5] [repeat=3]    env: NICE=0|-20 APPS=1000 NODE_FLAGS= RATE=qps
set -euo pipefail
SECS=${1:-5}
REPEAT=${2:-3}
NICE=${NICE:-0}
APPS=${APPS:-1000}
NODE_FLAGS=${NODE_FLAGS:-}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d /tmp/marina-dnslat.XXXXXX)
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
export PATH="$ROOT/node_modules/.bin:$PATH"
(cd "$ROOT" && tsc -p tsconfig.json --outDir "$WORK/dist" >/dev/null 2>&1 || true)
ln -s "$ROOT/node_modules" "$WORK/dist/node_modules"; cp "$ROOT/package.json" "$WORK/dist/"
node -e "
const q = [];
for (let i = 0; i < $APPS; i++) q.push('app' + i + '.marathon.mesos A', '_app' + i + '._tcp.marathon.mesos SRV');
require('fs').writeFileSync('$WORK/queries.txt', q.sort(() => Math.random() - 0.5).join('\n') + '\n');
"
PORT=15363
MARINA_LOG_LEVEL=warn nice -n "$NICE" taskset -c 1 node $NODE_FLAGS "$WORK/dist/bench/dns/serve.js" --port $PORT --apps "$APPS" > "$WORK/marina.out" & PID=$!
for _ in $(seq 50); do dig @127.0.0.1 -p $PORT app7.marathon.mesos +short +tries=1 +time=1 | grep -q . && break; sleep 0.2; done
dig @127.0.0.1 -p $PORT _app7._tcp.marathon.mesos SRV +short | grep -q marathon.mesos || { echo "marina does not answer"; exit 1; }
perf() { nice -n "$NICE" taskset -c 0 dnsperf -s 127.0.0.1 -p $PORT -d "$WORK/queries.txt" "$@" 2>&1; }
pct() { grep '^> ' "$1" | awk '{print $NF}' | sort -g | awk -v p="$2" '{a[NR]=$1} END {i=int(NR*p); if(i<1)i=1; printf "%.3f", a[i]*1000}'; }
echo "nice $NICE, node flags [${NODE_FLAGS}], $APPS apps, $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
perf -l 2 -c 8 -q 500 >/dev/null   # warm up
SAT=$(perf -l "$SECS" -c 8 -q 500 | awk '/Queries per second/ {printf "%d", $4}')
HALF=${RATE:-$((SAT / 2))}
echo "saturation: $SAT qps; runs at 50 % = $HALF qps"
printf "%-4s %10s %8s %9s %9s %9s %9s %9s  %s\n" run qps lost% "p50 ms" "p90 ms" "p99 ms" "p99.9 ms" "max ms" "load avg"
for r in $(seq "$REPEAT"); do
  perf -l "$SECS" -c 8 -Q "$HALF" -v > "$WORK/half-$r.txt" || true
  qps=$(awk '/Queries per second/ {printf "%d", $4}' "$WORK/half-$r.txt")
  lost=$(awk '/Queries lost/ {gsub(/[()%]/,"",$4); print $4}' "$WORK/half-$r.txt")
  printf "%-4s %10s %8s %9s %9s %9s %9s %9s  %s\n" "$r" "$qps" "$lost" "$(pct "$WORK/half-$r.txt" 0.5)" "$(pct "$WORK/half-$r.txt" 0.9)" \
    "$(pct "$WORK/half-$r.txt" 0.99)" "$(pct "$WORK/half-$r.txt" 0.999)" "$(pct "$WORK/half-$r.txt" 1)" "$(cut -d' ' -f1-3 /proc/loadavg)"
done
