/**
 * Backend choice for the userspace proxies. Policies: `random` among ready
 * backends (the kernel backends' semantics, the default for VIPs), or the
 * edge's HAPROXY_{n}_BALANCE for tcp service ports: `roundrobin`,
 * `leastconn` (fewest active connections), `source` (hash of the client IP
 * over the backends, so a client keeps its backend while the set is
 * unchanged, as HAProxy's `balance source`). Optional client-IP affinity
 * expiring after the app's timeout. Per-backend counters for /stats.
 */
import { createHash } from 'node:crypto';
import type { Backend } from '../../model/vip-table';

export type L4Policy = 'random' | 'roundrobin' | 'leastconn' | 'source';

export interface L4BackendStats {
  /** Open connections (TCP) or sessions (UDP). */
  active: number;
  /** Connections made (TCP) or sessions started (UDP) since the backend appeared. */
  total: number;
  /** Failed connects. */
  errors: number;
}

export class L4Balancer {
  private backends: Backend[] = [];
  private readonly affinity = new Map<string, { backend: string; until: number }>();
  private rr = 0;
  /** Counters by `ip:port`, kept while the backend is in the set or has open connections. */
  readonly stats = new Map<string, L4BackendStats>();

  constructor(private affinitySeconds: number | undefined, private readonly now: () => number = Date.now, public policy: L4Policy = 'random') {}

  update(backends: Backend[], affinitySeconds: number | undefined, policy: L4Policy = this.policy): void {
    this.backends = backends;
    this.affinitySeconds = affinitySeconds;
    this.policy = policy;
    const live = new Set(backends.map(id));
    for (const [client, a] of this.affinity) if (!live.has(a.backend)) this.affinity.delete(client);
    for (const b of backends) if (!this.stats.has(id(b))) this.stats.set(id(b), { active: 0, total: 0, errors: 0 });
    for (const [k, s] of this.stats) if (!live.has(k) && s.active === 0) this.stats.delete(k);
  }

  get size(): number {
    return this.backends.length;
  }

  /** The backends with their counters, in table order. */
  members(): Array<Backend & L4BackendStats> {
    return this.backends.map((b) => ({ ...b, ...(this.stats.get(id(b)) ?? { active: 0, total: 0, errors: 0 }) }));
  }

  /** A backend for this client, avoiding `exclude` (ones that just failed); undefined when none. */
  pick(clientIp: string, exclude: Set<string> = new Set()): Backend | undefined {
    const candidates = this.backends.filter((b) => !exclude.has(id(b)));
    if (candidates.length === 0) return undefined;
    if (this.affinitySeconds) {
      const a = this.affinity.get(clientIp);
      const hit = a && a.until > this.now() ? candidates.find((b) => id(b) === a.backend) : undefined;
      const chosen = hit ?? this.choose(candidates, clientIp);
      this.affinity.set(clientIp, { backend: id(chosen), until: this.now() + this.affinitySeconds * 1000 });
      return chosen;
    }
    return this.choose(candidates, clientIp);
  }

  private choose(candidates: Backend[], clientIp: string): Backend {
    switch (this.policy) {
      case 'roundrobin':
        return candidates[this.rr++ % candidates.length];
      case 'leastconn':
        return candidates.reduce((a, b) => ((this.stats.get(id(b))?.active ?? 0) < (this.stats.get(id(a))?.active ?? 0) ? b : a));
      case 'source':
        return candidates[sourceHash(clientIp) % candidates.length];
      default:
        return candidates[Math.floor(Math.random() * candidates.length)];
    }
  }

  /** A connection to b is being made (counted as active from the pick on, so leastconn sees dials in flight). */
  begin(b: Backend): void {
    this.stat(b).active++;
  }

  /** The connection begun to b is established. */
  connected(b: Backend): void {
    this.stat(b).total++;
  }

  /** The connection begun to b ended (closed, or failed to connect). */
  closed(b: Backend, failed = false): void {
    const s = this.stat(b);
    s.active = Math.max(0, s.active - 1);
    if (failed) s.errors++;
    if (s.active === 0 && !this.has(b)) this.stats.delete(id(b));
  }

  private stat(b: Backend): L4BackendStats {
    let s = this.stats.get(id(b));
    if (!s) this.stats.set(id(b), (s = { active: 0, total: 0, errors: 0 }));
    return s;
  }

  has(b: { ip: string; port: number }): boolean {
    return this.backends.some((x) => x.ip === b.ip && x.port === b.port);
  }
}

export function id(b: { ip: string; port: number }): string {
  return `${b.ip}:${b.port}`;
}

/** A stable 32-bit hash of a client address. */
export function sourceHash(ip: string): number {
  return createHash('sha1').update(ip).digest().readUInt32BE(0);
}
