/**
 * The Marina agent: registers with the allocator and keeps its lease
 * (registration.ts), re-adopts its tasks after a restart (recovery.ts),
 * follows the cluster feed and runs the tasks placed on this host
 * (reconcile.ts, launch-queue.ts, tasks.ts), reports their states until
 * acknowledged (status-reporter.ts), and keeps the fabric and the host NAT
 * table in step (fabric/, host-nat/). This file wires them and shuts down.
 */
import { stopPlan } from './drain';
import { join } from 'node:path';
import type { AgentApi, AgentRegistration } from '../../lib/client/agent-api';
import { errorMessage } from '../../lib/errors';
import { applyEvents, emptySnapshot, type ClusterEvent, type ClusterFeed, type ClusterSnapshot } from '../../lib/feed/feed';
import type { Policy, PolicyHostStatus } from '../../lib/model/policy';
import { logger } from '../../lib/log';
import { repoRoot } from '../../lib/paths';
import type { AppDefinition } from '../../lib/model/app';
import type { Agent, Task } from '../../lib/model/cluster';
import { HostExec } from './exec';
import { FabricSyncer } from './fabric/sync';
import { resultStore, type ResultStore } from './health/results';
import { HostNatRecheck } from './host-nat/recheck';
import { LaunchQueue } from './launch-queue';
import type { ModeContext } from './modes/mode';
import { planReconcile, planResync, type ReconcileAction } from './reconcile';
import { RecordStore } from './records';
import { recoverTasks } from './recovery';
import { Registration } from './registration';
import { pidNamespaceAvailable, TINI } from './runner/runner';
import { StatusReporter } from './status-reporter';
import { resolvConfDir, TaskLife, type TaskEnv } from './tasks';
import { taskNetnsName } from './names';
import type { TaskPlace } from './trace/checks';

export interface AgentOptions {
  registration: AgentRegistration;
  feed: ClusterFeed;
  api: AgentApi;
  dataDir: string;
  cniPath: string[];
  mtu: number;
  /** Host netns to manage when it is not the agent's own (tests, local cluster in one process). */
  hostNetns?: string;
  dnsServer?: string;
  redis?: string;
  underlayIf?: string;
  killGraceMs?: number;
  /** Wait this long between a running task's stop and its SIGTERM (drain.ts). */
  drainMs?: number;
  /** hostPorts in the agent's nft table (default) or by the CNI portmap plugin. */
  hostPorts?: 'nft' | 'portmap';
  /** Each task in its own pid namespace under tini (default: when tini is installed). */
  pidNamespace?: boolean;
  /** Who a task runs as when its app names no `user` (default nobody). */
  defaultTaskUser?: string;
  keepAliveMs?: number;
  fabricRecheckMs?: number;
  /** Parallel launches (default 8). */
  launchConcurrency?: number;
  /** Status report retries: first delay and cap (default 200 ms, 10 s). */
  reportBackoffMs?: { min: number; max: number };
}

/** Told after the agent applied a snapshot (events undefined) or a batch of the cluster feed. */
export type ClusterListener = (state: Readonly<ClusterSnapshot>, events?: readonly ClusterEvent[]) => void;

export class MarinaAgent {
  private mirror: ClusterSnapshot = emptySnapshot();
  private synced = false;
  private readonly clusterListeners = new Set<ClusterListener>();
  private startGate: ((task: Task) => Promise<boolean>) | undefined;
  readonly lives = new Map<string, TaskLife>();
  /** Tasks this agent ended or reported; never relaunched. */
  private readonly done = new Set<string>();
  readonly exec: HostExec;
  private readonly records: RecordStore;
  private readonly results: ResultStore;
  private readonly registration: Registration;
  readonly reporter: StatusReporter;
  readonly fabric: FabricSyncer;
  readonly hostNat: HostNatRecheck;
  private readonly launchQueue: LaunchQueue;
  private readonly log = logger('agent');
  private stopped = false;
  /** Tasks get their own pid namespace: asked for (default) and tini is installed. */
  readonly pidNamespace: boolean;

