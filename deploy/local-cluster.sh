#!/usr/bin/env bash
# Local multi-host Marina cluster in network namespaces (see docs/agent.md).
#   deploy/local-cluster.sh up N     N simulated hosts on an underlay bridge
#   deploy/local-cluster.sh status   what runs, and where
#   deploy/local-cluster.sh down     remove everything `up` created
#   deploy/local-cluster.sh agent-stop I | agent-start I   stop (tasks keep running) / start host I's agent
#   deploy/local-cluster.sh host-down I    host I dies: its agent and tasks killed, its netns removed
#   deploy/local-cluster.sh agent-kill I   kill -9 host I's agent (tasks keep running; agent-start re-adopts them)
#   deploy/local-cluster.sh allocator-kill R | allocator-start R   kill -9 / start allocator replica R (1 or 2)
#   deploy/local-cluster.sh etcd-stop | etcd-start | etcd-freeze | etcd-thaw   (MARINA_LC_STORE=etcd)
# Layout: netns ${PREFIX}u holds the underlay bridge ${PREFIX}br with
# ${SUBNET}.1 (Redis, the allocator, `marina dns` on :53); host i is netns ${PREFIX}i
# with eth0 = ${SUBNET}.(10+i)/24 running `marina agent` in it (via nsenter,
# so the namespaces it creates are visible machine-wide).
# Env: MARINA_LC_PREFIX (default marina-h), MARINA_LC_SUBNET (198.18.0),
#      MARINA_LC_DIR (state dir, default /tmp/marina-local-cluster), MARINA_LC_NETWORKS
#      (allocator --default-networks, default overlay=198.19.0.0/20:vxlan,hostgw=198.19.16.0/20:host-gw)
#      MARINA_LC_STORE (embedded | etcd: an etcd on ${SUBNET}.1:2379 in the underlay netns),
#      MARINA_LC_ALLOCATORS (1 | 2: a second replica on ${SUBNET}.2, etcd only; clients use replica 1),
#      MARINA_LC_LB (off | nftables | iptables: `marina lb` on every host, edge on the host's eth0 :80)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PREFIX=${MARINA_LC_PREFIX:-marina-h}
SUBNET=${MARINA_LC_SUBNET:-198.18.0}
DIR=${MARINA_LC_DIR:-/tmp/marina-local-cluster}
NETWORKS=${MARINA_LC_NETWORKS:-overlay=198.19.0.0/20:vxlan,hostgw=198.19.16.0/20:host-gw}
NODE=$ROOT/node_modules/.bin/node
[ -x "$NODE" ] || NODE=$(command -v node)
UNDER=${PREFIX}u
BR=${PREFIX}br
GW=$SUBNET.1
STORE=${MARINA_LC_STORE:-embedded}
ALLOCATORS=${MARINA_LC_ALLOCATORS:-1}
LB=${MARINA_LC_LB:-off}
# agents and lbs follow every replica (gRPC pick_first over the list: a replica that dies is failed over)
FEED=$GW:8081
[ "$ALLOCATORS" = 2 ] && FEED=ipv4:$GW:8081,$SUBNET.2:8081

case "$PREFIX" in marina*) ;; *) echo "MARINA_LC_PREFIX must start with marina" >&2; exit 2 ;; esac
case "$SUBNET" in 198.18.*|198.19.*) ;; *) echo "MARINA_LC_SUBNET must be inside 198.18.0.0/15" >&2; exit 2 ;; esac

in_ns() { local ns=$1; shift; nsenter --net=/run/netns/"$ns" "$@"; }

start_bg() { # name netns cmd...
  local name=$1 ns=$2; shift 2
  nohup nsenter --net=/run/netns/"$ns" "$@" >"$DIR/$name.log" 2>&1 &
  echo $! >"$DIR/$name.pid"
}

wait_http() { # netns url
  for _ in $(seq 1 100); do
    if in_ns "$1" curl -sf -o /dev/null --max-time 1 "$2"; then return 0; fi
    sleep 0.1
  done
  echo "timed out waiting for $2" >&2; return 1
}

start_agent() { # i
  local i=$1 ns=$PREFIX$1 ip=$SUBNET.$((10 + $1))
  start_bg "agent$i" "$ns" "$NODE" "$ROOT/bin/marina.js" agent --allocator "$FEED" --hostname "$ns" --ip "$ip" \
    --data-dir "$DIR/agent$i" --redis "redis://$GW:6379" --dns-server "$GW" --listen "127.0.0.1:9102" --kill-grace 2
}

