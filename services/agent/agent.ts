/**
 * The Marina agent: registers with the allocator and keeps its lease,
 * follows the cluster feed, runs the tasks placed on this host (desired
 * 'run'), stops those marked 'stop', keeps the fabric in step with the
 * other hosts, and re-adopts its tasks after a restart (records + CNI
 * CHECK), removing netns nobody owns.
 */
import { stopPlan } from './drain';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentApi, AgentRegistration } from '../../lib/client/agent-api';
import { errorMessage, isMarinaError } from '../../lib/errors';
import { applyEvents, emptySnapshot, type ClusterFeed, type ClusterSnapshot } from '../../lib/feed/feed';
import { logger } from '../../lib/log';
import { repoRoot } from '../../lib/paths';
import { isTerminal, type Agent, type Task } from '../../lib/model/cluster';
import { HostExec } from './exec';
import { FabricSyncer } from './fabric/sync';
import { resultStore, type ResultStore } from './health/results';
import { LocalIps } from './local-ips';
import { syncHostNat } from './modes/_host-nat/host-nat';
import type { HostNatEntry } from './modes/_host-nat/render';
import type { ModeContext } from './modes/mode';
import { netnsPrefix } from './names';
import { delNetns, listNetns } from './netns/netns';
import { RecordStore } from './records';
import { pidNamespaceAvailable, TINI } from './runner/runner';
import { TaskLife, listResolvConfDirs, resolvConfDir, type TaskEnv } from './tasks';

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
  /** Used when the allocator gives no bridgeCidr. */
  bridgeCidr?: string;
  underlayIf?: string;
  killGraceMs?: number;
  /** Wait this long between a running task's stop and its SIGTERM (drain.ts). */
  drainMs?: number;
  /** hostPorts in the agent's nft table (default) or by the CNI portmap plugin. */
  hostPorts?: 'nft' | 'portmap';
  /** Each task in its own pid namespace under tini (default: when tini is installed). */
  pidNamespace?: boolean;
  keepAliveMs?: number;
  fabricRecheckMs?: number;
  /** Parallel launches (default 8). */
  launchConcurrency?: number;
}

