/**
 * Policy between two tasks on one bridge (bridge mode, and a virtual
 * network's per-host bridge): such frames are bridged, not routed, so they
 * cross the IP forward hook of `inet marina-policy` only with br_netfilter's
 * `net.bridge.bridge-nf-call-iptables` / `-ip6tables` on (per network
 * namespace on recent kernels). The agent's bridge modes set them already
 * (modes/cni-mode.ts, for VIP hairpin); the policy loop sets them too on each
 * full sync while some app is isolated, so a host whose bridges predate the
 * setting (or where someone turned it off) is covered again within the
 * resync period. Why not a `bridge marina-policy` table: its hooks see frames
 * before conntrack has classified them on some kernels (ct state needs
 * nf_conntrack_bridge), and it would duplicate every set and map in a second
 * table; br_netfilter sends bridged IP through the same inet hooks once.
 */
import type { HostExec } from '../exec';
import { bridgeNetfilterSysctls } from '../modes/cni-mode';

/** Turn bridged IP through netfilter on; false when br_netfilter is not loaded (bridged task-to-task traffic is then not filtered). */
export async function ensureBridgeNetfilter(exec: HostExec): Promise<boolean> {
  const settings = bridgeNetfilterSysctls();
  if (settings.length === 0) return false;
  await exec.sysctl(settings);
  return true;
}