start_allocator() { # replica 1|2 (replica 2 listens on ${SUBNET}.2)
  local r=$1 addr=$GW
  [ "$r" = 1 ] || addr=$SUBNET.$r
  local store=(--data-dir "$DIR/allocator")
  [ "$STORE" = etcd ] && store=(--store etcd --etcd-endpoints "http://$GW:2379")
  start_bg "allocator$r" "$UNDER" "$NODE" "$ROOT/bin/marina.js" allocator --api-listen "$addr:8080" --grpc-listen "$addr:8081" \
    "${store[@]}" --default-networks "$NETWORKS" --agent-lease-ttl 5
  wait_http "$UNDER" "http://$addr:8080/ping"
}

start_etcd() {
  start_bg etcd "$UNDER" etcd --name marina-lc --data-dir "$DIR/etcd" --listen-client-urls "http://$GW:2379" \
    --advertise-client-urls "http://$GW:2379" --listen-peer-urls "http://$GW:2380" --initial-advertise-peer-urls "http://$GW:2380" \
    --initial-cluster "marina-lc=http://$GW:2380"
  wait_http "$UNDER" "http://$GW:2379/health"
}

start_lb() { # i
  local i=$1 ns=$PREFIX$1 ip=$SUBNET.$((10 + $1))
  start_bg "lb$i" "$ns" "$NODE" "$ROOT/bin/marina.js" lb --allocator "$FEED" --mode "$LB" --listen 127.0.0.1:9096 \
    --agent-id "$ns" --edge --edge-listen "$ip:80"
}

stop_pid() { # pidfile [signal]
  [ -e "$1" ] || return 0
  local pid; pid=$(cat "$1")
  kill "-${2:-TERM}" "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$1"
}

