/**
 * Records from the allocator's watch stream (a ClusterFeed). Watch handlers
 * only mark what changed and schedule one flush (coalescing: a burst of
 * batches is compiled once); the flush recomputes the changed tasks' records
 * and compiles the changed names. A snapshot (first sync, or a resync after
 * compaction) builds a whole new record set and swaps it in. While the
 * allocator is unreachable the feed delivers nothing and the last good set
 * keeps being served.
 */
import { appLabels, dcosAppLabel, type LabelFunc } from '../../../../lib/naming';
import { isServing, isTerminal, type Agent, type Task } from '../../../../lib/model/cluster';
import type { ClusterEvent, ClusterFeed, ClusterSnapshot } from '../../../../lib/feed/feed';
import { logger } from '../../../../lib/log';
import { agentRRs, frameworkRRs, masterRRs, taskRRs, type DiscoveryPort, type GenSettings, type TaskRecord } from '../../records/generator';
import type { DnsState, RecordView } from '../../records/dns-state';
import { pickIps, type IpSource } from '../ip-sources';
import type { RR } from '../../records/record-table';
import type { ProgrammingLatency } from '../../../../lib/metrics/programming-latency';

export interface FeedSourceOptions {
  domain: string;
  label: LabelFunc;
  ipSources: IpSource[];
  framework: string;
  /** The allocator (Marathon API) address: the framework's and the leader's record. */
  leader?: { ip: string; port: number };
  masters: string[];
  /** Static records (the name server's own). */
  staticRRs: RR[];
  /** Called with the seconds from a task's start to its records being served. */
  onPropagation?: (seconds: number) => void;
  /** Network-programming latency: live serving changes, observed once their records are served. */
  latency?: ProgrammingLatency;
}

/** The slim record of a Marina task (undefined when DNS should not answer for it). */
export function taskRecord(task: Task, agent: Agent | undefined, o: Pick<FeedSourceOptions, 'label' | 'ipSources' | 'framework'>): TaskRecord | undefined {
  if (!isServing(task)) return undefined;
  const onVirtual = task.networkMode === 'container';
  const containerIps = onVirtual ? task.ipAddresses.filter((a) => a.networkName).map((a) => a.ipAddress) : [];
  const agentIps = agent?.ip ? [agent.ip] : [];
  const taskIps = pickIps(o.ipSources, (src) => {
    if (src === 'host') return agentIps;
    if (src === 'autoip') return containerIps.length > 0 ? containerIps : agentIps;
    return containerIps;
  });
  const discovery: DiscoveryPort[] = [];
  const hostPorts: number[] = [];
  for (const p of task.ports) {
    if (p.hostPort) hostPorts.push(p.hostPort);
    const number = onVirtual ? (p.containerPort ?? p.hostPort) : (p.hostPort ?? p.containerPort);
    if (!number) continue;
    for (const proto of p.protocol.split(',')) discovery.push({ number, protocol: proto as 'tcp' | 'udp', name: p.name });
  }
  return {
    id: task.id,
    framework: o.framework,
    names: appLabels(task.appId, o.label).all,
    dcosName: dcosAppLabel(task.appId),
    agentId: task.agentId,
    agentIp: agent?.ip,
    taskIps,
    containerIps,
    hostPorts,
    discovery,
    vips: [],
  };
}

/** VIP names exist while any live task of the app carries them, serving or not. */
function vipRecord(task: Task, framework: string): TaskRecord | undefined {
  if (isTerminal(task.state) || task.desired !== 'run') return undefined;
  const vips = task.vips.filter((v) => v.name).map((v) => ({ name: v.name!, ip: v.ip }));
  if (vips.length === 0) return undefined;
  return { id: task.id, framework, names: [], agentId: task.agentId, taskIps: [], containerIps: [], hostPorts: [], vips };
}

export class FeedSource {
  private readonly tasks = new Map<string, Task>();
  private readonly agents = new Map<string, Agent>();
  /**
   * Agents whose key vanished while tasks still name them. A lapsed lease (an
   * allocator restart, a store outage) is not a dead agent: the allocator
   * alone judges that, by marking the tasks TASK_LOST. Until then the tasks'
   * records keep the agent's last address instead of going NXDOMAIN.
   */
  private readonly departed = new Map<string, Agent>();
  private readonly byAgent = new Map<string, Set<string>>();
  private dirtyTasks = new Set<string>();
  private agentsDirty = false;
  private scheduled = false;
  private pendingRevision = 0;
  private readonly gen: GenSettings;
  private readonly log = logger('dns-feed');

  constructor(
    private readonly feed: ClusterFeed,
    private readonly state: DnsState,
    private readonly o: FeedSourceOptions,
  ) {
    this.gen = { domain: o.domain, label: o.label };
  }

