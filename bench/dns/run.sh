#!/usr/bin/env bash
# Marina DNS vs Unbound (local-data) vs dnsmasq, same 1,000 A + 1,000 SRV
# records, dnsperf on core 0, each server pinned alone on core 1 (taskset).
# Per server: correctness check (dig) first, saturation qps (dnsperf -c 8),
# then p99 at saturation and at 50% of that server's saturation qps (-Q,
# per-query latencies from dnsperf -v). Loopback only. Usage: bench/dns/run.sh [seconds]
set -euo pipefail
SECS=${1:-10}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d /tmp/marina-dnsbench.XXXXXX)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
export PATH="$ROOT/node_modules/.bin:$PATH"
(cd "$ROOT" && tsc -p tsconfig.json --outDir "$WORK/dist" >/dev/null 2>&1 || true)
ln -s "$ROOT/node_modules" "$WORK/dist/node_modules"; cp "$ROOT/package.json" "$WORK/dist/"
N=1000
# Records: the same names and data for all three servers (Marina's canonical SRV targets).
node -e "
const { benchEvents } = require('$WORK/dist/bench/dns/serve.js');
const { taskHash5, agentTail } = require('$WORK/dist/lib/naming');
const fs = require('fs');
const ub = [], dm = [], q = [];
for (const ev of benchEvents($N, 1)) {
  if (ev.kind !== 'task') continue;
  const t = ev.value, app = t.appId.slice(1), ip = '198.18.0.' + (Number(t.agentId.split('S')[1]) + 10);
  const target = app + '-' + taskHash5(t.id) + '-' + agentTail(t.agentId) + '.marathon.mesos';
  ub.push('local-data: \"' + app + '.marathon.mesos. 60 IN A ' + ip + '\"', 'local-data: \"_' + app + '._tcp.marathon.mesos. 60 IN SRV 0 1 ' + t.ports[0].hostPort + ' ' + target + '.\"');
  dm.push('host-record=' + app + '.marathon.mesos,' + ip, 'srv-host=_' + app + '._tcp.marathon.mesos,' + target + ',' + t.ports[0].hostPort);
  q.push(app + '.marathon.mesos A', '_' + app + '._tcp.marathon.mesos SRV');
}
fs.writeFileSync('$WORK/unbound-data.conf', ub.join('\n') + '\n');
fs.writeFileSync('$WORK/dnsmasq.conf', dm.join('\n') + '\n');
fs.writeFileSync('$WORK/queries.txt', q.sort(() => Math.random() - 0.5).join('\n') + '\n');
"
P_MARINA=15353; P_UNBOUND=15354; P_DNSMASQ=15355
cat > "$WORK/unbound.conf" <<UB
server:
  interface: 127.0.0.1@$P_UNBOUND
  port: $P_UNBOUND
  do-daemonize: no
  username: ""
  chroot: ""
  directory: "$WORK"
  pidfile: ""
  num-threads: 1
  use-syslog: no
  logfile: "$WORK/unbound.log"
  verbosity: 0
  module-config: "iterator"
  access-control: 127.0.0.0/8 allow
  local-zone: "mesos." static
  include: "$WORK/unbound-data.conf"
remote-control:
  control-enable: no
UB
taskset -c 1 unbound -d -c "$WORK/unbound.conf" & PIDS+=($!)
taskset -c 1 dnsmasq --keep-in-foreground --no-daemon --no-resolv --no-hosts --listen-address=127.0.0.1 --bind-interfaces --port=$P_DNSMASQ --user=root --pid-file= --conf-file="$WORK/dnsmasq.conf" & PIDS+=($!)
MARINA_LOG_LEVEL=warn taskset -c 1 node "$WORK/dist/bench/dns/serve.js" --port $P_MARINA --apps $N > "$WORK/marina.out" & PIDS+=($!)
sleep 4
RSS_MARINA=$(ps -o rss= -p "${PIDS[2]}")
echo "== correctness (dig) =="
for s in marina:$P_MARINA unbound:$P_UNBOUND dnsmasq:$P_DNSMASQ; do
  name=${s%%:*}; port=${s##*:}
  a=$(dig @127.0.0.1 -p "$port" app7.marathon.mesos A +short); srv=$(dig @127.0.0.1 -p "$port" _app7._tcp.marathon.mesos SRV +short)
  echo "$name: app7 A=$a SRV=$srv"
  [ -n "$a" ] && [ -n "$srv" ] || { echo "$name does not answer correctly"; exit 1; }
done
p99() { grep '^> ' "$1" | awk '{print $NF}' | sort -g | awk '{a[NR]=$1} END {i=int(NR*0.99); if(i<1)i=1; printf "%.3f", a[i]*1000}'; }
printf "\n%-8s %12s %12s %14s %14s\n" server "qps(sat)" "lost%" "p99 sat (ms)" "p99 50% (ms)"
for s in marina:$P_MARINA unbound:$P_UNBOUND dnsmasq:$P_DNSMASQ; do
  name=${s%%:*}; port=${s##*:}
  out=$(taskset -c 0 dnsperf -s 127.0.0.1 -p "$port" -d "$WORK/queries.txt" -l "$SECS" -c 8 -q 500 2>&1)
  qps=$(echo "$out" | awk '/Queries per second/ {printf "%d", $4}')
  lost=$(echo "$out" | awk '/Queries lost/ {gsub(/[()%]/,"",$4); print $4}')
  taskset -c 0 dnsperf -s 127.0.0.1 -p "$port" -d "$WORK/queries.txt" -l 3 -c 8 -q 500 -v > "$WORK/$name-sat.txt" 2>&1 || true
  half=$((qps / 2))
  taskset -c 0 dnsperf -s 127.0.0.1 -p "$port" -d "$WORK/queries.txt" -l "$SECS" -c 8 -Q "$half" -v > "$WORK/$name-half.txt" 2>&1 || true
  printf "%-8s %12s %12s %14s %14s\n" "$name" "$qps" "$lost" "$(p99 "$WORK/$name-sat.txt")" "$(p99 "$WORK/$name-half.txt")"
done
echo; echo "marina RSS with $N apps: ${RSS_MARINA} KiB; $(cat "$WORK/marina.out")"
