#!/usr/bin/env bash
# Local multi-host Marina cluster in network namespaces (see services/agent/README.md).
#   deploy/local-cluster.sh up N     N simulated hosts on an underlay bridge
#   deploy/local-cluster.sh status   what runs, and where
#   deploy/local-cluster.sh down     remove everything `up` created
#   deploy/local-cluster.sh agent-stop I | agent-start I   stop (tasks keep running) / start host I's agent
#   deploy/local-cluster.sh host-down I    host I dies: its agent and tasks killed, its netns removed
#   deploy/local-cluster.sh agent-kill I   kill -9 host I's agent (tasks keep running; agent-start re-adopts them)
#   deploy/local-cluster.sh allocator-kill R | allocator-start R   kill -9 / start allocator replica R (1 or 2)
#   deploy/local-cluster.sh etcd-stop | etcd-start | etcd-freeze | etcd-thaw   SIGTERM / start / SIGSTOP / SIGCONT etcd
# Layout: netns ${PREFIX}u holds the underlay bridge ${PREFIX}br with
# ${SUBNET}.1 (etcd, Redis, the allocator, `marina dns` on :53); host i is netns ${PREFIX}i
# with eth0 = ${SUBNET}.(10+i)/24 running `marina agent` in it (via nsenter,
# so the namespaces it creates are visible machine-wide).
# Trust as across real hosts: etcd serves TLS only and requires a client
# certificate (--client-cert-auth), with auth on and the allocator's user
# `marina` (its certificate's CN) limited to /marina/ (docs/store.md);
# Redis needs a password (protected mode on) and listens on ${SUBNET}.1 only.
# Certificates (openssl) and the Redis password live in $DIR/pki, 0700, files 0600.
# Trust (docs/security.md): the allocator listens on the underlay, so it serves
# TLS with the CA it creates in $DIR/allocator/tls; its admin client config is
# $DIR/allocator/client.json. Agents join with a join token (env
# MARINA_JOIN_TOKEN, never argv) and then speak mTLS; dns (and lb) follow the
# watch with their own viewer tokens (--token-file, 0600).
# Env: MARINA_LC_PREFIX (default marina-h), MARINA_LC_SUBNET (198.18.0),
#      MARINA_LC_DIR (state dir, default /tmp/marina-local-cluster), MARINA_LC_NETWORKS
#      (allocator --default-networks, default overlay=198.19.0.0/20:vxlan,hostgw=198.19.16.0/20:host-gw),
#      MARINA_LC_LB (nftables | iptables | userspace: a `marina lb` in every host with its own viewer
#      token, as kube-proxy runs on every node; unset: none, tests start their own),
#      MARINA_LC_EDGE=1 (those lbs also run the L7 edge on the host's :80),
#      MARINA_LC_ALLOCATORS (1 | 2: a second replica on ${SUBNET}.2 on the same etcd, with the
#      cluster CA of replica 1; agents, dns and lbs follow both, clients use replica 1)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PREFIX=${MARINA_LC_PREFIX:-marina-h}
SUBNET=${MARINA_LC_SUBNET:-198.18.0}
DIR=${MARINA_LC_DIR:-/tmp/marina-local-cluster}
NETWORKS=${MARINA_LC_NETWORKS:-overlay=198.19.0.0/20:vxlan,hostgw=198.19.16.0/20:host-gw}
LB_MODE=${MARINA_LC_LB:-}
EDGE=${MARINA_LC_EDGE:-}
ALLOCATORS=${MARINA_LC_ALLOCATORS:-1}
NODE=$ROOT/node_modules/.bin/node
[ -x "$NODE" ] || NODE=$(command -v node)
UNDER=${PREFIX}u
BR=${PREFIX}br
GW=$SUBNET.1
# agents, dns and lbs follow every replica (gRPC pick_first over the list: a replica that dies is
# failed over); TLS names the first address for all of them, so replica 2's certificate names it too
FEED=$GW:8081
[ "$ALLOCATORS" = 2 ] && FEED=ipv4:$GW:8081,$SUBNET.2:8081

case "$PREFIX" in marina*) ;; *) echo "MARINA_LC_PREFIX must start with marina" >&2; exit 2 ;; esac
case "$SUBNET" in 198.18.*|198.19.*) ;; *) echo "MARINA_LC_SUBNET must be inside 198.18.0.0/15" >&2; exit 2 ;; esac
case "$ALLOCATORS" in 1|2) ;; *) echo "MARINA_LC_ALLOCATORS must be 1 or 2" >&2; exit 2 ;; esac

