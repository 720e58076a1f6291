#!/usr/bin/env bash
# Installs what Marina needs on a Debian machine (run as root), idempotently:
# the Debian packages (only the missing ones) and the npm dependencies
# (npm ci when node_modules is missing or older than package-lock.json),
# then builds dist/.  `--bench` adds the benchmark peers (unbound, nginx).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  etcd-server etcd-client redis-server
  iproute2 iptables nftables conntrack socat containernetworking-plugins
  dnsutils dnsmasq-base dnsperf wrk haproxy curl procps util-linux kmod tini openssl
  python3-grpcio python3-grpc-tools
  chromium # the map's tests drive it headless (test/helpers/cdp.ts)
)
[ "${1:-}" = "--bench" ] && packages+=(unbound nginx-light hyperfine)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  # Package scripts must not start system copies of etcd/redis: Marina and
  # its tests start their own on loopback.
  DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -x node_modules/.bin/node ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi

export PATH="$PWD/node_modules/.bin:$PATH"
echo "setup: building dist/ ($(node --version))"
# dist/ holds production code only (tsconfig.build.json): no tests, no testing/
# folders, no test/ or bench/ (they run from the sources; test/README.md).
tsc -p tsconfig.build.json
# Drop what older builds emitted there.
rm -rf dist/test dist/bench
find dist \( -name testing -type d -o -name '*.test.js' -o -name '*.test.js.map' \) -prune -exec rm -rf {} +
