#!/bin/bash
# Per-step cost of wiring one bridge-mode task, each step run as the agent
# runs it (inside a simulated host netns marina-sh0, via nsenter), N times;
# prints the median ms of each step. Everything created is removed at exit.
# Usage: bench/agent/steps.sh [N]   (build first: bin/marina-ipam runs dist/)
set -u
N=${1:-10}
H=marina-sh0
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
export CNI_PATH=/usr/lib/cni:$ROOT/bin PATH=$ROOT/node_modules/.bin:$PATH
cleanup() { for i in $(seq 1 "$N"); do ip netns del marina-st$i 2>/dev/null; done; ip netns del $H 2>/dev/null; }
trap 'cleanup; rm -f "$OUT"' EXIT
ip netns add $H && ip -n $H link set lo up && ip netns exec $H sysctl -qw net.ipv4.ip_forward=1
now() { date +%s%N; }
declare -A T
OUT=$(mktemp)
step() { local name=$1; shift; local t0; t0=$(now); "$@" >"$OUT" 2>&1 || echo "step $name failed: $(head -c 300 "$OUT")" >&2; T[$name]+="$(( ($(now) - t0) / 1000 )) "; }
cni() { # cmd plugin conf ns
  echo "$3" | CNI_COMMAND=$1 CNI_CONTAINERID=$4 CNI_NETNS=/run/netns/$4 CNI_IFNAME=eth0 nsenter --net=/run/netns/$H /usr/lib/cni/$2
}
bridgeconf() { # ipam masq ip
  echo "{\"cniVersion\":\"1.0.0\",\"name\":\"marina-bridge\",\"type\":\"bridge\",\"bridge\":\"marina-br0\",\"isGateway\":true,\"ipMasq\":$2,\"hairpinMode\":true,\"mtu\":1500,\"ipam\":{\"type\":\"$1\",\"addresses\":[{\"address\":\"198.18.40.$3/24\",\"gateway\":\"198.18.40.1\"}],\"routes\":[{\"dst\":\"0.0.0.0/0\"}]}}"
}
pmconf() { # port prevResult
  echo "{\"cniVersion\":\"1.0.0\",\"name\":\"marina-bridge\",\"type\":\"portmap\",\"snat\":true,\"runtimeConfig\":{\"portMappings\":[{\"hostPort\":$1,\"containerPort\":8080,\"protocol\":\"tcp\"}]},\"prevResult\":$2}"
}
echo 'table ip marina-sbench { map hp { type inet_service : ipv4_addr . inet_service; }; }' | nsenter --net=/run/netns/$H nft -f -
for i in $(seq 1 "$N"); do
  ns=marina-st$i
  step netns_add ip netns add $ns
  step lo_up ip -n $ns link set lo up
  step ipam_marina_alone sh -c "echo '{\"cniVersion\":\"1.0.0\",\"name\":\"x\",\"ipam\":{\"addresses\":[{\"address\":\"198.18.40.2/24\"}]}}' | CNI_COMMAND=ADD CNI_CONTAINERID=x $ROOT/bin/marina-ipam"
  step node_empty node -e 0
  step bridge_marina_ipam_masq cni ADD bridge "$(bridgeconf marina-ipam true $((10+i)))" $ns
  res=$(cat "$OUT")
  step portmap_snat cni ADD portmap "$(pmconf $((31000+i)) "$res")" $ns
  step portmap_del cni DEL portmap "$(pmconf $((31000+i)) "$res")" $ns
  step bridge_del_masq cni DEL bridge "$(bridgeconf marina-ipam true $((10+i)))" $ns
  step bridge_static_masq cni ADD bridge "$(bridgeconf static true $((10+i)))" $ns
  cni DEL bridge "$(bridgeconf static true $((10+i)))" $ns >/dev/null
  step bridge_static_nomasq cni ADD bridge "$(bridgeconf static false $((10+i)))" $ns
  step nft_element_add sh -c "echo 'add element ip marina-sbench hp { $((31000+i)) : 198.18.40.$((10+i)) . 8080 }' | nsenter --net=/run/netns/$H nft -f -"
  step process_start ip netns exec $ns unshare --uts /bin/sh -c true
  step nsenter_only nsenter --net=/run/netns/$H true
  step bridge_del_nomasq cni DEL bridge "$(bridgeconf static false $((10+i)))" $ns
  step netns_del ip netns del $ns
done
printf '| step | median ms | max ms |\n|---|---|---|\n'
for k in netns_add lo_up node_empty ipam_marina_alone bridge_marina_ipam_masq bridge_static_masq bridge_static_nomasq portmap_snat nft_element_add process_start nsenter_only portmap_del bridge_del_masq bridge_del_nomasq netns_del; do
  echo "${T[$k]}" | tr ' ' '\n' | grep . | sort -n | awk -v k=$k '{a[NR]=$1} END {printf "| %s | %.1f | %.1f |\n", k, a[int((NR+1)/2)]/1000, a[NR]/1000}'
done