in_ns() { local ns=$1; shift; nsenter --net=/run/netns/"$ns" "$@"; }

start_bg() { # name netns cmd...
  local name=$1 ns=$2; shift 2
  nohup nsenter --net=/run/netns/"$ns" "$@" >"$DIR/$name.log" 2>&1 &
  echo $! >"$DIR/$name.pid"
}

CA=$DIR/allocator/tls/ca-bundle.crt

wait_http() { # netns url [curl args]
  local ns=$1 url=$2; shift 2
  for _ in $(seq 1 300); do # 30 s and more: a shared machine can be slow to start node
    if in_ns "$ns" curl -sf -o /dev/null --max-time 1 "$@" "$url"; then return 0; fi
    sleep 0.1
  done
  echo "timed out waiting for $url" >&2; return 1
}

wait_file() { # path
  for _ in $(seq 1 100); do [ -s "$1" ] && return 0; sleep 0.1; done
  echo "timed out waiting for $1" >&2; return 1
}

marina_admin() { # marina CLI as the cluster admin (the allocator's client config), in the underlay
  in_ns "$UNDER" env MARINA_CLIENT_CONFIG="$DIR/allocator/client.json" MARINA_API= "$NODE" "$ROOT/bin/marina.js" "$@"
}

secret_file() { # path value: 0600
  (umask 077; printf '%s\n' "$2" >"$1")
}

