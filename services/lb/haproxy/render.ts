/**
 * Pure renderer of haproxy.cfg from the edge routes (the same model as the
 * built-in edge). Each backend has a fixed number of server slots; backend
 * changes fill or empty slots through the runtime API (runtime.ts) with no
 * reload. The config's "shape" — frontends, ACLs, backend names, modes,
 * balance, sticky, slot counts — decides when a reload is needed.
 */
import { createHash } from 'node:crypto';
import type { EdgeRoute } from '../proxy/l7/routes';

export interface HaproxyRenderOptions {
  address: string;
  httpPort: number;
  /** Directory of the admin socket and pid file. */
  runDir: string;
  /** Minimum slots per backend (grown to a power of two ≥ 2 × backends). */
  minSlots: number;
}

export function backendName(r: EdgeRoute): string {
  return `marina_${r.appId.replace(/[^A-Za-z0-9]/g, '_').replace(/^_+/, '')}_${r.portIndex}`;
}

export function slotsFor(r: EdgeRoute, min: number): number {
  let n = Math.max(min, 1);
  while (n < r.backends.length * 2) n *= 2;
  return n;
}

/** What forces a reload when it changes (everything but server addresses). */
export function shapeOf(routes: EdgeRoute[], opts: HaproxyRenderOptions, slots: Map<string, number>): string {
  const shape = routes.map((r) => [backendName(r), r.mode, r.servicePort, r.vhosts, r.path, r.balance, r.sticky, r.redirectToHttps, slots.get(backendName(r))]);
  return createHash('sha256').update(JSON.stringify([shape, opts.address, opts.httpPort])).digest('hex');
}

function backendBlock(r: EdgeRoute, slots: number): string[] {
  const name = backendName(r);
  const out = [`backend ${name}`, `  mode ${r.mode}`, `  balance ${r.balance}`];
  if (r.mode === 'http') out.push('  option forwardfor', '  http-request set-header X-Forwarded-Proto http', '  http-request set-header X-Forwarded-Host %[req.hdr(host)]', '  http-reuse safe');
  if (r.mode === 'http' && r.redirectToHttps) out.push('  http-request redirect scheme https code 301 unless { ssl_fc }');
  if (r.mode === 'http' && r.sticky) out.push('  cookie MARINA_BACKEND insert indirect nocache');
  for (let i = 0; i < slots; i++) {
    const b = r.backends[i];
    const cookie = r.mode === 'http' && r.sticky ? ` cookie s${i + 1}` : '';
    out.push(b ? `  server s${i + 1} ${b.ip}:${b.port}${cookie}` : `  server s${i + 1} 127.0.0.1:1${cookie} disabled`);
  }
  return out;
}

/**
 * During a reload the old worker would close idle keep-alive client
 * connections at once, racing a request the client is sending on one (a
 * read error at the client). With this option (HAProxy 2.6+) it keeps them
 * until their next response and closes them with `Connection: close`.
 */
const IDLE_CLOSE_ON_RESPONSE = '  option idle-close-on-response';

/** The whole config. Slot counts come from `slots` (kept across updates) or are sized here. */
export function renderConfig(routes: EdgeRoute[], opts: HaproxyRenderOptions, slots: Map<string, number>): string {
  const out = [
    '# Rendered by marina lb --haproxy; do not edit.',
    'global',
    `  stats socket ${opts.runDir}/admin.sock mode 600 level admin expose-fd listeners`,
    `  pidfile ${opts.runDir}/haproxy.pid`,
    '  nbthread 1',
    'defaults',
    '  timeout connect 5s',
    '  timeout client 60s',
    '  timeout server 60s',
    '  timeout tunnel 1h',
    '  option redispatch',
    '  retries 3',
  ];
  const vhostRoutes = routes.filter((r) => r.vhosts.length > 0).sort((a, b) => (b.path?.length ?? 0) - (a.path?.length ?? 0));
  if (vhostRoutes.length > 0) {
    out.push('frontend marina_vhosts', `  bind ${opts.address}:${opts.httpPort}`, '  mode http', IDLE_CLOSE_ON_RESPONSE);
    for (const r of vhostRoutes) {
      const hosts = r.vhosts.join(' ');
      const path = r.path ? ` { path_beg ${r.path} }` : '';
      out.push(`  use_backend ${backendName(r)} if { hdr(host),field(1,:) -i ${hosts} }${path}`);
    }
  }
  for (const r of routes) {
    if (!r.servicePort) continue;
    out.push(`frontend marina_sp_${r.servicePort}`, `  bind ${opts.address}:${r.servicePort}`, `  mode ${r.mode}`, `  default_backend ${backendName(r)}`);
    if (r.mode === 'http') out.push(IDLE_CLOSE_ON_RESPONSE);
  }
  for (const r of routes) {
    const n = slots.get(backendName(r)) ?? slotsFor(r, opts.minSlots);
    slots.set(backendName(r), n);
    out.push(...backendBlock(r, n));
  }
  return out.join('\n') + '\n';
}

/** Runtime API commands moving `backends` into the backend's slots (no reload). */
export function slotCommands(r: EdgeRoute, slots: number): string[] {
  const name = backendName(r);
  const cmds: string[] = [];
  for (let i = 0; i < slots; i++) {
    const b = r.backends[i];
    if (b) cmds.push(`set server ${name}/s${i + 1} addr ${b.ip} port ${b.port}`, `set server ${name}/s${i + 1} state ready`);
    else cmds.push(`set server ${name}/s${i + 1} state maint`);
  }
  return cmds;
}
