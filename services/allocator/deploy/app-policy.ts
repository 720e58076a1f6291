/**
 * What a valid app may still not ask of this cluster, checked against the
 * allocator's settings before anything is planned or written: the limits
 * (lib/validation/limits.ts), fixed VIPs outside the VIP ranges (a VIP on
 * 127.0.0.1:8080 or 0.0.0.0 would DNAT the host's own traffic) and fixed
 * service ports outside the service-port range (the edge binds them on the
 * host). Every violation is a 422 naming the field.
 */
import type { AppDefinition } from '../../../lib/model/app';
import { parseVipLabel } from '../../../lib/naming';
import { contains, formatCidr } from '../../../lib/net/ipv4';
import { formatCidr6, ip6ToBig } from '../../../lib/net/ipv6';
import { Issues, at } from '../../../lib/validation/issues';
import { enforceAppLimits, checkInstances } from '../../../lib/validation/limits';
import type { AllocatorContext } from '../context';
import { appPorts, netModeOf, vipLabelsOf } from '../alloc/app-ports';
import { DEFAULT_AGENT_PORT_RANGES } from '../alloc/ports';

function inVipRanges(ip: string, ranges: AllocatorContext['settings']['vipRanges']): boolean {
  if (!ip.includes(':')) return ranges.v4.some((r) => contains(r, ip));
  const n = ip6ToBig(ip);
  return ranges.v6.some((r) => n >= r.base && n < r.base + r.size);
}

function rangesText(ctx: AllocatorContext): string {
  return [...ctx.settings.vipRanges.v4.map(formatCidr), ...ctx.settings.vipRanges.v6.map(formatCidr6)].join(', ');
}

/** The host port ranges of the live agents (the default range when none is registered). */
function agentPortRanges(ctx: AllocatorContext): Array<{ begin: number; end: number }> {
  const agents = [...ctx.view.agents.values()];
  return agents.length > 0 ? agents.flatMap((a) => (a.portRanges?.length ? a.portRanges : DEFAULT_AGENT_PORT_RANGES)) : DEFAULT_AGENT_PORT_RANGES;
}

/** A requirePorts port is also a host port: it may lie in an agent's port range instead. */
function hostPortRangeHolds(ctx: AllocatorContext, port: number): boolean {
  return agentPortRanges(ctx).some((r) => port >= r.begin && port <= r.end);
}

function checkVipsAndServicePorts(ctx: AllocatorContext, app: AppDefinition, issues: Issues): void {
  const { begin, end } = ctx.settings.servicePortRange;
  const requirePorts = app.requirePorts && netModeOf(app).mode === 'host';
  for (const port of appPorts(app)) {
    for (const { key, label } of vipLabelsOf(port)) {
      const vip = parseVipLabel(label, at(at(port.path, 'labels'), key));
      if (vip.name === undefined && !inVipRanges(vip.ip, ctx.settings.vipRanges)) {
        issues.add(at(at(port.path, 'labels'), key), `VIP address ${vip.ip} is outside the VIP ranges (${rangesText(ctx)}, --vip-range)`);
      }
    }
    const sp = port.servicePort;
    if (sp > 0 && (sp < begin || sp > end) && !(requirePorts && hostPortRangeHolds(ctx, sp))) {
      const field = netModeOf(app).mode === 'host' ? 'port' : 'servicePort';
      // with requirePorts the port is a host port too: say both ranges it could have been in
      const hostRanges = requirePorts ? ` and every agent's port range (${[...new Set(agentPortRanges(ctx).map((r) => `${r.begin}-${r.end}`))].join(', ')})` : '';
      issues.add(at(port.path, field), `service port ${sp} is outside the service-port range ${begin}-${end} (--service-port-range)${hostRanges}`);
    }
  }
}

/** 422 unless `app` fits this cluster's limits, VIP ranges and service-port range; `current` = its instances now. */
export function checkAppPolicy(ctx: AllocatorContext, app: AppDefinition, current = 0): void {
  enforceAppLimits(app, ctx.settings.limits, current);
  const issues = new Issues();
  checkVipsAndServicePorts(ctx, app, issues);
  issues.throwIfAny();
}

/** 422 unless a scale to `instances` (from `current`) fits the instance limits. */
export function checkScale(ctx: AllocatorContext, instances: number, current: number): void {
  const issues = new Issues();
  checkInstances(issues, instances, current, ctx.settings.limits);
  issues.throwIfAny();
}
