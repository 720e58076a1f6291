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

export interface MesosSourceOptions extends MesosConvertOptions {
  location: string;
  domain: string;
  masters: string[];
  refreshSeconds: number;
  staticRRs: RR[];
}

/** Fill a view from a state document. */
export function loadState(view: RecordView, sj: MesosState, o: MesosSourceOptions): void {
  const gen: GenSettings = { domain: o.domain, label: o.label };
  const agentIps = new Map<string, string>();
  const agents: { ip?: string; port?: number }[] = [];
  for (const s of sj.slaves ?? []) {
    const pid = parsePid(s.pid);
    const host = pid?.host ?? s.hostname ?? '';
    agentIps.set(s.id, host);
    if (isIP(host)) agents.push({ ip: host, port: pid?.port });
  }
  view.set('agents', agentRRs(agents, gen));
  const leader = parsePid(sj.leader);
  view.set('masters', masterRRs(leader && isIP(leader.host) ? { ip: leader.host, port: leader.port } : undefined, o.masters, gen));
  view.set('listener', o.staticRRs);
  for (const f of sj.frameworks ?? []) {
    const pid = parsePid(f.pid);
    view.set(`framework:${f.name}`, frameworkRRs(f.name, pid?.host ?? f.hostname, pid?.port, gen));
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

  constructor(
    private readonly state: DnsState,
    private readonly o: MesosSourceOptions,
  ) {}

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

  /** Read once and swap the record set in; false (and the old set kept) on failure. */
  async reload(): Promise<boolean> {
    try {
      const sj = await this.fetchState();
      this.state.replace(++this.revision, (view) => loadState(view, sj, this.o));
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