  constructor(private readonly opts: AgentOptions) {
    this.pidNamespace = (opts.pidNamespace ?? true) && pidNamespaceAvailable();
    if ((opts.pidNamespace ?? true) && !this.pidNamespace) {
      this.log.warn({ init: TINI }, 'tini is not installed: tasks run without a pid namespace (apt-get install tini)');
    }
    this.exec = new HostExec(opts.hostNetns);
    this.records = new RecordStore(opts.dataDir);
    this.results = resultStore(opts.redis);
    this.fabric = new FabricSyncer(this.exec, { recheckMs: opts.fabricRecheckMs });
    this.hostNat = new HostNatRecheck(this.exec, () => [...this.lives.values()].map((l) => ({ phase: l.live.phase, attachment: l.live.record?.attachment })), this.log, { recheckMs: opts.fabricRecheckMs ?? 10_000 });
    this.registration = new Registration({
      api: opts.api,
      registration: { ...opts.registration, mtu: opts.mtu },
      keepAliveMs: opts.keepAliveMs ?? 2000,
      log: this.log,
      onReconnect: () => {
        this.reporter.retryNow();
        this.resyncStatus();
      },
    });
    this.reporter = new StatusReporter({
      api: opts.api,
      agentId: () => this.registration.agent.id,
      log: this.log,
      dir: join(opts.dataDir, 'reports'),
      minBackoffMs: opts.reportBackoffMs?.min,
      maxBackoffMs: opts.reportBackoffMs?.max,
    });
    this.launchQueue = new LaunchQueue(opts.launchConcurrency ?? 8);
  }

  get id(): string {
    return this.registration.agent.id;
  }

  private get self(): Agent {
    return this.registration.agent;
  }

  /** Where a task of this agent runs, for trace checks: its netns (undefined: the host's) and its resolv.conf; undefined until it is wired. */
  tracePlace(taskId: string): TaskPlace | undefined {
    const rec = this.lives.get(taskId)?.live.record;
    const att = rec?.attachment;
    if (!att) return undefined;
    const containers = rec.containers?.map((c) => c.name);
    return {
      ...(att.netns ? { netns: att.netns } : {}),
      resolvConf: join(resolvConfDir(taskNetnsName(this.id, taskId)), 'resolv.conf'),
      sandbox: join(this.opts.dataDir, 'sandboxes', taskNetnsName(this.id, taskId)),
      ...(containers?.length ? { containers } : {}),
    };
  }

  get isSynced(): boolean {
    return this.synced;
  }

  /**
   * The cluster as this agent's watch shows it: every app (without env), policy, agent and
   * network; its own tasks in full, other hosts' as fabric entries (ids, apps, addresses).
   * Read-only: the mirror is replaced on a resync snapshot, so read it anew each time.
   */
  get cluster(): Readonly<ClusterSnapshot> {
    return this.mirror;
  }

  /** Network policies by id, as streamed by the allocator (issue 11). */
  get policies(): ReadonlyMap<string, Policy> {
    return this.mirror.policies;
  }

  /** What a task's launch waits for between wiring and starting its process (policy enforcement). */
  setStartGate(gate: (task: Task) => Promise<boolean>): void {
    this.startGate = gate;
  }

  /** Follow the mirror (policy enforcement): called after each snapshot and batch is applied; returns unsubscribe. */
  onClusterChange(listener: ClusterListener): () => void {
    this.clusterListeners.add(listener);
    return () => this.clusterListeners.delete(listener);
  }

  /** Report this host's policy table (Agents.ReportPolicyStatus); a no-op with an api that has no such call. */
  async reportPolicyStatus(status: Omit<PolicyHostStatus, 'agentId'>): Promise<void> {
    await this.opts.api.reportPolicyStatus?.(this.id, { ...status, agentId: this.id });
  }

  private tellCluster(events?: readonly ClusterEvent[]): void {
    for (const l of this.clusterListeners) {
      try {
        l(this.mirror, events);
      } catch (err) {
        this.log.error({ err: errorMessage(err) }, 'cluster listener failed');
      }
    }
  }

  /** Tasks launched since start. */
  get launches(): number {
    return this.launchQueue.completed;
  }

  private ctx(): ModeContext {
    return { exec: this.exec, cniPath: [...this.opts.cniPath, join(repoRoot(), 'bin')], mtu: this.opts.mtu, underlayIf: this.opts.underlayIf, hostPorts: this.opts.hostPorts ?? 'nft' };
  }

  private taskEnv(): TaskEnv {
    return {
      self: () => this.self,
      reporter: this.reporter,
      ctx: this.ctx(),
      records: this.records,
      results: this.results,
      dataDir: this.opts.dataDir,
      dnsServer: this.opts.dnsServer,
      killGraceMs: this.opts.killGraceMs ?? 3000,
      pidNamespace: this.pidNamespace,
      defaultTaskUser: this.opts.defaultTaskUser ?? 'nobody',
      log: this.log,
      onGone: (id) => {
        this.lives.delete(id);
        this.done.add(id);
      },
      ...(this.startGate ? { beforeStart: this.startGate } : {}),
    };
  }

  private newLife(taskId: string): TaskLife {
    return new TaskLife(this.taskEnv(), { taskId, phase: 'launching', ready: false });
  }

