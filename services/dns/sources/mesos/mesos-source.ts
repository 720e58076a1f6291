/**
 * The Mesos source: read a Mesos master's /state from a URL (polled every
 * refresh-seconds, as Mesos-DNS does) or a file (re-read when it changes),
 * and swap the whole record set in on every good read. A failed read keeps
 * the last good set ("keeping old DNS state").
 */
import { readFile } from 'node:fs/promises';
import { watch, type FSWatcher } from 'node:fs';
import { isIP } from 'node:net';
import { errorMessage, MarinaError } from '../../../../lib/errors';
import { logger } from '../../../../lib/log';
import { agentRRs, frameworkRRs, masterRRs, taskRRs, type GenSettings } from '../../records/generator';
import type { DnsState, RecordView } from '../../records/dns-state';
import type { RR } from '../../records/record-table';
import { mesosTaskRecord, validateState, type MesosConvertOptions, type MesosState } from './mesos-state';
import { parsePid } from './pid';
import { hostOf, HostResolver, namesToResolve, type HostLookup } from './host-lookup';

export interface MesosSourceOptions extends MesosConvertOptions {
  location: string;
  domain: string;
  masters: string[];
  refreshSeconds: number;
  staticRRs: RR[];
  /** Resolver of agents' and frameworks' host names (default: the system's). */
  lookup?: HostLookup;
}

/** Addresses of a host: itself when an IP literal, else what its name resolved to. */
function addressesOf(host: string | undefined, resolved: Map<string, string[]>): string[] {
  if (!host) return [];
  return isIP(host) ? [host] : (resolved.get(host) ?? []);
}

/** Fill a view from a state document; `resolved` holds the addresses of the host names in it. */
export function loadState(view: RecordView, sj: MesosState, o: MesosSourceOptions, resolved = new Map<string, string[]>()): void {
  const gen: GenSettings = { domain: o.domain, label: o.label };
  const agentIps = new Map<string, string>();
  const agents: { ip?: string; port?: number }[] = [];
  for (const s of sj.slaves ?? []) {
    const { host, port } = hostOf(s);
    const ips = addressesOf(host, resolved);
    // A task's `.slave` names and `host` IP source: the agent's first address, else its unresolved name (no record).
    agentIps.set(s.id, ips[0] ?? host ?? '');
    for (const ip of ips) agents.push({ ip, port });
  }
  view.set('agents', agentRRs(agents, gen));
  const leader = parsePid(sj.leader);
  view.set('masters', masterRRs(leader && isIP(leader.host) ? { ip: leader.host, port: leader.port } : undefined, o.masters, gen));
  view.set('listener', o.staticRRs);
  for (const f of sj.frameworks ?? []) {
    const { host, port } = hostOf(f);
    view.set(`framework:${f.name}`, addressesOf(host, resolved).flatMap((ip) => frameworkRRs(f.name, ip, port, gen)));
    for (const t of f.tasks ?? []) {
      const rec = mesosTaskRecord(t, f.name, agentIps, o);
      if (rec) view.set(`task:${t.id}`, taskRRs(rec, gen), { framework: f.name, name: t.name, id: t.id });
    }
  }
}

export class MesosSource {
  private timer?: NodeJS.Timeout;
  private watcher?: FSWatcher;
  private revision = 0;
  private readonly log = logger('dns-mesos');
  private readonly resolver: HostResolver;
  private reading?: Promise<boolean>;
  private again?: Promise<boolean>;

  constructor(
    private readonly state: DnsState,
    private readonly o: MesosSourceOptions,
  ) {
    this.resolver = new HostResolver(o.lookup);
  }

  private get isUrl(): boolean {
    return /^https?:\/\//.test(this.o.location);
  }

  async fetchState(): Promise<MesosState> {
    const text = this.isUrl
      ? await fetch(this.o.location, { signal: AbortSignal.timeout(10_000), headers: { 'User-Agent': 'Marina-DNS' } }).then(async (r) => {
          if (!r.ok) throw new Error(`HTTP ${r.status}`);
          return r.text();
        })
      : await readFile(this.o.location, 'utf8');
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (err) {
      throw new MarinaError('MARINA_ERR_INVALID', `invalid Mesos state from ${this.o.location}: ${errorMessage(err)}`);
    }
    return validateState(doc);
  }

  /**
   * Read once and swap the record set in; false (and the old set kept) on failure. Reads never
   * overlap (a slow master or resolver would otherwise stack them up): a call during a read
   * waits for it and then reads once more, however many calls came in meanwhile.
   */
  reload(): Promise<boolean> {
    if (this.reading) return (this.again ??= this.reading.then(() => ((this.again = undefined), this.reload())));
    this.reading = this.readOnce().finally(() => (this.reading = undefined));
    return this.reading;
  }

  private async readOnce(): Promise<boolean> {
    try {
      const sj = await this.fetchState();
      const resolved = await this.resolver.resolve(namesToResolve(sj));
      this.state.replace(++this.revision, (view) => loadState(view, sj, this.o, resolved));
      return true;
    } catch (err) {
      this.log.warn({ err: errorMessage(err), location: this.o.location }, 'failed to load Mesos state; keeping the last good records');
      return false;
    }
  }

  async start(): Promise<void> {
    await this.reload();
    this.timer = setInterval(() => void this.reload(), this.o.refreshSeconds * 1000);
    this.timer.unref();
    if (!this.isUrl) {
      try {
        let pending: NodeJS.Timeout | undefined;
        this.watcher = watch(this.o.location, () => {
          clearTimeout(pending);
          pending = setTimeout(() => void this.reload(), 20);
        });
      } catch {
        // polling still covers it
      }
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.watcher?.close();
  }
}
