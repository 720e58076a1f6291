/**
 * One app port's backends at the edge: keep-alive agents per backend,
 * round-robin or least-connections, passive ejection after consecutive
 * connect failures (undici balanced-pool lowers weight; here: out for
 * ejectMs), and draining — a removed backend finishes its requests on its
 * connections, which are then closed. Each member has two sets of keep-alive
 * connections: raw ones for the fast path (upstream.ts) and a node:http Agent
 * for requests node:http serves (bodies, upgrades).
 */
import { Agent } from 'node:http';
import { sourceHash } from '../l4/balancer';
import type { Balance } from './routes';
import { UpstreamPool } from './upstream';

export interface PoolMember {
  ip: string;
  port: number;
  key: string;
  agent: Agent;
  upstream: UpstreamPool;
  active: number;
  failures: number;
  ejectedUntil: number;
  draining: boolean;
  /** Responses relayed. */
  requests: number;
  /** Connect failures and upstream errors. */
  errors: number;
  /** Times it was ejected. */
  ejections: number;
}

export class BackendPool {
  members: PoolMember[] = [];
  private readonly draining = new Set<PoolMember>();
  private rr = 0;

  constructor(public balance: Balance, private readonly ejectAfter = 3, private readonly ejectMs = 10_000) {}

  update(backends: Array<{ ip: string; port: number }>, balance: Balance): void {
    this.balance = balance;
    const want = new Set(backends.map((b) => `${b.ip}:${b.port}`));
    for (const m of this.members) {
      if (want.has(m.key)) continue;
      m.draining = true;
      this.draining.add(m);
      this.reap(m);
    }
    const have = new Map(this.members.filter((m) => !m.draining).map((m) => [m.key, m]));
    this.members = backends.map((b) => have.get(`${b.ip}:${b.port}`) ?? newMember(b.ip, b.port));
  }

  /** A member to send to, not in `exclude`; ejected members only when nothing else is left. */
  pick(exclude?: Set<string>, preferKey?: string, clientIp = ''): PoolMember | undefined {
    const now = Date.now();
    // The common case (nothing excluded or ejected, round-robin) without building lists.
    if (!preferKey && this.balance === 'roundrobin' && (!exclude || exclude.size === 0) && this.members.every((m) => m.ejectedUntil <= now)) {
      return this.members.length === 0 ? undefined : this.members[this.rr++ % this.members.length];
    }
    const all = exclude && exclude.size > 0 ? this.members.filter((m) => !exclude.has(m.key)) : this.members;
    const healthy = all.filter((m) => m.ejectedUntil <= now);
    const list = healthy.length > 0 ? healthy : all;
    if (list.length === 0) return undefined;
    if (preferKey) {
      const sticky = list.find((m) => m.key === preferKey);
      if (sticky) return sticky;
    }
    if (this.balance === 'leastconn') return list.reduce((a, b) => (b.active < a.active ? b : a));
    if (this.balance === 'source') return list[sourceHash(clientIp) % list.length];
    return list[this.rr++ % list.length];
  }

  begin(m: PoolMember): void {
    m.active++;
  }

  /** A request ended: relayed (true), failed, failed to connect, or the client went away (aborted: no verdict). */
  end(m: PoolMember, ok: boolean | 'connect-failed' | 'aborted'): void {
    m.active--;
    if (ok === 'aborted') return void (m.draining && this.reap(m));
    if (ok === true) m.requests++;
    else m.errors++;
    if (ok === 'connect-failed') {
      if (++m.failures >= this.ejectAfter) {
        if (m.ejectedUntil <= Date.now()) m.ejections++;
        m.ejectedUntil = Date.now() + this.ejectMs;
      }
    } else m.failures = 0;
    if (m.draining) this.reap(m);
  }

  /** Removed members still finishing requests. */
  drainingMembers(): PoolMember[] {
    return [...this.draining];
  }

  private reap(m: PoolMember): void {
    if (m.active > 0) return;
    m.agent.destroy();
    m.upstream.destroy();
    this.draining.delete(m);
  }

  close(): void {
    for (const m of [...this.members, ...this.draining]) (m.agent.destroy(), m.upstream.destroy());
    this.members = [];
  }
}

function newMember(ip: string, port: number): PoolMember {
  return { ip, port, key: `${ip}:${port}`, agent: new Agent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 64, scheduling: 'lifo' }), upstream: new UpstreamPool(ip, port, 256, 64), active: 0, failures: 0, ejectedUntil: 0, draining: false, requests: 0, errors: 0, ejections: 0 };
}
