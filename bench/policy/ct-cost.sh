#!/bin/bash
# A/B of what one ruleset piece costs per new connection (bench/policy/README.md, "lb-table cases").
# Run as root: ROUNDS=3 SECS=3 VARIANTS="fwd0 fwdct pre prevmap lb lbfull" bash bench/policy/ct-cost.sh
# Each variant is loaded on top of empty NAT chains ("nat"), or of an lb-like table (variants lb*); netns marina-x{c,r,s}, removed at exit.
set -e
C=marina-xc R=marina-xr S=marina-xs
cleanup(){ pkill -f marina-xhap.cfg || true; for n in $C $R $S; do ip netns del $n 2>/dev/null || true; done; }
trap cleanup EXIT
for n in $C $R $S; do ip netns add $n; ip -n $n link set lo up; done
ip -n $C link add eth0 type veth peer name marinaxc netns $R
ip -n $S link add eth0 type veth peer name marinaxs netns $R
ip -n $C addr add 198.18.2.1/24 dev eth0; ip -n $S addr add 198.18.3.11/24 dev eth0
ip -n $R addr add 198.18.2.254/24 dev marinaxc; ip -n $R addr add 198.18.3.254/24 dev marinaxs
for x in "$C eth0" "$S eth0" "$R marinaxc" "$R marinaxs"; do set -- $x; ip -n $1 link set $2 up; done
ip -n $C route add default via 198.18.2.254; ip -n $S route add default via 198.18.3.254
ip netns exec $R sysctl -qw net.ipv4.ip_forward=1
printf 'global\n  nbthread 1\ndefaults\n  mode http\n  timeout client 30s\n  timeout server 30s\n  timeout connect 5s\nfrontend f\n  bind 0.0.0.0:8080\n  http-request return status 200 content-type text/plain string ok\n' > /tmp/marina-xhap.cfg
ip netns exec $S haproxy -f /tmp/marina-xhap.cfg & sleep 0.5
NAT='table ip xnat { chain pre { type nat hook prerouting priority dstnat; policy accept; }
 chain post { type nat hook postrouting priority srcnat; policy accept; }
}'
FWD='table inet xpol { map in4 { type ipv4_addr : verdict; }
 chain db { counter accept; }
 chain forward { type filter hook forward priority filter; policy accept; ct state established,related accept; ip daddr vmap @in4; }
}
add element inet xpol in4 { 198.18.3.11 : goto db }'
PRE='table inet xpol { map in4 { type ipv4_addr : verdict; }
 chain db { counter accept; }
 chain pre { type nat hook prerouting priority dstnat + 10; policy accept; ct state established,related accept; ip daddr vmap @in4; }
}
add element inet xpol in4 { 198.18.3.11 : goto db }'

declare -A V
V[fwd0]='table inet xpol { chain forward { type filter hook forward priority filter; policy accept; }
}'
V[fwdct]='table inet xpol { chain forward { type filter hook forward priority filter; policy accept; ct state established,related accept; }
}'
V[ipfwd0]='table ip xpol { chain forward { type filter hook forward priority filter; policy accept; }
}'
V[pre0]='table inet xpol { chain pre { type nat hook prerouting priority dstnat + 10; policy accept; }
}'
V[ippre0]='table ip xpol { chain pre { type nat hook prerouting priority dstnat + 10; policy accept; }
}'
V[natrule]='table ip xpol { chain pre { type nat hook prerouting priority dstnat + 10; policy accept; ip daddr 198.18.3.11 counter accept; }
}'
V[ipfwdct]='table ip xpol { chain forward { type filter hook forward priority filter; policy accept; ct state established,related accept; }
}'
V[fwdctmark]='table inet xpol { chain forward { type filter hook forward priority filter; policy accept; ct mark 7 accept; }
}'
V[inetnatrule]='table inet xpol { chain pre { type nat hook prerouting priority dstnat + 10; policy accept; ip daddr 198.18.3.11 counter accept; }
}'
V[fwdctnew]='table inet xpol { chain forward { type filter hook forward priority filter; policy accept; ct state new counter; }
}'
V[pre]="$PRE"
V[prevmap]='table inet xpol { map in4 { type ipv4_addr : verdict; }
 chain db { counter accept; }
 chain pre { type nat hook prerouting priority dstnat + 10; policy accept; ip daddr vmap @in4; }
}
add element inet xpol in4 { 198.18.3.11 : goto db }'
V[prect]='table inet xpol { chain pre { type nat hook prerouting priority dstnat + 10; policy accept; ct state established,related accept; }
}'
LB='table ip xnat { set hairpin4 { type ipv4_addr . ipv4_addr; }
 chain pre { type nat hook prerouting priority dstnat; policy accept; }
 chain post { type nat hook postrouting priority srcnat; policy accept; ct status dnat ip saddr . ip daddr @hairpin4 masquerade; }
 chain noep { }
 chain ffwd { type filter hook forward priority -110; policy accept; ct state new jump noep; }
}'
V[lbfwdct]="${V[fwdct]}"
V[lbfull]="$FWD"
V[lbpre]="$PRE"
run(){ ip netns exec $C wrk -t1 -c16 -d${SECS:-3}s -H 'Connection: close' http://198.18.3.11:8080/ | awk '/Requests\/sec/{print $2}'; }
for r in $(seq ${ROUNDS:-3}); do
 for v in nat ${VARIANTS:-fwd0 fwdct ipfwd0 pre0 ippre0 natrule}; do
  ip netns exec $R nft flush ruleset
  case $v in lb*) ip netns exec $R nft -f - <<<"$LB";; *) ip netns exec $R nft -f - <<<"$NAT";; esac
  [ $v = lb ] && { echo "$v $(run)"; continue; }
  [ $v != nat ] && ip netns exec $R nft -f - <<<"${V[$v]}"
  echo "$v $(run)"
 done
done