export class MarinaAgent {
  private agent!: Agent;
  private mirror: ClusterSnapshot = emptySnapshot();
  private synced = false;
  readonly lives = new Map<string, TaskLife>();
  /** Tasks this agent ended; never relaunched. */
  private readonly done = new Set<string>();
  private readonly exec: HostExec;
  private readonly records: RecordStore;
  private readonly results: ResultStore;
  private readonly localIps = new LocalIps();
  readonly fabric: FabricSyncer;
  private keepAliveTimer?: NodeJS.Timeout;
  private natTimer?: NodeJS.Timeout;
  private natBusy = false;
  /** Host NAT re-checks applied (modes/_host-nat syncHostNat). */
  natRechecks = 0;
  private active = 0;
  private readonly queue: Array<() => void> = [];
  /** Launches running (and queued ones once started): stop() waits for them. */
  private readonly inflight = new Set<Promise<void>>();
  private readonly log = logger('agent');
  private stopped = false;
  launches = 0;
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
  }

  get id(): string {
    return this.agent.id;
  }

  get isSynced(): boolean {
    return this.synced;
  }

  private ctx(): ModeContext {
    return { exec: this.exec, cniPath: [...this.opts.cniPath, join(repoRoot(), 'bin')], mtu: this.opts.mtu, underlayIf: this.opts.underlayIf, hostPorts: this.opts.hostPorts ?? 'nft' };
  }

  private taskEnv(): TaskEnv {
    return {
      self: () => this.agent,
      api: this.opts.api,
      ctx: this.ctx(),
      records: this.records,
      results: this.results,
      localIps: this.localIps,
      dataDir: this.opts.dataDir,
      dnsServer: this.opts.dnsServer,
      killGraceMs: this.opts.killGraceMs ?? 3000,
      pidNamespace: this.pidNamespace,
      log: this.log,
      onGone: (id) => {
        this.lives.delete(id);
        this.done.add(id);
      },
    };
  }

  async start(): Promise<void> {
    await this.register();
    this.keepAliveTimer = setInterval(() => void this.keepAlive(), this.opts.keepAliveMs ?? 2000);
    await this.recover();
    this.fabric.start();
    this.natTimer = setInterval(() => void this.recheckHostNat(), this.opts.fabricRecheckMs ?? 10_000);
    await this.opts.feed.start({
      onSnapshot: (s) => {
        this.mirror = s;
        this.synced = true;
        this.changed();
      },
      onEvents: (rev, events) => {
        applyEvents(this.mirror, rev, events);
        this.changed();
      },
    });
  }

  private async register(): Promise<void> {
    this.agent = await this.opts.api.registerAgent({ ...this.opts.registration, mtu: this.opts.mtu });
    this.localIps.setCidr(this.agent.bridgeCidr ?? this.opts.bridgeCidr);
    this.log.info({ agentId: this.agent.id, bridgeCidr: this.agent.bridgeCidr }, 'registered');
  }

  private async keepAlive(): Promise<void> {
    try {
      await this.opts.api.keepAlive(this.agent.id);
    } catch (err) {
      if (isMarinaError(err, 'MARINA_ERR_LEASE_NOT_FOUND')) await this.register().catch(() => undefined);
      else this.log.warn({ err: errorMessage(err) }, 'keep-alive failed');
    }
  }

  /** Re-adopt recorded tasks whose process lives and whose wiring passes CNI CHECK; clean the rest. */
  private async recover(): Promise<void> {
    const { records, corrupt } = this.records.list();
    if (corrupt.length) this.log.warn({ corrupt }, 'skipping unreadable task records');
    for (const rec of records) {
      const life = new TaskLife(this.taskEnv(), { taskId: rec.taskId, phase: 'launching', ready: false });
      this.lives.set(rec.taskId, life);
      if (await life.adopt(rec)) {
        this.log.info({ taskId: rec.taskId }, 're-adopted task');
        continue;
      }
      if (await life.finishEnded(rec)) {
        this.log.info({ taskId: rec.taskId }, 'task ended while the agent was down; reported with its exit status');
        continue;
      }
      await life.kill(undefined, 'not adoptable after restart');
      this.done.delete(rec.taskId); // the feed decides: it will be reported lost
    }
    const prefix = netnsPrefix(this.agent.id);
    const owned = new Set([...this.lives.values()].map((l) => l.live.record?.attachment.netns));
    for (const ns of listNetns(prefix)) {
      if (owned.has(ns)) continue;
      this.log.info({ netns: ns }, 'removing orphan netns');
      await delNetns(ns);
      rmSync(resolvConfDir(ns), { recursive: true, force: true });
    }
    // resolv.conf dirs of task netns that are gone (their tasks were killed while no agent ran)
    for (const ns of listResolvConfDirs(prefix)) if (!owned.has(ns)) rmSync(resolvConfDir(ns), { recursive: true, force: true });
  }

  /**
   * The host NAT table re-checked like the fabric: rewritten with the
   * running tasks' hostPorts and subnets, so a deleted table or element
   * returns within the interval. Skipped while a task is launching or
   * stopping (its elements are in flight); the next interval catches up.
   */
  private async recheckHostNat(): Promise<void> {
    if (this.natBusy || this.stopped) return;
    const desired = (): HostNatEntry[] | undefined => {
      const lives = [...this.lives.values()];
      if (lives.some((l) => l.live.phase !== 'running')) return undefined;
      const entries: HostNatEntry[] = [];
      for (const l of lives) {
        const a = l.live.record?.attachment;
        if (!a?.ip || (!a.hostPorts?.length && !a.hostNatNets?.masqNet)) continue;
        entries.push({ ip: a.ip, portMappings: a.hostPorts ?? [], ...a.hostNatNets });
      }
      return entries;
    };
    this.natBusy = true;
    try {
      if (await syncHostNat(this.exec, desired)) this.natRechecks++;
    } catch (err) {
      this.log.error({ err: errorMessage(err) }, 'host NAT re-check failed');
    } finally {
      this.natBusy = false;
    }
  }

  private changed(): void {
    if (this.stopped) return;
    const self = this.mirror.agents.get(this.agent.id);
    if (self) {
      this.agent = self;
      if (self.bridgeCidr) this.localIps.setCidr(self.bridgeCidr);
    }
    this.fabric.update({
      self: this.agent,
      agents: [...this.mirror.agents.values()],
      networks: [...this.mirror.networks.values()],
      tasks: [...this.mirror.tasks.values()],
      mtu: this.opts.mtu,
    });
    this.reconcile();
  }

  private reconcile(): void {
    for (const task of this.mirror.tasks.values()) {
      if (task.agentId !== this.agent.id) continue;
      const life = this.lives.get(task.id);
      if (task.desired === 'stop') {
        if (life) void life.kill('TASK_KILLED', 'stopped by the allocator', undefined, stopPlan(task, this.mirror.apps.get(task.appId), { drainMs: this.opts.drainMs ?? 0, killGraceMs: this.opts.killGraceMs ?? 3000 }));
        else if (!isTerminal(task.state) && !this.done.has(task.id)) this.reportOnce(task, 'TASK_KILLED', 'stopped before launch');
        continue;
      }
      if (life) {
        const app = this.mirror.apps.get(task.appId);
        if (life.live.phase === 'running' && app) life.startChecks(task, app);
        continue;
      }
      if (isTerminal(task.state) || this.done.has(task.id)) continue;
      if (task.state === 'TASK_STAGING' || task.state === 'TASK_STARTING') this.launch(task);
      else this.reportOnce(task, 'TASK_LOST', 'the agent has no record of this task');
    }
    for (const [id, life] of this.lives) {
      if (!this.mirror.tasks.has(id)) void life.kill(undefined, 'task deleted');
    }
  }

  private reportOnce(task: Task, state: 'TASK_KILLED' | 'TASK_LOST', message: string): void {
    this.done.add(task.id);
    void this.opts.api.reportTaskStatus(this.agent.id, { taskId: task.id, state, ready: false, message }).catch(() => undefined);
  }

  private launch(task: Task): void {
    const life = new TaskLife(this.taskEnv(), { taskId: task.id, phase: 'launching', ready: false });
    this.lives.set(task.id, life);
    const go = async () => {
      if (this.stopped) {
        // queued before stop(): start nothing, let the rest of the queue drain the same way
        this.lives.delete(task.id);
        this.queue.shift()?.();
        return;
      }
      this.active++;
      try {
        const network = task.networkName ? this.mirror.networks.get(task.networkName) : undefined;
        await life.launch(task, this.mirror.apps.get(task.appId), network);
        this.launches++;
      } finally {
        this.active--;
        this.queue.shift()?.();
      }
    };
    const tracked = () => {
      const p = go().catch((err: unknown) => this.log.error({ taskId: task.id, err: errorMessage(err) }, 'launch failed'));
      this.inflight.add(p);
      void p.finally(() => this.inflight.delete(p));
    };
    if (this.active < (this.opts.launchConcurrency ?? 8)) tracked();
    else this.queue.push(tracked);
  }

  /**
   * Stop following the allocator. Tasks keep running (restart safety) unless
   * killTasks; a second stop with killTasks still kills what the first left running.
   */
  async stop(opts: { killTasks?: boolean } = {}): Promise<void> {
    const first = !this.stopped;
    this.stopped = true;
    if (first) {
      clearInterval(this.keepAliveTimer);
      clearInterval(this.natTimer);
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
    while (this.inflight.size > 0) await Promise.all([...this.inflight]);
    if (first) await this.results.close();
  }
}
