/**
 * Host names in /state turned into addresses, as Mesos-DNS's hostToIPs (records/generator.go):
 * an agent's or a framework's host that is not an IP literal (a v1 HTTP framework has only a
 * `hostname`) is looked up with the system resolver, keeping the first IPv4 and the first IPv6.
 * Bounded: a few lookups at a time, each within `timeoutMs`, all within `budgetMs` per read; a
 * name whose lookup fails or is not reached keeps the addresses it had at the previous read, so
 * a slow resolver does not make records flap.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { firstPerFamily, type MesosState } from './mesos-state';
import { parsePid } from './pid';

export type HostLookup = (host: string) => Promise<string[]>;

/** The system resolver (getaddrinfo, as Go's net.LookupIP with cgo). */
export const systemLookup: HostLookup = async (host) => (await lookup(host, { all: true })).map((a) => a.address);

export interface LookupLimits {
  concurrency: number;
  timeoutMs: number;
  budgetMs: number;
}

export const DEFAULT_LOOKUP_LIMITS: LookupLimits = { concurrency: 16, timeoutMs: 2000, budgetMs: 10_000 };

/** Where an agent or a framework is: its PID's host and port, else its `hostname` (no port). */
export function hostOf(x: { pid?: string; hostname?: string }): { host?: string; port?: number } {
  return parsePid(x.pid) ?? { host: x.hostname };
}

/** Host names (not IP literals) that loadState needs addresses for. */
export function namesToResolve(sj: MesosState): string[] {
  const hosts = [...(sj.slaves ?? []), ...(sj.frameworks ?? [])].map((x) => hostOf(x).host);
  return [...new Set(hosts.filter((h): h is string => !!h && !isIP(h)))];
}

/** Resolves host names once per read, remembering the last answer of each name still in use. */
export class HostResolver {
  private last = new Map<string, string[]>();

  constructor(
    private readonly lookupHost: HostLookup = systemLookup,
    private readonly limits: LookupLimits = DEFAULT_LOOKUP_LIMITS,
  ) {}

  async resolve(names: string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    const deadline = Date.now() + this.limits.budgetMs;
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < names.length && Date.now() < deadline) {
        const name = names[next++]!;
        const ips = await this.once(name);
        if (ips.length > 0) out.set(name, ips);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.limits.concurrency, names.length) }, worker));
    for (const name of names) if (!out.has(name) && this.last.has(name)) out.set(name, this.last.get(name)!);
    this.last = out;
    return out;
  }

  private async once(name: string): Promise<string[]> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<string[]>((resolve) => (timer = setTimeout(() => resolve([]), this.limits.timeoutMs)));
    try {
      return firstPerFamily(await Promise.race([this.lookupHost(name).catch(() => []), timeout]));
    } finally {
      clearTimeout(timer);
    }
  }
}