  async start(): Promise<void> {
    await this.feed.start({ onSnapshot: (s) => this.onSnapshot(s), onEvents: (r, e) => this.onEvents(r, e) });
  }

  async stop(): Promise<void> {
    await this.feed.stop();
  }

  onSnapshot(snap: ClusterSnapshot): void {
    const known = new Map([...this.departed, ...this.agents]);
    this.tasks.clear();
    this.agents.clear();
    this.departed.clear();
    this.byAgent.clear();
    this.dirtyTasks.clear();
    for (const [id, a] of snap.agents) this.agents.set(id, a);
    for (const [id, t] of snap.tasks) {
      this.putTask(id, t);
      const last = known.get(t.agentId);
      if (!this.agents.has(t.agentId) && last) this.departed.set(t.agentId, last);
    }
    this.state.replace(snap.revision, (view) => {
      this.setStatic(view);
      for (const id of this.tasks.keys()) this.setTask(view, id);
    });
    this.log.info({ revision: snap.revision, tasks: this.tasks.size, agents: this.agents.size }, 'records synced from snapshot');
  }

  onEvents(revision: number, events: ClusterEvent[]): void {
    for (const ev of events) {
      if (ev.kind === 'task') {
        if (ev.op === 'put') {
          this.o.latency?.noteTask(this.tasks.get(ev.id), ev.value, revision);
          this.putTask(ev.id, ev.value);
        }
        else this.deleteTask(ev.id);
        this.dirtyTasks.add(ev.id);
      } else if (ev.kind === 'agent') {
        if (ev.op === 'put') {
          this.agents.set(ev.id, ev.value);
          this.departed.delete(ev.id);
        } else {
          const last = this.agents.get(ev.id);
          this.agents.delete(ev.id);
          if (last && (this.byAgent.get(ev.id)?.size ?? 0) > 0) this.departed.set(ev.id, last);
        }
        for (const t of this.byAgent.get(ev.id) ?? []) this.dirtyTasks.add(t);
        this.agentsDirty = true;
      }
    }
    this.pendingRevision = revision;
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Compile everything marked since the last flush. */
  flush(): void {
    this.scheduled = false;
    const dirty = this.dirtyTasks;
    const agentsDirty = this.agentsDirty;
    this.dirtyTasks = new Set();
    this.agentsDirty = false;
    this.state.update(this.pendingRevision, (view) => {
      if (agentsDirty) this.setStatic(view);
      for (const id of dirty) this.setTask(view, id);
    });
    this.o.latency?.programmed(this.pendingRevision);
    if (this.o.onPropagation) this.observe(dirty);
  }

  private observe(ids: Set<string>): void {
    const now = Date.now();
    for (const id of ids) {
      const t = this.tasks.get(id);
      if (!t?.startedAt || !isServing(t)) continue;
      const age = (now - Date.parse(t.startedAt)) / 1000;
      if (age >= 0 && age < 60) this.o.onPropagation!(age);
    }
  }

  private putTask(id: string, t: Task): void {
    const old = this.tasks.get(id);
    if (old && old.agentId !== t.agentId) this.byAgent.get(old.agentId)?.delete(id);
    this.tasks.set(id, t);
    let set = this.byAgent.get(t.agentId);
    if (!set) this.byAgent.set(t.agentId, (set = new Set()));
    set.add(id);
  }

  private deleteTask(id: string): void {
    const old = this.tasks.get(id);
    if (!old) return;
    this.tasks.delete(id);
    const rest = this.byAgent.get(old.agentId);
    rest?.delete(id);
    if (!rest?.size) this.departed.delete(old.agentId);
  }

  private setTask(view: RecordView, id: string): void {
    const t = this.tasks.get(id);
    const rec = t ? taskRecord(t, this.agents.get(t.agentId) ?? this.departed.get(t.agentId), this.o) : undefined;
    const rrs = rec ? taskRRs(rec, this.gen) : [];
    view.set(`task:${id}`, rrs, t ? { framework: this.o.framework, name: rec?.names[0] ?? '', id } : undefined);
    const vip = t ? vipRecord(t, this.o.framework) : undefined;
    view.set(`vip:${id}`, vip ? taskRRs(vip, this.gen) : []);
  }

  private setStatic(view: RecordView): void {
    view.set('agents', agentRRs([...this.agents.values()].map((a) => ({ ip: a.ip })), this.gen));
    view.set('masters', masterRRs(this.o.leader, this.o.masters, this.gen));
    view.set('framework', frameworkRRs(this.o.framework, this.o.leader?.ip, this.o.leader?.port, this.gen));
    view.set('listener', this.o.staticRRs);
  }
}