kill_tasks() { # agent data dir: task processes run in their own sessions; their records name them
  for rec in "$1"/tasks/*.json; do
    [ -e "$rec" ] || continue
    for tpid in $(grep -o '"pid":[0-9]*' "$rec" | cut -d: -f2 | sort -u); do # every container of a pod
      kill -9 -- "-$tpid" 2>/dev/null || true
    done
  done
}

del_task_netns() { # host name: task netns of its agent (marina-t<hash(agent)>-…)
  local tp; tp=marina-t$(printf '%s' "$1" | sha256sum | cut -c1-6)-
  for ns in $(ip netns list | awk '{print $1}' | grep "^$tp" || true); do
    ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null || true
    ip netns delete "$ns" 2>/dev/null || true
  done
  rm -rf /etc/netns/"$tp"* # resolv.conf dirs, also of task netns already gone
}

host_down() { # i
  local ns=$PREFIX$1
  stop_pid "$DIR/agent$1.pid" KILL
  kill_tasks "$DIR/agent$1"
  del_task_netns "$ns"
  ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null || true
  ip netns delete "$ns" 2>/dev/null || true
  echo "host $ns removed"
}

up() {
  local n=${1:-3}
  [ -f "$ROOT/dist/cli/main.js" ] || { echo "build first: npx tsc -p tsconfig.json" >&2; exit 1; }
  mkdir -p "$DIR"
  echo "$n" >"$DIR/hosts"
  ip netns add "$UNDER"
  ip -n "$UNDER" link set lo up
  ip -n "$UNDER" link add "$BR" type bridge
  ip -n "$UNDER" addr add "$GW/24" dev "$BR"
  ip -n "$UNDER" link set "$BR" up
  start_bg redis "$UNDER" redis-server --bind "$GW" --port 6379 --protected-mode no --save '' --appendonly no
  [ "$STORE" = etcd ] && start_etcd
  start_allocator 1
  if [ "$ALLOCATORS" = 2 ]; then
    [ "$STORE" = etcd ] || { echo "MARINA_LC_ALLOCATORS=2 needs MARINA_LC_STORE=etcd" >&2; exit 2; }
    ip -n "$UNDER" addr add "$SUBNET.2/24" dev "$BR"
    start_allocator 2
  fi
  start_bg dns "$UNDER" "$NODE" "$ROOT/bin/marina.js" dns --listen "$GW:53" --http-listen "$GW:8123" --allocator "$GW:8081" \
    --recursion-networks 127.0.0.0/8
  wait_http "$UNDER" "http://$GW:8123/healthz"
  for i in $(seq 1 "$n"); do
    local ns=$PREFIX$i ip=$SUBNET.$((10 + i))
    ip netns add "$ns"
    ip -n "$ns" link set lo up
    ip -n "$UNDER" link add "${PREFIX}v$i" type veth peer name eth0 netns "$ns"
    ip -n "$UNDER" link set "${PREFIX}v$i" master "$BR" up
    ip -n "$ns" addr add "$ip/24" dev eth0
    ip -n "$ns" link set eth0 up
    # VIPs (198.19.250.0/24) are DNATed in the host's output hook, after the route lookup: give them a route
    ip -n "$ns" route add default via "$GW" dev eth0
    in_ns "$ns" sysctl -qw net.ipv4.ip_forward=1
    start_agent "$i"
    [ "$LB" = off ] || start_lb "$i"
  done
  for i in $(seq 1 "$n"); do wait_http "$PREFIX$i" "http://127.0.0.1:9102/health"; done
  if [ "$LB" != off ]; then for i in $(seq 1 "$n"); do wait_http "$PREFIX$i" "http://127.0.0.1:9096/healthz"; done; fi
  status
}

status() {
  [ -d "$DIR" ] || { echo "no local cluster ($DIR missing)"; return 0; }
  for f in "$DIR"/*.pid; do
    [ -e "$f" ] || continue
    local name; name=$(basename "$f" .pid)
    if kill -0 "$(cat "$f")" 2>/dev/null; then echo "$name: running (pid $(cat "$f"))"; else echo "$name: stopped"; fi
  done
  echo "allocator: http://$GW:8080 (run: ip netns exec $UNDER curl ...)"
  ip netns list | grep "^$PREFIX" | awk '{print "netns: "$1}' || true
}

down() {
  if [ -d "$DIR" ]; then
    # Agents first (tasks and their netns are left to the GC below), then the control plane.
    [ -e "$DIR/etcd.pid" ] && kill -CONT "$(cat "$DIR/etcd.pid")" 2>/dev/null || true # a frozen etcd ends too
    for f in "$DIR"/agent*.pid "$DIR"/lb*.pid "$DIR"/dns.pid "$DIR"/allocator*.pid "$DIR"/etcd.pid "$DIR"/redis.pid; do stop_pid "$f"; done
    for d in "$DIR"/agent*/; do [ -d "$d" ] && kill_tasks "$d"; done
  fi
  # Safety net: any process still running in a sandbox of this cluster (an
  # agent killed with SIGKILL leaves a launch in flight with no record).
  if [ -d "$DIR" ]; then
    for p in /proc/[0-9]*; do
      case "$(readlink "$p/cwd" 2>/dev/null)" in "$DIR"/*) kill -9 "${p#/proc/}" 2>/dev/null || true ;; esac
    done
  fi
  local n; n=$(cat "$DIR/hosts" 2>/dev/null || echo 0)
  # Task netns of these agents, then the hosts and the underlay.
  for i in $(seq 1 "$n"); do del_task_netns "$PREFIX$i"; done
  for ns in $(ip netns list | awk '{print $1}' | grep -E "^${PREFIX}([0-9]+|u)$" || true); do
    ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null || true
    ip netns delete "$ns" 2>/dev/null || true
  done
  rm -rf "$DIR"
  echo "local cluster removed"
}

case "${1:-}" in
  up) up "${2:-3}" ;;
  down) down ;;
  status) status ;;
  agent-stop) stop_pid "$DIR/agent${2:?host number}.pid" ;;
  agent-start) start_agent "${2:?host number}"; wait_http "$PREFIX$2" "http://127.0.0.1:9102/health" ;;
  host-down) host_down "${2:?host number}" ;;
  agent-kill) stop_pid "$DIR/agent${2:?host number}.pid" KILL ;;
  allocator-kill) stop_pid "$DIR/allocator${2:?replica 1 or 2}.pid" KILL ;;
  allocator-start) start_allocator "${2:?replica 1 or 2}" ;;
  etcd-stop) stop_pid "$DIR/etcd.pid" ;;
  etcd-start) start_etcd ;;
  etcd-freeze) kill -STOP "$(cat "$DIR/etcd.pid")" ;;
  etcd-thaw) kill -CONT "$(cat "$DIR/etcd.pid")" ;;
  *) echo "usage: $0 up N | down | status | agent-stop I | agent-start I | agent-kill I | host-down I | allocator-kill R | allocator-start R | etcd-stop | etcd-start | etcd-freeze | etcd-thaw" >&2; exit 2 ;;
esac
