/**
 * /stats of a running lb: JSON (mode, revision, VIPs as programmed, edge
 * stats, and `services`: the page's rows) and the HTML page. Rows are built
 * per request: kernel VIPs count active connections from conntrack,
 * userspace VIPs and the built-in edge from their own counters.
 */
import type { VipBackend } from '../backends/backend';
import type { BridgeNetfilterWatch } from '../bridge-netfilter';
import type { HaproxyEdge } from '../haproxy/haproxy-edge';
import { EdgeProxy } from '../proxy/l7/edge';
import type { VipSyncer } from '../syncer';
import { conntrackCounts } from './conntrack-count';
import { renderStatsHtml } from './html';
import type { ServiceRow } from '../model/service-rows';
import { vipRows } from './vip-rows';

export interface StatsDeps {
  backend: VipBackend;
  syncer: VipSyncer;
  edge?: EdgeProxy | HaproxyEdge;
  brnf?: BridgeNetfilterWatch;
  netns?: string;
  agentId?: string;
}

export function lbStatsSource(d: StatsDeps): { stats(): Promise<unknown>; statsHtml(): Promise<string> } {
  const rows = async (): Promise<{ vips: ServiceRow[]; edge?: ServiceRow[] }> => {
    const table = d.syncer.applied;
    const kernel = d.backend.kernelNat ? await conntrackCounts(table, d.netns) : undefined;
    return { vips: vipRows(table, kernel, d.backend.memberStats?.()), edge: await d.edge?.statsRows() };
  };
  return {
    async stats() {
      const r = await rows();
      const { syncer } = d;
      const base = { mode: d.backend.name, revision: syncer.tracker.revision, lastError: syncer.lastError, bridgeNetfilter: d.brnf?.current() };
      return { ...base, vips: [...syncer.applied.values()], edge: d.edge?.stats(), services: [...r.vips, ...(r.edge ?? [])] };
    },
    async statsHtml() {
      const r = await rows();
      const off = Object.entries(d.brnf?.current() ?? {}).filter(([, v]) => v !== true).map(([k]) => k);
      const summary: Array<[string, string]> = [
        ['mode', d.backend.name],
        ['synced', d.syncer.ready ? `yes (revision ${d.syncer.tracker.revision})` : 'no'],
        ['last error', d.syncer.lastError ?? 'none'],
        ['edge', !d.edge ? 'off' : d.edge instanceof EdgeProxy ? 'built-in proxy' : 'HAProxy (counters from its stats socket)'],
      ];
      if (d.backend.kernelNat) summary.push(['bridged frames through netfilter', off.length ? `NO: set ${off.map((k) => `${k}=1`).join(', ')}` : 'yes']);
      return renderStatsHtml({ title: `marina lb${d.agentId ? ` on ${d.agentId}` : ''}`, summary, vips: r.vips, edge: r.edge });
    },
  };
}