  async start(): Promise<void> {
    await this.registration.start();
    // terminal reports a previous run could not deliver: their tasks are over, never relaunched
    for (const id of this.reporter.resume()) this.done.add(id);
    await recoverTasks({ agentId: this.id, records: this.records, dataDir: this.opts.dataDir, killGraceMs: this.opts.killGraceMs ?? 3000, lives: this.lives, done: this.done, newLife: (id) => this.newLife(id), log: this.log });
    this.fabric.start();
    this.hostNat.start();
    await this.opts.feed.start({
      onSnapshot: (s) => {
        this.mirror = s;
        this.synced = true;
        this.changed();
        this.resyncStatus();
        this.tellCluster();
      },
      onEvents: (rev, events) => {
        applyEvents(this.mirror, rev, events);
        // policies shape neither the fabric nor the tasks: only the listeners (enforcement) care
        if (events.some((e) => e.kind !== 'policy')) this.changed();
        this.tellCluster(events);
      },
    });
  }

  private changed(): void {
    if (this.stopped) return;
    const self = this.mirror.agents.get(this.id);
    if (self) this.registration.agent = self;
    this.fabric.update({
      self: this.self,
      agents: [...this.mirror.agents.values()],
      networks: [...this.mirror.networks.values()],
      tasks: [...this.mirror.tasks.values()],
      mtu: this.opts.mtu,
    });
    const phases = new Map([...this.lives].map(([id, l]) => [id, l.live]));
    for (const action of planReconcile({ agentId: this.id, tasks: this.mirror.tasks, apps: this.mirror.apps, lives: phases, done: this.done })) this.apply(action);
  }

  private apply(a: ReconcileAction): void {
    switch (a.kind) {
      case 'kill': {
        // a task the allocator stops drains first (drain.ts); a deleted one is just killed
        const task = a.state ? this.mirror.tasks.get(a.taskId) : undefined;
        const plan = task ? stopPlan(task, this.mirror.apps.get(task.appId), { drainMs: this.opts.drainMs ?? 0, killGraceMs: this.opts.killGraceMs ?? 3000 }) : undefined;
        void this.lives.get(a.taskId)?.kill(a.state, a.message, undefined, plan);
        return;
      }
      case 'report':
        this.done.add(a.taskId);
        this.reporter.submit({ taskId: a.taskId, state: a.state, ready: false, message: a.message });
        return;
      case 'checks':
        this.lives.get(a.task.id)?.startChecks(a.task, a.app);
        return;
      case 'launch':
        this.launch(a.task);
    }
  }

  /** After a (re)connect or snapshot: re-report what the allocator holds differently (reconcile.ts planResync). */
  private resyncStatus(): void {
    if (!this.synced || this.stopped) return;
    const lives = new Map([...this.lives].map(([id, l]) => [id, { lastReport: l.live.lastReport, currentReport: (app: AppDefinition | undefined) => l.currentReport(app) }]));
    for (const r of planResync({ tasks: this.mirror.tasks, apps: this.mirror.apps, lives, pending: (id) => this.reporter.has(id) })) this.reporter.submit(r);
  }

  private launch(task: Task): void {
    const life = this.newLife(task.id);
    this.lives.set(task.id, life);
    this.launchQueue.add(
      () => {
        const network = task.networkName ? this.mirror.networks.get(task.networkName) : undefined;
        return life.launch(task, this.mirror.apps.get(task.appId), network);
      },
      // queued before stop(): start nothing
      () => this.lives.delete(task.id),
      (err) => this.log.error({ taskId: task.id, err: errorMessage(err) }, 'launch failed'),
    );
  }

  /**
   * Stop following the allocator. Tasks keep running (restart safety) unless
   * killTasks; a second stop with killTasks still kills what the first left running.
   */
  async stop(opts: { killTasks?: boolean } = {}): Promise<void> {
    const first = !this.stopped;
    this.stopped = true;
    if (first) {
      this.registration.stop();
      this.launchQueue.stop();
      await this.hostNat.stop();
      await this.opts.feed.stop();
      this.fabric.stop();
      await this.fabric.settled();
    }
    for (const life of this.lives.values()) {
      if (opts.killTasks) await life.kill(undefined, 'agent shutdown');
      else {
        life.live.phase = 'detached'; // this instance no longer reacts to the process (a later stop with killTasks still kills it)
        life.live.checker?.stop();
        life.live.cancelWatch?.();
      }
    }
    // A launch in flight sees its task stopping and undoes its wiring without starting it:
    // wait for those, so nothing is left half-done or started once stop() resolves.
    await this.launchQueue.drained();
    if (first) {
      this.reporter.stop(); // unacknowledged terminal reports wait on disk for the next start
      await this.results.close();
    }
  }
}
