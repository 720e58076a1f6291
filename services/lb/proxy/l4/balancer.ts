/**
 * Backend choice for the userspace proxies: random among ready backends
 * (the kernel backends' semantics), with optional client-IP affinity that
 * expires after the app's timeout.
 */
import type { Backend } from '../../model/vip-table';

export class L4Balancer {
  private backends: Backend[] = [];
  private readonly affinity = new Map<string, { backend: string; until: number }>();

  constructor(private affinitySeconds: number | undefined, private readonly now: () => number = Date.now) {}

  update(backends: Backend[], affinitySeconds: number | undefined): void {
    this.backends = backends;
    this.affinitySeconds = affinitySeconds;
    const live = new Set(backends.map(id));
    for (const [client, a] of this.affinity) if (!live.has(a.backend)) this.affinity.delete(client);
  }

  get size(): number {
    return this.backends.length;
  }

  /** A backend for this client, avoiding `exclude` (ones that just failed); undefined when none. */
  pick(clientIp: string, exclude: Set<string> = new Set()): Backend | undefined {
    const candidates = this.backends.filter((b) => !exclude.has(id(b)));
    if (candidates.length === 0) return undefined;
    if (this.affinitySeconds) {
      const a = this.affinity.get(clientIp);
      const hit = a && a.until > this.now() ? candidates.find((b) => id(b) === a.backend) : undefined;
      const chosen = hit ?? candidates[Math.floor(Math.random() * candidates.length)];
      this.affinity.set(clientIp, { backend: id(chosen), until: this.now() + this.affinitySeconds * 1000 });
      return chosen;
    }
    return candidates[Math.floor(Math.random() * candidates.length)];
  }

  has(b: { ip: string; port: number }): boolean {
    return this.backends.some((x) => x.ip === b.ip && x.port === b.port);
  }
}

export function id(b: { ip: string; port: number }): string {
  return `${b.ip}:${b.port}`;
}