start_agent() { # i
  local i=$1 ns=$PREFIX$1 ip=$SUBNET.$((10 + $1))
  # The Redis URL (with its password) and the join token go by environment, not argv: /proc/<pid>/environ is the owner's only.
  start_bg "agent$i" "$ns" env MARINA_JOIN_TOKEN="$(cat "$DIR/join.token")" MARINA_CA="$CA" MARINA_REDIS="redis://:$(cat "$PKI/redis.pass")@$GW:6379" \
    "$NODE" "$ROOT/bin/marina.js" agent --allocator "$FEED" --hostname "$ns" --ip "$ip" \
    --data-dir "$DIR/agent$i" --dns-server "$GW" --listen "127.0.0.1:9102" --kill-grace 2
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

PKI=$DIR/pki

make_pki() { # a CA, etcd's serving certificate, client certificates root and marina; the Redis password
  mkdir -p "$PKI"
  chmod 700 "$PKI"
  (
    umask 077
    local ec=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
    openssl req -x509 "${ec[@]}" -keyout "$PKI/ca.key" -out "$PKI/ca.crt" -days 30 -subj "/CN=marina-local-cluster-ca" 2>/dev/null
    for name in etcd-server root marina; do
      printf 'subjectAltName=IP:%s\nextendedKeyUsage=serverAuth,clientAuth\n' "$GW" >"$PKI/$name.ext"
      openssl req "${ec[@]}" -keyout "$PKI/$name.key" -out "$PKI/$name.csr" -subj "/CN=$name" 2>/dev/null
      openssl x509 -req -in "$PKI/$name.csr" -CA "$PKI/ca.crt" -CAkey "$PKI/ca.key" -CAcreateserial -out "$PKI/$name.crt" -days 30 -extfile "$PKI/$name.ext" 2>/dev/null
    done
    openssl rand -hex 24 >"$PKI/redis.pass"
    printf 'bind %s\nport 6379\nprotected-mode yes\nrequirepass %s\nsave ""\nappendonly no\n' "$GW" "$(cat "$PKI/redis.pass")" >"$PKI/redis.conf"
  )
}

etcdctl_root() { in_ns "$UNDER" env ETCDCTL_API=3 etcdctl --endpoints "https://$GW:2379" --cacert "$PKI/ca.crt" --cert "$PKI/root.crt" --key "$PKI/root.key" "$@"; }

launch_etcd() { # TLS + client-cert auth (its data dir keeps users, roles and auth across restarts)
  start_bg etcd "$UNDER" etcd --name marina-lc --data-dir "$DIR/etcd" \
    --listen-client-urls "https://$GW:2379" --advertise-client-urls "https://$GW:2379" \
    --listen-peer-urls http://127.0.0.1:2380 --initial-advertise-peer-urls http://127.0.0.1:2380 \
    --initial-cluster marina-lc=http://127.0.0.1:2380 --initial-cluster-state new \
    --cert-file "$PKI/etcd-server.crt" --key-file "$PKI/etcd-server.key" --client-cert-auth --trusted-ca-file "$PKI/ca.crt" \
    --log-level warn
  for _ in $(seq 1 100); do etcdctl_root endpoint health >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "timed out waiting for etcd" >&2; return 1
}

start_etcd() { # first start: auth on, the marina role limited to /marina/ (the commands of docs/store.md)
  mkdir -p "$DIR/etcd"
  chmod 700 "$DIR/etcd"
  launch_etcd
  etcdctl_root role add marina >/dev/null
  etcdctl_root role grant-permission marina --prefix=true readwrite /marina/ >/dev/null
  etcdctl_root user add marina --new-user-password "$(openssl rand -hex 16)" >/dev/null # unused: the certificate authenticates
  etcdctl_root user grant-role marina marina >/dev/null
  etcdctl_root user add root --new-user-password "$(openssl rand -hex 16)" >/dev/null
  etcdctl_root user grant-role root root >/dev/null
  etcdctl_root auth enable >/dev/null
}

# Replica R's address, pid file (allocator.pid, allocator2.pid) and data dir (allocator, allocator2).
replica_addr() { if [ "$1" = 1 ]; then echo "$GW"; else echo "$SUBNET.$1"; fi; }
replica_name() { if [ "$1" = 1 ]; then echo allocator; else echo "allocator$1"; fi; }

start_allocator() { # replica 1|2: the same etcd; tokens live there, so the admin token works on both
  local r=$1 addr; addr=$(replica_addr "$1")
  local name; name=$(replica_name "$r")
  start_bg "$name" "$UNDER" "$NODE" "$ROOT/bin/marina.js" allocator --api-listen "$addr:8080" --grpc-listen "$addr:8081" \
    --store etcd --etcd-endpoints "https://$GW:2379" --etcd-cacert "$PKI/ca.crt" --etcd-cert "$PKI/marina.crt" --etcd-key "$PKI/marina.key" \
    --data-dir "$DIR/$name" --default-networks "$NETWORKS" --agent-lease-ttl 5
  wait_http "$UNDER" "https://$addr:8080/ping" --cacert "$CA"
}

share_trust() { # replica 2 gets replica 1's cluster CA (agents' certificates verify on both) and a serving
  # certificate from it naming its own address and replica 1's: clients of the two-address target check
  # the first one (grpc-js's authority) whichever replica answers. The allocator keeps a certificate
  # that names its addresses (lib/tls/ca.ts).
  local src=$DIR/allocator/tls dst=$DIR/allocator2/tls
  mkdir -p "$dst"
  chmod 700 "$DIR/allocator2" "$dst"
  (
    umask 077
    cp "$src/ca.key" "$src/ca.crt" "$dst/"
    printf 'subjectAltName=IP:%s,IP:%s,IP:127.0.0.1,IP:::1,DNS:localhost,DNS:%s\nextendedKeyUsage=serverAuth\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n' \
      "$SUBNET.2" "$GW" "$(hostname)" >"$dst/server.ext"
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$dst/server.key" -out "$dst/server.csr" -subj /O=marina/CN=marina-allocator 2>/dev/null
    openssl x509 -req -in "$dst/server.csr" -CA "$dst/ca.crt" -CAkey "$dst/ca.key" -set_serial "0x$(openssl rand -hex 16)" -days 365 \
      -extfile "$dst/server.ext" -out "$dst/server.crt" 2>/dev/null
    rm -f "$dst/server.csr" "$dst/server.ext"
  )
}

up() {
  local n=${1:-3}
  [ -f "$ROOT/dist/cli/main.js" ] || { echo "build first: bash deploy/setup.sh" >&2; exit 1; }
  mkdir -p "$DIR"
  chmod 0700 "$DIR"
  echo "$n" >"$DIR/hosts"
  ip netns add "$UNDER"
  ip -n "$UNDER" link set lo up
  ip -n "$UNDER" link add "$BR" type bridge
  ip -n "$UNDER" addr add "$GW/24" dev "$BR"
  ip -n "$UNDER" link set "$BR" up
  make_pki
  start_bg redis "$UNDER" redis-server "$PKI/redis.conf"
  start_etcd
  start_allocator 1
  wait_file "$DIR/allocator/client.json"
  if [ "$ALLOCATORS" = 2 ]; then
    ip -n "$UNDER" addr add "$SUBNET.2/24" dev "$BR"
    share_trust
    start_allocator 2
  fi
  secret_file "$DIR/dns.token" "$(marina_admin tokens create --role viewer --description 'local-cluster dns')"
  secret_file "$DIR/join.token" "$(marina_admin tokens create --role agent --description 'local-cluster agents')"
  start_bg dns "$UNDER" "$NODE" "$ROOT/bin/marina.js" dns --listen "$GW:53" --http-listen "$GW:8123" --allocator "$FEED" \
    --token-file "$DIR/dns.token" --ca "$CA" --recursion-networks 127.0.0.0/8
  wait_http "$UNDER" "http://$GW:8123/healthz"
  for i in $(seq 1 "$n"); do
    local ns=$PREFIX$i ip=$SUBNET.$((10 + i))
    ip netns add "$ns"
    ip -n "$ns" link set lo up
    ip -n "$UNDER" link add "${PREFIX}v$i" type veth peer name eth0 netns "$ns"
    ip -n "$UNDER" link set "${PREFIX}v$i" master "$BR" up
    ip -n "$ns" addr add "$ip/24" dev eth0
    ip -n "$ns" link set eth0 up
    in_ns "$ns" sysctl -qw net.ipv4.ip_forward=1
    # a host's own connections to a VIP are routed before they are NATed: give it the default route a real host has
    [ -n "$LB_MODE" ] && ip -n "$ns" route add default via "$GW"
    start_agent "$i"
  done
  for i in $(seq 1 "$n"); do wait_http "$PREFIX$i" "http://127.0.0.1:9102/health"; done
  if [ -n "$LB_MODE" ]; then
    secret_file "$DIR/lb.token" "$(marina_admin tokens create --role viewer --description 'local-cluster lb')"
    for i in $(seq 1 "$n"); do start_lb "$i"; done
    for i in $(seq 1 "$n"); do wait_http "$PREFIX$i" "http://127.0.0.1:9096/healthz"; done
  fi
  status
}

start_lb() { # i: the host's VIPs (and edge) with the lb's own viewer identity
  local i=$1 ns=$PREFIX$1 edge=()
  [ -n "$EDGE" ] && edge=(--edge --edge-listen "$SUBNET.$((10 + $1)):80")
  start_bg "lb$i" "$ns" "$NODE" "$ROOT/bin/marina.js" lb --allocator "$FEED" --mode "$LB_MODE" --agent-id "$ns" \
    --token-file "$DIR/lb.token" --ca "$CA" --listen "127.0.0.1:9096" "${edge[@]}"
}

status() {
  [ -d "$DIR" ] || { echo "no local cluster ($DIR missing)"; return 0; }
  for f in "$DIR"/*.pid; do
    [ -e "$f" ] || continue
    local name; name=$(basename "$f" .pid)
    if kill -0 "$(cat "$f")" 2>/dev/null; then echo "$name: running (pid $(cat "$f"))"; else echo "$name: stopped"; fi
  done
  echo "allocator: https://$GW:8080 (CA $CA, admin config $DIR/allocator/client.json; run: ip netns exec $UNDER curl --cacert $CA ...)"
  ip netns list | grep "^$PREFIX" | awk '{print "netns: "$1}' || true
}

down() {
  if [ -d "$DIR" ]; then
    # Agents first (tasks and their netns are left to the GC below), then the control plane.
    # lbs remove their VIP rules on SIGTERM; the rest goes with the host netns
    [ -e "$DIR/etcd.pid" ] && kill -CONT "$(cat "$DIR/etcd.pid")" 2>/dev/null || true # a frozen etcd ends too
    for f in "$DIR"/lb*.pid "$DIR"/agent*.pid "$DIR"/dns.pid "$DIR"/allocator*.pid "$DIR"/etcd.pid "$DIR"/redis.pid; do stop_pid "$f"; done
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
  allocator-kill) stop_pid "$DIR/$(replica_name "${2:?replica 1 or 2}").pid" KILL ;;
  allocator-start) start_allocator "${2:?replica 1 or 2}" ;;
  etcd-stop) stop_pid "$DIR/etcd.pid" ;;
  etcd-start) launch_etcd ;;
  etcd-freeze) kill -STOP "$(cat "$DIR/etcd.pid")" ;;
  etcd-thaw) kill -CONT "$(cat "$DIR/etcd.pid")" ;;
  *) echo "usage: $0 up N | down | status | agent-stop I | agent-start I | agent-kill I | host-down I | allocator-kill R | allocator-start R | etcd-stop | etcd-start | etcd-freeze | etcd-thaw" >&2; exit 2 ;;
esac
